"""The issuer's later word on a document it sent: replacement, revocation, update.

edXML names three messages besides a new document (DOMAIN.md §6.3): a replacement
(a corrected version: new files and metadata, the document keeps its place in the
recipient's register), a revocation (thu hồi: the sender withdraws it; the recipient
keeps it for the record but may no longer act on it) and an update (metadata only,
e.g. a new deadline). They reach an incoming document the same way whether its
issuer is an agency of this portal (`outgoing_revise`) or of a peer portal (the
exchange endpoint). Each change is one history row with what changed.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import DomainError
from documents.models import IncomingDocument
from documents.services.arrival import Attachment, Metadata
from documents.services.common import event_record
from documents.services.files import file_store

REPLACEMENT, REVOCATION, UPDATE = "replacement", "revocation", "update"
REVISIONS = (REPLACEMENT, REVOCATION, UPDATE)
# The history's action for each message.
ACTIONS = {REPLACEMENT: "replace", REVOCATION: "revoke", UPDATE: "update"}
# What an update or a replacement may change; the recipient's own data (arrival
# number, handler, status) and the confidentiality never come from the sender.
REVISED_FIELDS = (
    "doc_type",
    "summary",
    "number",
    "notation",
    "issued_on",
    "signer_name",
    "signer_position",
    "urgency",
    "page_count",
    "due_on",
)


def incoming_revise(
    *,
    document_id: int,
    kind: str,
    metadata: Metadata | None,
    attachments: list[Attachment],
    reason: str,
    actor: User | None = None,
) -> IncomingDocument:
    """Apply the issuer's replacement, revocation or update to an incoming
    document, under its row lock, with a history row. A revoked document takes
    nothing more."""
    if kind == REPLACEMENT and not attachments:
        raise DomainError("files", _("Văn bản thay thế cần có tệp văn bản."))
    with transaction.atomic():
        document = IncomingDocument.objects.select_for_update().get(pk=document_id)
        if document.revoked_at is not None:
            raise DomainError("revoked", _("Văn bản đã bị nơi gửi thu hồi."))
        now = timezone.now()
        data: dict[str, Any] = {}
        if kind == REVOCATION:
            document.revoked_at = now
            document.revoked_reason = reason.strip()
        else:
            data["changes"] = _apply_metadata(document, metadata)
        if kind == REPLACEMENT:
            document.files.filter(superseded_at__isnull=True).update(superseded_at=now)
            for attachment in attachments:
                file_store(
                    document=document,
                    data=attachment.data,
                    name=attachment.name,
                    content_type=attachment.content_type,
                    user=actor,
                    is_main=attachment.is_main,
                    check_signature=True,
                )
            document.version += 1
            data["version"] = document.version
        document.save()
        event_record(document, ACTIONS[kind], document.status, actor, reason, data)
    return document


def _apply_metadata(
    document: IncomingDocument, metadata: Metadata | None
) -> dict[str, list[str]]:
    """Set the issuer's new metadata; the changed fields as [old, new] text."""
    if metadata is None:
        return {}
    new = metadata.fields()
    changes = {}
    for name in REVISED_FIELDS:
        old = getattr(document, name)
        if new[name] != old:
            changes[name] = [str(old or ""), str(new[name] or "")]
            setattr(document, name, new[name])
    document.search_text = new["search_text"]
    return changes
