"""What incoming and outgoing actions share: the actor check and the history row."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import may_act
from core.exceptions import TransitionNotAllowed
from documents.models import DocumentEvent, IncomingDocument, OutgoingDocument
from documents.workflow import (
    DUPLICATE_ACTIONS,
    HANDLER,
    Transition,
    transition_for,
)


def transition_check(
    table: tuple[Transition, ...],
    document: IncomingDocument | OutgoingDocument,
    action: str,
    actor: User,
    data: dict[str, Any],
) -> Transition:
    """The transition to take, or TransitionNotAllowed (a 409) saying why not."""
    transition = transition_for(table, action, document.status)
    if transition is None:
        raise TransitionNotAllowed(
            "state",
            _("Không thể “%(action)s” khi văn bản đang ở trạng thái “%(status)s”.")
            % {"action": action, "status": document.get_status_display()},
        )
    if not actor_may(transition, document, actor):
        raise TransitionNotAllowed(
            "role", _("Bạn không có quyền thực hiện thao tác này với văn bản.")
        )
    if isinstance(document, IncomingDocument) and document.revoked_at is not None:
        # The sender withdrew it: kept for the record, nothing more is done.
        raise TransitionNotAllowed(
            "revoked", _("Văn bản đã bị nơi gửi thu hồi; không xử lý tiếp.")
        )
    reason = transition.guard(document, data) if transition.guard else None
    if reason:
        raise TransitionNotAllowed("guard", reason)
    return transition


def actor_may(
    transition: Transition, document: IncomingDocument | OutgoingDocument, actor: User
) -> bool:
    """A staff role of the transition within the document's agency; the handler
    acts on an incoming document assigned to them."""
    if (
        HANDLER in transition.roles
        and isinstance(document, IncomingDocument)
        and document.handler_id is not None
        and document.handler_id == actor.pk
    ):
        return True
    roles = transition.roles - {HANDLER}
    return bool(roles) and may_act(actor, document, *roles)


def event_record(
    document: IncomingDocument | OutgoingDocument,
    action: str,
    from_status: str,
    actor: User | None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> DocumentEvent:
    event = DocumentEvent(
        action=action,
        from_status=from_status,
        to_status=document.status,
        actor=actor,
        actor_name=actor.full_name if actor else "",
        note=note.strip(),
        data=data or {},
    )
    if isinstance(document, IncomingDocument):
        event.incoming = document
    else:
        event.outgoing = document
    event.save()
    return event


def allowed_actions(
    table: tuple[Transition, ...],
    document: IncomingDocument | OutgoingDocument,
    actor: User,
) -> list[str]:
    """The actions `actor` may take on `document` now (guards not evaluated)."""
    if isinstance(document, IncomingDocument) and document.revoked_at is not None:
        return []
    hidden = (
        DUPLICATE_ACTIONS
        if isinstance(document, IncomingDocument) and document.duplicate_of_id is None
        else frozenset()
    )
    return sorted(
        {
            transition.action
            for transition in table
            if document.status in transition.sources
            and transition.action not in hidden
            and actor_may(transition, document, actor)
        }
    )
