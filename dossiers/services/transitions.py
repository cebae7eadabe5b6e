"""Applying workflow actions (dossiers.workflow) and who may take them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Agency, Role, User
from accounts.permissions import has_role, is_system_admin, may_act, roles_of
from core.calendar import WorkingCalendar, get_calendar
from core.exceptions import InvalidInput, NotFound, TransitionNotAllowed
from dossiers import events, lookup_cache
from dossiers.deadlines import apology_in_time
from dossiers.models import Dossier, DossierEvent, by_reference
from dossiers.services.effects import EFFECTS, FORM_EFFECTS, EffectContext, give_code
from dossiers.services.files import file_store
from dossiers.workflow import (
    APPLICANT,
    NEW,
    RESUME,
    TRANSITIONS,
    Check,
    Kind,
    Transition,
    target_of,
    transition_for,
)
from procedures.models import RequiredComponent


@dataclass(frozen=True)
class Moment:
    now: datetime
    calendar: WorkingCalendar


def dossier_apply_action(
    *, code: str, action: str, actor: User, **data: Any
) -> Dossier:
    """Apply a workflow action; the only way a dossier's status changes.

    Called by views, the API, the admin and commands alike. Locks the dossier row,
    checks the actor's role and scope, the action's declared inputs (InvalidInput,
    a 400) and the transition's guard (TransitionNotAllowed, a 409), applies the
    transition's effects on the dossier, saves it, appends a DossierEvent and
    publishes a `Transitioned` (dossiers.events): subscribers update the statistics
    and the outbox in this transaction and start PDF rendering once it commits.
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
        moment = Moment(timezone.now(), get_calendar())
        data = checked_inputs(transition, dossier, data, moment)
        _record_and_apply(dossier, transition, actor, data, moment)
    return dossier


def dossier_create(
    *, dossier: Dossier, action: str, actor: User, **data: Any
) -> Dossier:
    """Apply a transition from nothing (counter intake) to an unsaved dossier.

    The same checks as any action (role and scope, declared inputs, guard); then
    the row is inserted with its code, the scanned files (`scans`) stored, and the
    transition recorded and applied like any other, in one transaction.
    """
    with transaction.atomic():
        transition = _allowed_transition(dossier, action, actor)
        moment = Moment(timezone.now(), get_calendar())
        data = checked_inputs(transition, dossier, data, moment)
        give_code(dossier, moment.now)
        dossier.status = target_of(transition, NEW)
        dossier.save(force_insert=True)
        for component, upload in data.get("scans") or ():
            file_store(dossier=dossier, actor=actor, upload=upload, component=component)
        _record_and_apply(dossier, transition, actor, data, moment, from_status=NEW)
    return dossier


def _record_and_apply(
    dossier: Dossier,
    transition: Transition,
    actor: User,
    data: dict[str, Any],
    moment: Moment,
    from_status: str | None = None,
) -> None:
    from_status = dossier.status if from_status is None else from_status
    resumed = _waited_from(dossier) if transition.target == RESUME else ""
    dossier.status = target_of(transition, from_status, resumed)
    form_code = next(
        (FORM_EFFECTS[name] for name in transition.effects if name in FORM_EFFECTS),
        "",
    )
    facts = _event_facts(transition, dossier, data, moment)
    event = record_event(
        dossier, transition.action, from_status, dossier.status, actor, data,
        form_code, facts, at=moment.now,
    )  # fmt: skip
    context = EffectContext(dossier, event, moment.calendar, moment.now, data)
    for effect in transition.effects:
        # Names without a function here are read by subscribers of the event.
        if effect in EFFECTS:
            EFFECTS[effect](context)
    dossier.save()
    events.publish(
        events.Transitioned(
            dossier=dossier,
            event=event,
            source=from_status,
            target=dossier.status,
            actor=actor,
            at=moment.now,
            effects=transition.effects,
        )
    )


def _waited_from(dossier: Dossier) -> str:
    """The status before the current one, read from the append-only history."""
    entered = (
        dossier.events.filter(to_status=dossier.status)
        .exclude(from_status=dossier.status)
        .order_by("-at", "-pk")
        .values_list("from_status", flat=True)
        .first()
    )
    if not entered:
        raise TransitionNotAllowed(
            "state", _("Không xác định được bước xử lý trước khi hồ sơ phải chờ.")
        )
    return entered


def _event_facts(
    transition: Transition, dossier: Dossier, data: dict[str, Any], moment: Moment
) -> dict[str, Any]:
    """Flags derived from the state before the action, kept on its event (events
    are never updated once written)."""
    if transition.action == "apologize":
        in_time = apology_in_time(moment.now, dossier.due_at, moment.calendar)
        return {"late_notice": not in_time}
    return {}


# --- Inputs ---


def checked_inputs(
    transition: Transition, dossier: Dossier, data: dict[str, Any], moment: Moment
) -> dict[str, Any]:
    """The action's inputs, normalised and checked against its declaration, then
    its guard. Raises InvalidInput (400) or TransitionNotAllowed (409)."""
    data = {**data, "note": str(data.get("note") or "").strip()}
    for spec in transition.inputs:
        value = data.get(spec.name)
        if spec.kind == Kind.MOMENT and isinstance(value, date):
            value = data[spec.name] = _as_moment(value, moment.calendar)
        if spec.required and value in (None, "", [], ()):
            raise InvalidInput(
                "input_missing", _input_message(spec.kind), field=spec.name
            )
        if value not in (None, "", [], ()) and not _has_type(spec.kind, value):
            raise InvalidInput(
                "input_invalid", _("Giá trị không hợp lệ."), field=spec.name
            )
    _check_people(transition, dossier, data)
    if transition.guard is not None:
        reason = transition.guard(Check(dossier, data, moment.now, moment.calendar))
        if reason is not None and reason.field:
            raise InvalidInput(reason.code, reason.message, field=reason.field)
        if reason is not None:
            raise TransitionNotAllowed(reason.code, reason.message)
    return data


def _as_moment(value: date, calendar: WorkingCalendar) -> datetime:
    """A date alone means the end of that working day."""
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(datetime.combine(value, calendar.periods[-1][1]))


_TYPES: dict[str, type | tuple[type, ...]] = {
    Kind.TEXT: str,
    Kind.OFFICER: User,
    Kind.AGENCY: Agency,
    Kind.MOMENT: datetime,
    Kind.COMPONENTS: (list, tuple),
    Kind.FILES: (list, tuple),
}


def _has_type(kind: str, value: Any) -> bool:
    if not isinstance(value, _TYPES[kind]):
        return False
    if kind == Kind.COMPONENTS:
        return all(isinstance(item, RequiredComponent) for item in value)
    return True


def _input_message(kind: str) -> str:
    messages: dict[str, str] = {
        Kind.TEXT: _("Cần ghi rõ lý do hoặc nội dung."),
        Kind.OFFICER: _("Cần chọn cán bộ xử lý."),
        Kind.AGENCY: _("Cần chọn cơ quan chuyển đến."),
        Kind.MOMENT: _("Cần chọn ngày hẹn mới."),
    }
    return messages.get(kind, _("Trường này là bắt buộc."))


def _check_people(
    transition: Transition, dossier: Dossier, data: dict[str, Any]
) -> None:
    """The officer given must work at the processing agency; the components asked
    for must belong to the dossier's procedure."""
    assignee = data.get("assignee")
    if isinstance(assignee, User) and (
        assignee.agency_id != dossier.processing_agency_id
        or not has_role(assignee, Role.OFFICER)
    ):
        raise InvalidInput(
            "assignee",
            _("Chỉ giao cho chuyên viên của %(agency)s.")
            % {"agency": dossier.processing_agency},
            field="assignee",
        )
    for component in data.get("components") or ():
        if component.procedure_id != dossier.procedure_id:
            raise InvalidInput(
                "component",
                _("Thành phần không thuộc thủ tục của hồ sơ."),
                field="components",
            )


# --- Who may act ---


def _allowed_transition(dossier: Dossier, action: str, actor: User) -> Transition:
    status = dossier.status if dossier.pk else NEW
    transition = transition_for(action, status)
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
    return [
        transition
        for transition in TRANSITIONS
        if dossier.status in transition.sources
        and actor_may(transition, dossier, actor)
    ]


def record_creation(dossier: Dossier, action: str, actor: User) -> DossierEvent:
    """The first event of a new dossier (an online draft, a walk-in intake),
    published like every transition; called inside the creating transaction."""
    event = record_event(dossier, action, "", dossier.status, actor)
    events.publish(
        events.Transitioned(
            dossier=dossier,
            event=event,
            source="",
            target=dossier.status,
            actor=actor,
            at=event.at,
        )
    )
    return event


# --- History ---


def record_event(
    dossier: Dossier,
    action: str,
    from_status: str,
    to_status: str,
    actor: User | None,
    data: dict[str, Any] | None = None,
    form_code: str = "",
    facts: dict[str, Any] | None = None,
    *,
    at: datetime | None = None,
) -> DossierEvent:
    """Append one line to the history; written once, complete, never updated."""
    data = data or {}
    lookup_cache.forget(dossier.code)
    return DossierEvent.objects.create(
        at=at or timezone.now(),
        form_code=form_code,
        dossier=dossier,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        actor_name=actor.full_name if actor else "",
        agency=actor.agency if actor and actor.agency_id else None,
        note=str(data.get("note") or "").strip(),
        data={**_event_data(data), **(facts or {})},
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
    if data.get("components"):
        kept["components"] = [
            {"position": component.position, "name": component.name}
            for component in data["components"]
        ]
    return kept
