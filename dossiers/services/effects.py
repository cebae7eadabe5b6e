"""What each transition changes on the dossier besides the status (named in
dossiers.workflow).

Effects run inside the transition's transaction on the locked dossier: they change it
in memory (saved once at the end) and write step and pause rows. What other apps do
about a transition (statistics, notifications) and the rendering of its form are
subscribers of dossiers.events; the table's names for them (`notify_*`, `form_0N`)
travel with the published event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Agency, Role, User
from accounts.permissions import has_role
from core.calendar import WorkingCalendar
from core.exceptions import TransitionNotAllowed
from dossiers import routing
from dossiers.deadlines import (
    apology_in_time,
    appointment_for,
    shift_deadline,
    step_outcome,
)
from dossiers.models import ClockPause, Dossier, DossierEvent, DossierStep
from dossiers.services.codes import next_code


@dataclass(frozen=True)
class EffectContext:
    dossier: Dossier
    event: DossierEvent
    calendar: WorkingCalendar
    now: datetime
    data: dict[str, Any]


Effect = Callable[[EffectContext], None]


def assign_code(ctx: EffectContext) -> None:
    ctx.dossier.submitted_at = ctx.now
    if not ctx.dossier.code:
        ctx.dossier.code = next_code(
            ctx.dossier.receiving_agency, timezone.localdate(ctx.now)
        )


def set_appointment(ctx: EffectContext) -> None:
    ctx.dossier.received_at = ctx.now
    ctx.dossier.due_at = ctx.dossier.legal_due_at = appointment_for(
        ctx.dossier.procedure, ctx.now, ctx.calendar
    )


def start_steps(ctx: EffectContext) -> None:
    """Record the reception hand-over and pass the dossier to the processing agency."""
    phase = routing.phases_of(ctx.dossier.procedure)["reception"]
    started = ctx.dossier.submitted_at or ctx.now
    _open_step(ctx, phase, ctx.dossier.receiving_agency, started, ctx.event.actor)
    _hand_over(ctx, "assignment")


def assign_step(ctx: EffectContext) -> None:
    """Open the assigned officer's processing step."""
    assignee = ctx.data["assignee"]
    _check_assignee(ctx.dossier, assignee)
    ctx.dossier.assignee = assignee
    _hand_over(ctx, "processing", handler=assignee)


def approval_step(ctx: EffectContext) -> None:
    """Open the leader's approval step."""
    _hand_over(ctx, "approval")


def back_step(ctx: EffectContext) -> None:
    _hand_over(ctx, "processing", handler=ctx.dossier.assignee)


def finish_steps(ctx: EffectContext) -> None:
    _close_open_step(ctx.dossier, ctx.now)
    ctx.dossier.assignee = None


def transfer_agency(ctx: EffectContext) -> None:
    """Inter-agency one-stop: the target agency assigns its own officer."""
    ctx.dossier.processing_agency = ctx.data["agency"]
    ctx.dossier.assignee = None
    _hand_over(ctx, "assignment")


def pause_clock(ctx: EffectContext) -> None:
    ClockPause.objects.create(
        dossier=ctx.dossier, reason=ctx.event.note[:255], started_at=ctx.now
    )
    ctx.dossier.supplement_requests += 1


def pause_for_payment(ctx: EffectContext) -> None:
    """Waiting for fees stops the clock like a supplement, without counting as one."""
    ClockPause.objects.create(
        dossier=ctx.dossier,
        reason=_("Chờ thực hiện nghĩa vụ tài chính"),
        started_at=ctx.now,
    )


def resume_clock(ctx: EffectContext) -> None:
    """The deadlines move by the working time spent waiting (DOMAIN.md decision 6)."""
    pause = ctx.dossier.pauses.filter(ended_at__isnull=True).first()
    if pause is None:
        return
    pause.ended_at = ctx.now
    pause.save(update_fields=["ended_at"])
    paused = ctx.calendar.working_time_between(pause.started_at, ctx.now)
    ctx.dossier.legal_due_at = shift_deadline(
        ctx.dossier.legal_due_at, paused, ctx.calendar
    )
    ctx.dossier.due_at = shift_deadline(ctx.dossier.due_at, paused, ctx.calendar)
    step = ctx.dossier.steps.filter(finished_at__isnull=True).first()
    if step is not None:
        step.due_at = ctx.calendar.add_working_time(step.due_at, paused)
        step.save(update_fields=["due_at"])


def set_new_appointment(ctx: EffectContext) -> None:
    ctx.dossier.apologized_at = ctx.now
    ctx.event.data["notice_in_time"] = apology_in_time(
        ctx.now, ctx.dossier.due_at, ctx.calendar
    )
    DossierEvent.objects.filter(pk=ctx.event.pk).update(data=ctx.event.data)
    ctx.dossier.due_at = ctx.data["new_due_at"]


def set_resolved(ctx: EffectContext) -> None:
    ctx.dossier.resolved_at = ctx.now


def set_returned(ctx: EffectContext) -> None:
    ctx.dossier.returned_at = ctx.now


def _check_assignee(dossier: Dossier, assignee: User) -> None:
    if assignee.agency_id != dossier.processing_agency_id or not has_role(
        assignee, Role.OFFICER
    ):
        raise TransitionNotAllowed(
            "assignee",
            _("Chỉ giao cho chuyên viên của %(agency)s.")
            % {"agency": dossier.processing_agency},
        )


def _hand_over(ctx: EffectContext, phase_key: str, handler: User | None = None) -> None:
    """Close the open step of the control sheet and open the next phase's step at the
    processing agency."""
    _close_open_step(ctx.dossier, ctx.now)
    phase = routing.phases_of(ctx.dossier.procedure)[phase_key]
    _open_step(ctx, phase, ctx.dossier.processing_agency, ctx.now, handler)


def _open_step(
    ctx: EffectContext,
    phase: routing.Phase,
    agency: Agency,
    started: datetime,
    handler: User | None = None,
) -> DossierStep:
    dossier = ctx.dossier
    dossier.current_step += 1
    budget = timedelta(hours=phase.hours)
    return DossierStep.objects.create(
        dossier=dossier,
        position=dossier.current_step,
        name=phase.name[:255],
        role=phase.role,
        agency=agency,
        handler=handler,
        budget_hours=phase.hours,
        started_at=started,
        due_at=ctx.calendar.add_working_time(started, budget),
    )


def _close_open_step(dossier: Dossier, now: datetime) -> None:
    """Finish the open hand-over and mark it early, on time or late."""
    for step in dossier.steps.filter(finished_at__isnull=True):
        step.finished_at = now
        step.outcome = step_outcome(step.due_at, now)
        step.save(update_fields=["finished_at", "outcome"])


# The official form each form effect produces (Circular 03/2025/TT-VPCP, Appendix I);
# the code is kept on the event and rendered by an on-commit subscriber.
FORM_EFFECTS = {f"form_0{n}": f"0{n}" for n in range(1, 8)}
# Names the table declares for the subscribers of dossiers.events, which read them
# from `Transitioned.effects` (the notification outbox: whom to tell).
NOTIFY_EFFECTS = frozenset({"notify_applicant", "notify_assignee"})

EFFECTS: dict[str, Effect] = {
    "assign_code": assign_code,
    "set_appointment": set_appointment,
    "start_steps": start_steps,
    "assign_step": assign_step,
    "approval_step": approval_step,
    "back_step": back_step,
    "finish_steps": finish_steps,
    "transfer_agency": transfer_agency,
    "pause_clock": pause_clock,
    "pause_for_payment": pause_for_payment,
    "resume_clock": resume_clock,
    "set_new_appointment": set_new_appointment,
    "set_resolved": set_resolved,
    "set_returned": set_returned,
}
