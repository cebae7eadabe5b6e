"""Write use cases of dossiers. `dossier_apply_action` is the only writer of status.

Every transition runs in one transaction under a row lock on the dossier: two officers
clicking at once are serialised, and the second one is refused by the state machine.
Side effects that leave the database (PDF rendering, notifications) are queued with
`transaction.on_commit`, so a rolled-back transition sends nothing.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from accounts.models import AccountType, Agency, Role, User
from accounts.permissions import has_role, is_system_admin, may_act, roles_of
from dossiers import routing, uploads
from dossiers.deadlines import appointment_for
from dossiers.models import (
    ApplicantKind,
    ClockPause,
    DeliveryMethod,
    Dossier,
    DossierEvent,
    DossierFile,
    DossierSequence,
    DossierStep,
    SatisfactionRating,
    by_reference,
)
from dossiers.workflow import (
    APPLICANT,
    DossierStatus,
    Transition,
    target_of,
    transition_for,
)
from egov.calendar import WorkingCalendar, get_calendar
from egov.exceptions import DomainError, NotFound, TransitionNotAllowed
from procedures.models import Channel, Procedure, RequiredComponent
from stats.services import stats_record_rating, stats_record_transition

logger = logging.getLogger(__name__)

# The forms each effect produces (Circular 03/2025/TT-VPCP, Appendix I).
FORM_EFFECTS = {f"form_0{n}": f"0{n}" for n in range(1, 8)}


@dataclass(frozen=True)
class Applicant:
    kind: str
    name: str
    id_number: str
    phone: str
    email: str
    address: str

    @classmethod
    def of_user(cls, user: User) -> Applicant:
        business = user.account_type == AccountType.BUSINESS
        return cls(
            kind=ApplicantKind.BUSINESS if business else ApplicantKind.PERSON,
            name=user.full_name,
            id_number=(user.tax_code if business else user.national_id) or "",
            phone=user.phone,
            email=user.email,
            address=user.address,
        )


# --- Creating dossiers ---


@transaction.atomic
def dossier_create_online(
    *,
    owner: User,
    procedure: Procedure,
    processing_agency: Agency,
    applicant: Applicant,
    delivery_method: str = DeliveryMethod.COUNTER,
    delivery_address: str = "",
    note: str = "",
) -> Dossier:
    """A citizen's draft of an online dossier (levels 3–4); files come next."""
    if owner.account_type == AccountType.STAFF:
        raise DomainError(
            "not_applicant", _("Cán bộ nộp hồ sơ tại quầy, không trực tuyến.")
        )
    if not procedure.files_online:
        raise DomainError("not_online", _("Thủ tục này không nhận hồ sơ trực tuyến."))
    _check_agency(procedure, processing_agency)
    _check_delivery(procedure, delivery_method, delivery_address)
    dossier = Dossier.objects.create(
        procedure=procedure,
        processing_agency=processing_agency,
        receiving_agency=routing.receiving_centre_for(processing_agency),
        owner=owner,
        channel=Channel.ONLINE,
        delivery_method=delivery_method,
        delivery_address=delivery_address,
        note=note,
        **_applicant_fields(applicant),
    )
    _record(dossier, "create", "", DossierStatus.DRAFT, owner)
    return dossier


@transaction.atomic
def dossier_intake(
    *,
    clerk: User,
    procedure: Procedure,
    processing_agency: Agency,
    applicant: Applicant,
    components: list[tuple[RequiredComponent, UploadedFile]],
    delivery_method: str = DeliveryMethod.COUNTER,
    delivery_address: str = "",
    note: str = "",
) -> Dossier:
    """A walk-in dossier at the counter: scanned, coded and received at once.

    Any one-stop centre of the province may receive a dossier that another agency
    resolves (Decree 118/2025): the clerk's agency receives, `processing_agency`
    resolves. Paper components are scanned and attached here (digitisation).
    """
    if not has_role(clerk, Role.CLERK) or clerk.agency is None:
        raise TransitionNotAllowed(
            "role", _("Chỉ cán bộ một cửa được tiếp nhận hồ sơ.")
        )
    _check_agency(procedure, processing_agency)
    _check_delivery(procedure, delivery_method, delivery_address)
    dossier = Dossier.objects.create(
        code=_next_code(clerk.agency, timezone.localdate()),
        procedure=procedure,
        processing_agency=processing_agency,
        receiving_agency=clerk.agency,
        owner=_account_of(applicant),
        channel=Channel.COUNTER,
        delivery_method=delivery_method,
        delivery_address=delivery_address,
        note=note,
        status=DossierStatus.SUBMITTED,
        submitted_at=timezone.now(),
        **_applicant_fields(applicant),
    )
    _record(dossier, "intake", "", DossierStatus.SUBMITTED, clerk)
    for component, upload in components:
        dossier_file_add(
            dossier=dossier, actor=clerk, upload=upload, component=component
        )
    return dossier_apply_action(code=dossier.reference, action="receive", actor=clerk)


def _applicant_fields(applicant: Applicant) -> dict[str, str]:
    return {
        "applicant_kind": applicant.kind,
        "applicant_name": applicant.name,
        "applicant_id_number": applicant.id_number,
        "applicant_phone": applicant.phone,
        "applicant_email": applicant.email,
        "applicant_address": applicant.address,
    }


def _account_of(applicant: Applicant) -> User | None:
    """The applicant's own account, so a walk-in dossier also shows up online."""
    return User.objects.filter(
        username=applicant.id_number,
        account_type__in=[AccountType.CITIZEN, AccountType.BUSINESS],
    ).first()


def _check_agency(procedure: Procedure, agency: Agency) -> None:
    if not procedure.agencies.filter(pk=agency.pk).exists():
        raise DomainError(
            "agency",
            _("%(agency)s không giải quyết thủ tục này.") % {"agency": agency},
        )


def _check_delivery(procedure: Procedure, method: str, address: str) -> None:
    if method not in DeliveryMethod.values:
        raise DomainError("delivery", _("Hình thức nhận kết quả không hợp lệ."))
    if method == DeliveryMethod.POST and not procedure.result_by_post:
        raise DomainError("delivery", _("Thủ tục này không trả kết quả qua bưu chính."))
    if method == DeliveryMethod.POST and not address.strip():
        raise DomainError("delivery", _("Cần địa chỉ nhận kết quả qua bưu chính."))


def _next_code(agency: Agency, day: Any) -> str:
    """`<identifier>-YYMMDD-XXXX`, unique under concurrency (DOMAIN.md decision 4).

    The UPDATE locks the day's sequence row until the transaction ends, so two
    receptions at once get consecutive numbers; beyond 9999 the number widens.
    """
    if not agency.identifier:
        raise DomainError(
            "identifier",
            _("%(agency)s chưa có mã định danh nên chưa cấp được mã hồ sơ.")
            % {"agency": agency},
        )
    DossierSequence.objects.get_or_create(agency=agency, day=day)
    DossierSequence.objects.filter(agency=agency, day=day).update(last=F("last") + 1)
    number = DossierSequence.objects.get(agency=agency, day=day).last
    return f"{agency.identifier}-{day:%y%m%d}-{number:04d}"


# --- Files ---


@transaction.atomic
def dossier_file_add(
    *,
    dossier: Dossier,
    actor: User,
    upload: UploadedFile,
    component: RequiredComponent | None = None,
    kind: str = DossierFile.Kind.COMPONENT,
) -> DossierFile:
    """Attach a checked file: a component (applicant, or clerk scanning paper) or the
    result (the assigned officer). Nothing is saved when the file is refused."""
    _check_file_permission(dossier, actor, kind)
    if component is not None and component.procedure_id != dossier.procedure_id:
        raise DomainError("component", _("Thành phần không thuộc thủ tục của hồ sơ."))
    used = dossier.files.aggregate(total=Sum("size"))["total"] or 0
    checked = uploads.check_upload(upload, used_bytes=used)
    is_staff = actor.account_type == AccountType.STAFF
    return DossierFile.objects.create(
        dossier=dossier,
        kind=kind,
        component=component,
        file=upload,
        original_name=(upload.name or "")[:255],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        is_digitized=is_staff and kind == DossierFile.Kind.COMPONENT,
        uploaded_by=actor,
    )


def _check_file_permission(dossier: Dossier, actor: User, kind: str) -> None:
    open_for_applicant = {
        DossierStatus.DRAFT,
        DossierStatus.INCOMPLETE,
        DossierStatus.SUPPLEMENT_REQUESTED,
    }
    if kind == DossierFile.Kind.RESULT:
        allowed = dossier.status in {
            DossierStatus.PROCESSING,
            DossierStatus.AWAITING_APPROVAL,
        } and may_act(actor, dossier, Role.OFFICER, Role.LEADER)
    elif dossier.owner_id == actor.pk:
        allowed = dossier.status in open_for_applicant
    else:
        allowed = dossier.status in open_for_applicant | {
            DossierStatus.SUBMITTED
        } and may_act(actor, dossier, Role.CLERK)
    if not allowed:
        raise TransitionNotAllowed(
            "file_not_allowed", _("Không thể đính kèm tệp vào hồ sơ ở trạng thái này.")
        )


# --- The workflow ---


def dossier_apply_action(
    *, code: str, action: str, actor: User, **data: Any
) -> Dossier:
    """Apply a workflow action; the only way a dossier's status changes.

    Called by views, the API, the admin and commands alike. Locks the dossier row,
    checks the actor's role and scope and the transition's guard (raising
    TransitionNotAllowed, a 409 in the API), saves status and dates, appends a
    DossierEvent and queues the effects that leave the database on commit.
    """
    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("procedure", "processing_agency", "receiving_agency")
            .filter(by_reference(code))
            .first()
        )
        if dossier is None:
            raise NotFound(
                "not_found", _("Không tìm thấy hồ sơ %(code)s.") % {"code": code}
            )
        transition = _allowed_transition(dossier, action, actor)
        reason = transition.guard(dossier, data) if transition.guard else None
        if reason:
            raise TransitionNotAllowed("guard", reason)
        from_status = dossier.status
        dossier.status = target_of(transition, from_status)
        now = timezone.now()
        calendar = get_calendar()
        form_code = next(
            (FORM_EFFECTS[name] for name in transition.effects if name in FORM_EFFECTS),
            "",
        )
        event = _record(
            dossier, action, from_status, dossier.status, actor, data, form_code
        )
        for effect in transition.effects:
            _EFFECTS[effect](dossier, event, calendar, now, data)
        stats_record_transition(dossier=dossier, from_status=from_status, event=event)
        dossier.save()
    return dossier


def _allowed_transition(dossier: Dossier, action: str, actor: User) -> Transition:
    transition = transition_for(action, dossier.status)
    if transition is None:
        raise TransitionNotAllowed(
            "state",
            _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"action": action, "status": dossier.get_status_display()},
        )
    if not actor_may(transition, dossier, actor):
        raise TransitionNotAllowed(
            "role", _("Bạn không có quyền thực hiện thao tác này với hồ sơ.")
        )
    return transition


def actor_may(transition: Transition, dossier: Dossier, actor: User) -> bool:
    """The actor holds a role of the transition within the dossier's scope.

    An officer acts only on a dossier assigned to them (leaders on any in scope).
    """
    if APPLICANT in transition.roles and dossier.owner_id == actor.pk:
        return True
    staff_roles = transition.roles - {APPLICANT}
    if not staff_roles or not may_act(actor, dossier, *staff_roles):
        return False
    held = roles_of(actor) & staff_roles
    officer_only = held == {Role.OFFICER} and not is_system_admin(actor)
    return not (officer_only and dossier.assignee_id not in (None, actor.pk))


def allowed_actions(dossier: Dossier, actor: User) -> list[Transition]:
    """The transitions `actor` may take on `dossier` now (guards not evaluated)."""
    from dossiers.workflow import TRANSITIONS

    return [
        transition
        for transition in TRANSITIONS
        if dossier.status in transition.sources
        and actor_may(transition, dossier, actor)
    ]


def _record(
    dossier: Dossier,
    action: str,
    from_status: str,
    to_status: str,
    actor: User | None,
    data: dict[str, Any] | None = None,
    form_code: str = "",
) -> DossierEvent:
    data = data or {}
    return DossierEvent.objects.create(
        form_code=form_code,
        dossier=dossier,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        actor_name=actor.full_name if actor else "",
        agency=actor.agency if actor and actor.agency_id else None,
        note=str(data.get("note") or "").strip(),
        data=_event_data(data),
    )


def _event_data(data: dict[str, Any]) -> dict[str, Any]:
    """What the history keeps of an action's input, in plain JSON."""
    kept: dict[str, Any] = {}
    if isinstance(data.get("new_due_at"), datetime):
        kept["new_due_at"] = data["new_due_at"].isoformat()
    if isinstance(data.get("assignee"), User):
        kept["assignee"] = data["assignee"].full_name
    if isinstance(data.get("agency"), Agency):
        kept["agency"] = data["agency"].name
    return kept


# --- Effects: each changes the locked dossier in memory, or queues work on commit ---

Effect = Callable[
    [Dossier, DossierEvent, WorkingCalendar, datetime, dict[str, Any]], None
]


def _assign_code(
    dossier: Dossier,
    event: DossierEvent,
    calendar: WorkingCalendar,
    now: datetime,
    data: dict[str, Any],
) -> None:
    dossier.submitted_at = now
    if not dossier.code:
        dossier.code = _next_code(dossier.receiving_agency, timezone.localdate(now))


def _set_appointment(
    dossier: Dossier,
    event: DossierEvent,
    calendar: WorkingCalendar,
    now: datetime,
    data: dict[str, Any],
) -> None:
    dossier.received_at = now
    dossier.due_at = dossier.legal_due_at = appointment_for(
        dossier.procedure, now, calendar
    )


def _start_steps(
    dossier: Dossier,
    event: DossierEvent,
    calendar: WorkingCalendar,
    now: datetime,
    data: dict[str, Any],
) -> None:
    """Close the reception hand-over and hand the dossier to the processing agency."""
    phases = routing.phases_of(dossier.procedure)
    reception = phases["reception"]
    started = dossier.submitted_at or now
    _open_step(
        dossier,
        reception,
        dossier.receiving_agency,
        started,
        calendar,
        handler=event.actor,
    )
    _close_open_step(dossier, now)
    _open_step(dossier, phases["assignment"], dossier.processing_agency, now, calendar)


def _advance_step(
    dossier: Dossier,
    event: DossierEvent,
    calendar: WorkingCalendar,
    now: datetime,
    data: dict[str, Any],
) -> None:
    """`assign` opens the officer's step, `forward` the leader's approval step."""
    _close_open_step(dossier, now)
    phases = routing.phases_of(dossier.procedure)
    if event.action == "assign":
        assignee = data["assignee"]
        _check_assignee(dossier, assignee)
        dossier.assignee = assignee
        _open_step(
            dossier,
            phases["processing"],
            dossier.processing_agency,
            now,
            calendar,
            handler=assignee,
        )
    else:
        _open_step(
            dossier, phases["approval"], dossier.processing_agency, now, calendar
        )


def _back_step(
    dossier: Dossier,
    event: DossierEvent,
    calendar: WorkingCalendar,
    now: datetime,
    data: dict[str, Any],
) -> None:
    _close_open_step(dossier, now)
    phase = routing.phases_of(dossier.procedure)["processing"]
    _open_step(
        dossier,
        phase,
        dossier.processing_agency,
        now,
        calendar,
        handler=dossier.assignee,
    )


def _finish_steps(
    dossier: Dossier,
    event: DossierEvent,
    calendar: WorkingCalendar,
    now: datetime,
    data: dict[str, Any],
) -> None:
    _close_open_step(dossier, now)
    dossier.assignee = None


def _transfer_agency(
    dossier: Dossier,
    event: DossierEvent,
    calendar: WorkingCalendar,
    now: datetime,
    data: dict[str, Any],
) -> None:
    """Inter-agency one-stop: the target agency assigns its own officer."""
    _close_open_step(dossier, now)
    dossier.processing_agency = data["agency"]
    dossier.assignee = None
    phase = routing.phases_of(dossier.procedure)["assignment"]
    _open_step(dossier, phase, dossier.processing_agency, now, calendar)


def _pause_clock(
    dossier: Dossier,
    event: DossierEvent,
    calendar: WorkingCalendar,
    now: datetime,
    data: dict[str, Any],
) -> None:
    ClockPause.objects.create(dossier=dossier, reason=event.note[:255], started_at=now)
    dossier.supplement_requests += 1


def _resume_clock(
    dossier: Dossier,
    event: DossierEvent,
    calendar: WorkingCalendar,
    now: datetime,
    data: dict[str, Any],
) -> None:
    """The deadlines move by the working time spent waiting (DOMAIN.md decision 6)."""
    pause = dossier.pauses.filter(ended_at__isnull=True).first()
    if pause is None:
        return
    pause.ended_at = now
    pause.save(update_fields=["ended_at"])
    paused = calendar.working_time_between(pause.started_at, now)
    dossier.legal_due_at = _shift(dossier.legal_due_at, paused, calendar)
    dossier.due_at = _shift(dossier.due_at, paused, calendar)
    step = dossier.steps.filter(finished_at__isnull=True).first()
    if step is not None:
        step.due_at = calendar.add_working_time(step.due_at, paused)
        step.save(update_fields=["due_at"])


def _shift(
    moment: datetime | None, paused: timedelta, calendar: WorkingCalendar
) -> datetime | None:
    return calendar.add_working_time(moment, paused) if moment else None


def _set_new_appointment(
    dossier: Dossier,
    event: DossierEvent,
    calendar: WorkingCalendar,
    now: datetime,
    data: dict[str, Any],
) -> None:
    dossier.apologized_at = now
    # The law asks for the apology at least one working day before the due date;
    # a later one is still recorded, and marked as such.
    ahead = (
        calendar.working_time_between(now, dossier.due_at) if dossier.due_at else None
    )
    event.data["notice_in_time"] = ahead is not None and ahead >= calendar.day_length
    DossierEvent.objects.filter(pk=event.pk).update(data=event.data)
    dossier.due_at = data["new_due_at"]


def _set_resolved(
    dossier: Dossier,
    event: DossierEvent,
    calendar: WorkingCalendar,
    now: datetime,
    data: dict[str, Any],
) -> None:
    dossier.resolved_at = now


def _set_returned(
    dossier: Dossier,
    event: DossierEvent,
    calendar: WorkingCalendar,
    now: datetime,
    data: dict[str, Any],
) -> None:
    dossier.returned_at = now


def _render_form(
    dossier: Dossier,
    event: DossierEvent,
    calendar: WorkingCalendar,
    now: datetime,
    data: dict[str, Any],
) -> None:
    """The event's official form is rendered by a task once the transition commits
    (rendering takes up to a second)."""
    transaction.on_commit(functools.partial(queue_form_render, event.pk))


def queue_form_render(event_id: int) -> None:
    """Publish the render task; a broker outage leaves the form to the sweep and
    never turns the committed transition into an error for the person acting."""
    from dossiers import tasks

    try:
        tasks.dossier_form_render.delay(event_id)
    except OperationalError:
        logger.warning(
            "Broker unreachable: form of event %s left to the sweep.", event_id
        )


def dossier_forms_missing(*, older_than: timedelta, limit: int = 500) -> list[int]:
    """Events whose official form is still not stored (a lost task message)."""
    stored = DossierFile.objects.filter(
        event=OuterRef("pk"), form_code=OuterRef("form_code")
    )
    return list(
        DossierEvent.objects.exclude(form_code="")
        .filter(at__lt=timezone.now() - older_than)
        .exclude(Exists(stored))
        .order_by("at")
        .values_list("pk", flat=True)[:limit]
    )


def _notify_applicant(
    dossier: Dossier,
    event: DossierEvent,
    calendar: WorkingCalendar,
    now: datetime,
    data: dict[str, Any],
) -> None:
    """Outbox rows written in this transaction, sent by a task after the commit."""
    from notifications import services as notifications

    notifications.notify_dossier_event(event=event, audience=notifications.APPLICANT)


def _notify_assignee(
    dossier: Dossier,
    event: DossierEvent,
    calendar: WorkingCalendar,
    now: datetime,
    data: dict[str, Any],
) -> None:
    from notifications import services as notifications

    notifications.notify_dossier_event(event=event, audience=notifications.ASSIGNEE)


_EFFECTS: dict[str, Effect] = {
    "assign_code": _assign_code,
    "set_appointment": _set_appointment,
    "start_steps": _start_steps,
    "advance_step": _advance_step,
    "back_step": _back_step,
    "finish_steps": _finish_steps,
    "transfer_agency": _transfer_agency,
    "pause_clock": _pause_clock,
    "resume_clock": _resume_clock,
    "set_new_appointment": _set_new_appointment,
    "set_resolved": _set_resolved,
    "set_returned": _set_returned,
    "notify_applicant": _notify_applicant,
    "notify_assignee": _notify_assignee,
    **dict.fromkeys(FORM_EFFECTS, _render_form),
}


def _check_assignee(dossier: Dossier, assignee: User) -> None:
    if assignee.agency_id != dossier.processing_agency_id or not has_role(
        assignee, Role.OFFICER
    ):
        raise TransitionNotAllowed(
            "assignee",
            _("Chỉ giao cho chuyên viên của %(agency)s.")
            % {"agency": dossier.processing_agency},
        )


def _open_step(
    dossier: Dossier,
    phase: routing.Phase,
    agency: Agency,
    started: datetime,
    calendar: WorkingCalendar,
    handler: User | None = None,
) -> DossierStep:
    dossier.current_step += 1
    return DossierStep.objects.create(
        dossier=dossier,
        position=dossier.current_step,
        name=phase.name[:255],
        role=phase.role,
        agency=agency,
        handler=handler,
        budget_hours=phase.hours,
        started_at=started,
        due_at=calendar.add_working_time(started, timedelta(hours=phase.hours)),
    )


def _close_open_step(dossier: Dossier, now: datetime) -> None:
    """Finish the open hand-over and mark it early, on time or late."""
    for step in dossier.steps.filter(finished_at__isnull=True):
        step.finished_at = now
        step.outcome = step_outcome(step.due_at, now)
        step.save(update_fields=["finished_at", "outcome"])


def step_outcome(due_at: datetime, finished_at: datetime) -> str:
    """Early when handed over on an earlier day, on time on the due day, else late."""
    if finished_at > due_at:
        return DossierStep.Outcome.LATE
    if timezone.localdate(finished_at) < timezone.localdate(due_at):
        return DossierStep.Outcome.EARLY
    return DossierStep.Outcome.ON_TIME


# --- Rating ---


@transaction.atomic
def rating_submit(
    *,
    dossier: Dossier,
    actor: User,
    scores: dict[str, int],
    contacts: int,
    comment: str = "",
) -> SatisfactionRating:
    """The applicant rates a returned dossier, once."""
    if dossier.owner_id != actor.pk:
        raise TransitionNotAllowed("role", _("Chỉ chủ hồ sơ được đánh giá."))
    if dossier.status != DossierStatus.RETURNED:
        raise TransitionNotAllowed(
            "state", _("Chỉ đánh giá được sau khi đã nhận kết quả.")
        )
    if SatisfactionRating.objects.filter(dossier=dossier).exists():
        raise TransitionNotAllowed("rated", _("Hồ sơ này đã được đánh giá."))
    rating = SatisfactionRating(
        dossier=dossier, contacts=contacts, comment=comment, **scores
    )
    rating.full_clean()
    rating.save()
    stats_record_rating(rating=rating)
    return rating


# --- Official forms ---


def dossier_form_store(*, event_id: int) -> DossierFile | None:
    """Render the event's official form to PDF and keep it with the event.

    Idempotent: a form already stored is returned as it is, so a task delivered twice
    renders once. The rendering (up to a second) happens outside the transaction.
    """
    event = DossierEvent.objects.select_related("dossier").filter(pk=event_id).first()
    if event is None or not event.form_code:
        return None
    existing = event.files.filter(form_code=event.form_code).first()
    if existing is not None:
        return existing
    from dossiers import pdf

    content = pdf.render_event_form(event)
    name = f"mau-{event.form_code}-{event.dossier.code}.pdf"
    try:
        with transaction.atomic():
            return DossierFile.objects.create(
                dossier=event.dossier,
                kind=DossierFile.Kind.FORM,
                event=event,
                form_code=event.form_code,
                file=ContentFile(content, name=name),
                original_name=name,
                content_type="application/pdf",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
            )
    except IntegrityError:
        # Another worker stored it first (unique per event and form).
        return event.files.filter(form_code=event.form_code).first()
