"""Outgoing documents: drafting, review, approval and issue (Decree 30/2020, Art. 14).

Issuing takes the next number of the outgoing register, signs every main PDF with
the agency's certificate, and delivers the document to each recipient: straight
into the incoming queue of an agency of this portal, or as an edXML package queued
for a peer portal. All of it happens in one transaction: a failed signature issues
nothing and gives the number back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Agency, User
from accounts.permissions import may_draft_documents
from core.exceptions import DomainError, NotFound, TransitionNotAllowed
from documents.models import (
    DocumentFile,
    ExchangePeer,
    IncomingDocument,
    IncomingSource,
    OutgoingDocument,
    OutgoingRecipient,
    RegisterKind,
)
from documents.services.arrival import (
    Attachment,
    Metadata,
    Sender,
    attachments_of,
    incoming_arrive,
    metadata_of,
)
from documents.services.common import event_record, transition_check
from documents.services.delivery import recipient_status_save
from documents.services.exchange import document_queue
from documents.services.files import file_bytes, file_store, signature_record
from documents.services.registers import register_next_number
from documents.services.revisions import (
    REPLACEMENT,
    REVOCATION,
    UPDATE,
    incoming_revise,
)
from documents.signing import pdf_sign, pdf_verify
from documents.workflow import (
    OUTGOING_TRANSITIONS,
    DeliveryStatus,
)


def outgoing_create(
    *,
    drafter: User,
    metadata: Metadata,
    recipients: list[Agency],
    external: list[tuple[ExchangePeer, str, str]] | None = None,
    attachments: list[Attachment],
    in_reply_to: IncomingDocument | None = None,
) -> OutgoingDocument:
    """An officer's draft with its files and recipients (agencies of this portal,
    or (peer, organ id, organ name) for agencies of a peer portal)."""
    if drafter.agency_id is None or not may_draft_documents(drafter):
        raise TransitionNotAllowed(
            "role", _("Chỉ chuyên viên hoặc lãnh đạo của cơ quan được soạn văn bản đi.")
        )
    fields = metadata.fields()
    fields.pop("number")
    with transaction.atomic():
        document = OutgoingDocument.objects.create(
            agency_id=drafter.agency_id,
            drafter=drafter,
            in_reply_to=in_reply_to,
            **fields,
        )
        for agency in recipients:
            if agency.pk == drafter.agency_id:
                raise DomainError("recipient", _("Không gửi văn bản cho chính mình."))
            OutgoingRecipient.objects.create(
                document=document,
                agency=agency,
                organ_id=agency.identifier or str(agency.uuid)[:16],
                organ_name=agency.name[:200],
            )
        for peer, organ_id, organ_name in external or []:
            OutgoingRecipient.objects.create(
                document=document, peer=peer, organ_id=organ_id, organ_name=organ_name
            )
        for attachment in attachments:
            file_store(
                document=document,
                data=attachment.data,
                name=attachment.name,
                content_type=attachment.content_type,
                user=drafter,
                is_main=attachment.is_main,
            )
        event_record(document, "create", "", drafter)
    return document


def outgoing_apply_action(
    *, uuid: Any, action: str, actor: User, **data: Any
) -> OutgoingDocument:
    """Apply a workflow action to an outgoing document (documents.workflow).

    Locks the document row, checks role, scope and guard (TransitionNotAllowed, a
    409), applies the action's effect (issue: number, signature, delivery), saves
    and appends a DocumentEvent.
    """
    with transaction.atomic():
        document = (
            OutgoingDocument.objects.select_for_update(of=("self",))
            .select_related("agency")
            .filter(uuid=uuid)
            .first()
        )
        if document is None:
            raise NotFound("not_found", _("Không tìm thấy văn bản."))
        transition = transition_check(
            OUTGOING_TRANSITIONS, document, action, actor, data
        )
        from_status = document.status
        document.status = transition.target
        kept = EFFECTS.get(action, _no_effect)(document, actor, data)
        document.save()
        event_record(
            document, action, from_status, actor, str(data.get("note") or ""), kept
        )
    return document


def _no_effect(document: OutgoingDocument, actor: User, data: dict[str, Any]) -> dict:
    return {}


def _approve(document: OutgoingDocument, actor: User, data: dict[str, Any]) -> dict:
    document.approver = actor
    document.signer_name = document.signer_name or actor.full_name[:50]
    return {}


def _issue(document: OutgoingDocument, actor: User, data: dict[str, Any]) -> dict:
    now = timezone.now()
    register, number = register_next_number(
        agency=document.agency,
        kind=RegisterKind.OUTGOING,
        on=timezone.localdate(now),
        secret=document.is_secret,
    )
    document.register = register
    document.number = number
    document.issued_on = timezone.localdate(now)
    document.issued_at = now
    for row in document.files.filter(is_main=True):
        _sign_file(document, row)
    for recipient in document.recipients.select_related("agency", "peer"):
        _deliver(document, recipient)
    return {"number": document.code}


def _sign_file(document: OutgoingDocument, row: DocumentFile) -> None:
    """Replace the file by its signed copy (the organisation's signature, Art. 14)."""
    verify_url = settings.SITE_URL + reverse("documents:verify-file", args=[row.uuid])
    signed = pdf_sign(
        agency=document.agency,
        data=file_bytes(row),
        verify_url=verify_url,
        reason=_("Phát hành văn bản %(code)s") % {"code": document.code},
        field_name=f"Issue{row.pk}",
    )
    row.file.save(row.original_name, ContentFile(signed), save=False)
    row.size = len(signed)
    row.sha256 = hashlib.sha256(signed).hexdigest()
    signature_record(row, pdf_verify(signed))
    row.save()


def _deliver(document: OutgoingDocument, recipient: OutgoingRecipient) -> None:
    if recipient.agency is not None:
        incoming_arrive(
            agency=recipient.agency,
            sender=Sender(
                name=document.agency.name,
                identifier=document.agency.identifier or "",
                agency=document.agency,
                origin=recipient,
                source=IncomingSource.PORTAL,
            ),
            metadata=metadata_of(document),
            attachments=attachments_of(document),
        )
        recipient_status_save(recipient, DeliveryStatus.SENT, "")
    else:
        document_queue(document=document, recipient=recipient)


def _replace(document: OutgoingDocument, actor: User, data: dict[str, Any]) -> dict:
    """A corrected version: the old files are kept as superseded, the new main
    PDF is signed and every recipient gets it."""
    document.files.filter(superseded_at__isnull=True).update(
        superseded_at=timezone.now()
    )
    for attachment in data["attachments"]:
        row = file_store(
            document=document,
            data=attachment.data,
            name=attachment.name,
            content_type=attachment.content_type,
            user=actor,
            is_main=attachment.is_main,
        )
        if row.is_main:
            _sign_file(document, row)
    document.version += 1
    _revise_recipients(document, REPLACEMENT, str(data.get("note") or ""))
    return {"version": document.version}


def _revoke(document: OutgoingDocument, actor: User, data: dict[str, Any]) -> dict:
    document.revoked_at = timezone.now()
    document.revoked_reason = str(data.get("note") or "").strip()
    _revise_recipients(document, REVOCATION, document.revoked_reason)
    return {}


def _amend(document: OutgoingDocument, actor: User, data: dict[str, Any]) -> dict:
    old, document.due_on = document.due_on, data["due_on"]
    _revise_recipients(document, UPDATE, str(data.get("note") or ""))
    return {"changes": {"due_on": [str(old or ""), str(document.due_on)]}}


def _revise_recipients(document: OutgoingDocument, kind: str, reason: str) -> None:
    """Each recipient of this portal has its incoming copy revised now; those of
    peer portals are sent the edXML message."""
    metadata = None if kind == REVOCATION else metadata_of(document)
    attachments = attachments_of(document) if kind == REPLACEMENT else []
    for recipient in document.recipients.select_related("agency", "peer"):
        if recipient.agency is None:
            document_queue(
                document=document,
                recipient=recipient,
                message_type=kind,
                description=reason,
            )
            continue
        copy = IncomingDocument.objects.filter(
            origin=recipient, revoked_at__isnull=True
        ).first()
        if copy is not None:
            incoming_revise(
                document_id=copy.pk,
                kind=kind,
                metadata=metadata,
                attachments=attachments,
                reason=reason,
            )


EFFECTS: dict[str, Callable[[OutgoingDocument, User, dict[str, Any]], dict]] = {
    "approve": _approve,
    "issue": _issue,
    "replace": _replace,
    "revoke": _revoke,
    "amend": _amend,
}
