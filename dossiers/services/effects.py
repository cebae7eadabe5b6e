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

from accounts.models import Agency, User
from core.calendar import WorkingCalendar
from dossiers import routing
from dossiers.deadlines import (
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


def give_code(dossier: Dossier, now: datetime) -> None:
    """The dossier's code, once: by its receiving agency and filing day."""
    dossier.submitted_at = now
    if not dossier.code:
        dossier.code = next_code(dossier.receiving_agency, timezone.localdate(now))


def assign_code(ctx: EffectContext) -> None:
    give_code(ctx.dossier, ctx.now)


def set_appointment(ctx: EffectContext) -> None:
    """The appointment of the receipt; later pauses and the apology move `due_at`
    and `legal_due_at`, never `receipt_due_at`."""
    ctx.dossier.received_at = ctx.now
    ctx.dossier.due_at = ctx.dossier.legal_due_at = ctx.dossier.receipt_due_at = (
        appointment_for(ctx.dossier.procedure, ctx.now, ctx.calendar)
    )


def start_steps(ctx: EffectContext) -> None:
    """Record the reception hand-over and pass the dossier to the processing agency."""
    phase = _phases(ctx)["reception"]
    started = ctx.dossier.submitted_at or ctx.now
    _open_step(ctx, phase, ctx.dossier.receiving_agency, started, ctx.event.actor)
    _hand_over(ctx, "assignment")


def assign_step(ctx: EffectContext) -> None:
    """Open the assigned officer's processing step."""
    assignee = ctx.data["assignee"]
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


def mark_request(ctx: EffectContext) -> None:
    """A supplement answered later must bring something added after this moment."""
    ctx.dossier.supplement_requested_at = ctx.now


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
    """The one new appointment; a notice given less than one working day ahead is
    recorded all the same and marked late (flag computed before the event)."""
    ctx.dossier.apologized_at = ctx.now
    ctx.dossier.apology_late = bool(ctx.event.data.get("late_notice"))
    ctx.dossier.due_at = ctx.data["new_due_at"]


def set_resolved(ctx: EffectContext) -> None:
    ctx.dossier.resolved_at = ctx.now


def set_returned(ctx: EffectContext) -> None:
    ctx.dossier.returned_at = ctx.now


def _hand_over(ctx: EffectContext, phase_key: str, handler: User | None = None) -> None:
    """Close the open step of the control sheet and open the next phase's step at the
    processing agency."""
    _close_open_step(ctx.dossier, ctx.now)
    phase = _phases(ctx)[phase_key]
    _open_step(ctx, phase, ctx.dossier.processing_agency, ctx.now, handler)


def _phases(ctx: EffectContext) -> dict[str, routing.Phase]:
    """The phases of the dossier's procedure, budgeted on the legal time of the
    receipt (from the clock's start to the appointment of form 01)."""
    dossier = ctx.dossier
    total = None
    if dossier.received_at and dossier.receipt_due_at:
        start = ctx.calendar.clock_start(dossier.received_at)
        span = ctx.calendar.working_time_between(start, dossier.receipt_due_at)
        total = round(span / timedelta(hours=1)) or None
    return routing.phases_of(dossier.procedure, total)


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
    # A step's clock starts like the dossier's: after 15:00 or on a day off, at the
    # start of the next working day.
    clock_start = ctx.calendar.clock_start(started)
    return DossierStep.objects.create(
        dossier=dossier,
        position=dossier.current_step,
        name=phase.name[:255],
        role=phase.role,
        agency=agency,
        handler=handler,
        budget_hours=phase.hours,
        started_at=started,
        due_at=ctx.calendar.add_working_time(clock_start, budget),
    )


def _close_open_step(dossier: Dossier, now: datetime) -> None:
    """Finish the open hand-over and mark it early, on time or late."""
    for step in dossier.steps.filter(finished_at__isnull=True):
        step.finished_at = now
        step.outcome = step_outcome(step.due_at, now)
        step.save(update_fields=["finished_at", "outcome"])


# The official form each form effect produces (Circular 03/2025/TT-VPCP, Appendix I),
# and the notice of ineligibility, which the circular does not number; the code is
# kept on the event and rendered by an on-commit subscriber.
INELIGIBLE_FORM = "TB"
FORM_EFFECTS = {
    **{f"form_0{n}": f"0{n}" for n in range(1, 8)},
    "form_ineligible": INELIGIBLE_FORM,
}
# Names the table declares for the subscribers of dossiers.events, which read them
# from `Transitioned.effects` (the notification outbox: whom to tell).
NOTIFY_EFFECTS = frozenset(
    {"notify_applicant", "notify_assignee", "notify_leaders", "notify_clerks"}
)

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
    "mark_request": mark_request,
}
