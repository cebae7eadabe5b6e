"""Applying workflow actions (dossiers.workflow) and who may take them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Agency, Role, User
from accounts.permissions import is_system_admin, may_act, roles_of
from core.calendar import get_calendar
from core.exceptions import NotFound, TransitionNotAllowed
from dossiers import events
from dossiers.models import Dossier, DossierEvent, by_reference
from dossiers.services.effects import EFFECTS, FORM_EFFECTS, EffectContext
from dossiers.workflow import (
    APPLICANT,
    TRANSITIONS,
    Transition,
    target_of,
    transition_for,
)


def dossier_apply_action(
    *, code: str, action: str, actor: User, **data: Any
) -> Dossier:
    """Apply a workflow action; the only way a dossier's status changes.

    Called by views, the API, the admin and commands alike. Locks the dossier row,
    checks the actor's role and scope and the transition's guard (raising
    TransitionNotAllowed, a 409 in the API), applies the transition's effects on
    the dossier, saves it, appends a DossierEvent and publishes a `Transitioned`
    (dossiers.events): subscribers update the statistics and the outbox in this
    transaction and start PDF rendering once it commits.
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
        form_code = next(
            (FORM_EFFECTS[name] for name in transition.effects if name in FORM_EFFECTS),
            "",
        )
        event = record_event(
            dossier, action, from_status, dossier.status, actor, data, form_code
        )
        now = event.at
        context = EffectContext(dossier, event, get_calendar(), now, data)
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
                at=now,
                effects=transition.effects,
            )
        )
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


def record_event(
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
