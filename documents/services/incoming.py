"""Incoming documents: arrival, registration, assignment, processing (Art. 20–24).

`incoming_apply_action` is the only writer of an incoming document's status. Each
status change is reported back to the sender: directly to the sender's recipient
row on this portal, or as a status message queued for a peer portal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import may_enter_documents
from core.exceptions import DomainError, NotFound, TransitionNotAllowed
from documents.models import (
    Assignment,
    AssignmentRole,
    IncomingDocument,
    ProcessingOpinion,
    RegisterKind,
)
from documents.services.arrival import Attachment, Metadata, Sender, incoming_arrive
from documents.services.common import event_record, transition_check
from documents.services.delivery import delivery_status_set
from documents.services.exchange import status_queue
from documents.services.registers import register_next_number
from documents.workflow import AXIS_STATUS, INCOMING_TRANSITIONS, IncomingStatus


def incoming_enter(
    *, clerk: User, sender_name: str, metadata: Metadata, attachment: Attachment
) -> IncomingDocument:
    """A paper or e-mailed document the clerk enters for their agency (with its
    scan); it waits in the queue to be registered like any other arrival."""
    if clerk.agency is None or not may_enter_documents(clerk):
        raise TransitionNotAllowed(
            "role", _("Chỉ văn thư (cán bộ tiếp nhận) được nhập văn bản đến.")
        )
    return incoming_arrive(
        agency=clerk.agency,
        sender=Sender(name=sender_name),
        metadata=metadata,
        attachments=[attachment],
        actor=clerk,
    )


def incoming_apply_action(
    *, uuid: Any, action: str, actor: User, **data: Any
) -> IncomingDocument:
    """Apply a workflow action to an incoming document (documents.workflow).

    Locks the document row, checks role, scope and guard (TransitionNotAllowed, a
    409), applies the action's effect, saves, appends a DocumentEvent and reports
    the new status to the sender.
    """
    with transaction.atomic():
        document = (
            IncomingDocument.objects.select_for_update(of=("self",))
            .filter(uuid=uuid)
            .first()
        )
        if document is None:
            raise NotFound("not_found", _("Không tìm thấy văn bản."))
        transition = transition_check(
            INCOMING_TRANSITIONS, document, action, actor, data
        )
        from_status = document.status
        document.status = transition.target
        kept = EFFECTS.get(action, _no_effect)(document, actor, data)
        document.save()
        note = str(data.get("note") or "")
        event_record(document, action, from_status, actor, note, kept)
        if (
            AXIS_STATUS[IncomingStatus(from_status)]
            != AXIS_STATUS[IncomingStatus(document.status)]
        ):
            _status_report(document, note)
    return document


def _no_effect(document: IncomingDocument, actor: User, data: dict[str, Any]) -> dict:
    return {}


def _register(document: IncomingDocument, actor: User, data: dict[str, Any]) -> dict:
    now = timezone.now()
    register, number = register_next_number(
        agency=document.agency,
        kind=RegisterKind.INCOMING,
        on=timezone.localdate(now),
        secret=document.is_secret,
    )
    document.register = register
    document.arrival_number = number
    document.registered_at = now
    return {"arrival_number": number}


def _assign(document: IncomingDocument, actor: User, data: dict[str, Any]) -> dict:
    """The leader's instruction: a lead handler, coordinators, a deadline (Art. 23)."""
    lead: User = data["assignee"]
    coordinators: list[User] = [
        user for user in data.get("coordinators") or [] if user.pk != lead.pk
    ]
    instruction = str(data.get("instruction") or "")
    due_on = data.get("due_on") or document.due_on
    rows = [
        Assignment(
            document=document,
            assignee=lead,
            role=AssignmentRole.LEAD,
            instruction=instruction,
            due_on=due_on,
            assigned_by=actor,
        )
    ]
    rows += [
        Assignment(
            document=document,
            assignee=user,
            role=AssignmentRole.COORDINATE,
            instruction=instruction,
            due_on=due_on,
            assigned_by=actor,
        )
        for user in coordinators
    ]
    Assignment.objects.bulk_create(rows)
    document.handler = lead
    document.due_on = due_on
    return {"assignee": lead.full_name, "due_on": due_on.isoformat() if due_on else ""}


def _merge(document: IncomingDocument, actor: User, data: dict[str, Any]) -> dict:
    """The second copy closes into the first; the first's history says so."""
    original = document.duplicate_of
    assert original is not None  # noqa: S101 (the guard checked it)
    event_record(
        original,
        "merge_in",
        original.status,
        actor,
        str(data.get("note") or ""),
        {"duplicate": str(document.uuid)},
    )
    return {"merged_into": str(original.uuid)}


def _keep(document: IncomingDocument, actor: User, data: dict[str, Any]) -> dict:
    """Not the same document after all: it is registered on its own."""
    kept = {"kept_apart_from": str(document.duplicate_of.uuid)}  # type: ignore[union-attr]
    document.duplicate_of = None
    return kept


def _complete(document: IncomingDocument, actor: User, data: dict[str, Any]) -> dict:
    document.completed_at = timezone.now()
    return {}


EFFECTS: dict[str, Callable[[IncomingDocument, User, dict[str, Any]], dict]] = {
    "register": _register,
    "merge": _merge,
    "keep": _keep,
    "assign": _assign,
    "complete": _complete,
}


def _status_report(document: IncomingDocument, note: str) -> None:
    """Tell the sender when the axis status changed (Art. 21: the receipt is
    acknowledged the same day)."""
    axis_value = AXIS_STATUS[IncomingStatus(document.status)]
    if document.origin_id is not None:
        delivery_status_set(
            recipient_id=document.origin_id, axis_value=axis_value, reason=note
        )
    elif document.peer_id is not None:
        status_queue(document=document, axis_value=axis_value, reason=note)


def opinion_add(*, uuid: Any, author: User, text: str) -> ProcessingOpinion:
    """A handler's or leader's note on a registered document in their scope."""
    from documents.selectors import incoming_get_for

    document = incoming_get_for(author, uuid)
    if not text.strip():
        raise DomainError("text", _("Cần nhập nội dung ý kiến."))
    if document.status in {IncomingStatus.ARRIVED, IncomingStatus.RETURNED}:
        raise DomainError("state", _("Văn bản chưa vào sổ nên chưa thể cho ý kiến."))
    return ProcessingOpinion.objects.create(
        document=document, author=author, text=text.strip()
    )
