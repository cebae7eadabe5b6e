"""What arrives in an agency's queue: a document's metadata and files, from paper,
from an agency of this portal or from a peer portal (Art. 20–21)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Agency, User
from core.exceptions import DomainError
from documents.models import (
    ExchangePeer,
    IncomingDocument,
    IncomingSource,
    OutgoingDocument,
    OutgoingRecipient,
)
from documents.services.common import event_record
from documents.services.duplicates import duplicate_flag
from documents.services.files import file_bytes, file_store
from procedures.search import normalize


@dataclass(frozen=True)
class Metadata:
    """The metadata of a document as its issuer wrote it (Appendix VI)."""

    doc_type: str
    summary: str
    number: str = ""
    notation: str = ""
    issued_on: date | None = None
    signer_name: str = ""
    signer_position: str = ""
    urgency: str = "normal"
    confidentiality: str = "normal"
    page_count: int = 1
    due_on: date | None = None

    def fields(self) -> dict[str, Any]:
        values = dict(self.__dict__)
        values["search_text"] = normalize(self.summary)[:600]
        return values


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes
    content_type: str
    is_main: bool = True


@dataclass(frozen=True)
class Sender:
    name: str
    identifier: str = ""
    agency: Agency | None = None
    origin: OutgoingRecipient | None = None
    peer: ExchangePeer | None = None
    external_id: str = ""
    source: str = IncomingSource.PAPER


def incoming_arrive(
    *,
    agency: Agency,
    sender: Sender,
    metadata: Metadata,
    attachments: list[Attachment],
    actor: User | None = None,
) -> IncomingDocument:
    """A document arrives in `agency`'s queue, waiting for its clerk to register it.

    Called by the clerk for paper or e-mailed documents, by outgoing_issue for
    agencies of this portal and by the exchange endpoint for peer portals. Every
    PDF's signature is checked now and the outcome kept with the file.
    """
    if not attachments:
        raise DomainError("files", _("Cần đính kèm tệp văn bản."))
    with transaction.atomic():
        document = IncomingDocument.objects.create(
            agency=agency,
            sender_agency=sender.agency,
            sender_identifier=sender.identifier,
            sender_name=sender.name[:200],
            source=sender.source,
            origin=sender.origin,
            peer=sender.peer,
            external_id=sender.external_id,
            **metadata.fields(),
        )
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
        event_record(document, "arrive", "", actor, data={"sender": sender.name})
        duplicate_flag(document)
    return document


def metadata_of(document: OutgoingDocument) -> Metadata:
    return Metadata(
        doc_type=document.doc_type,
        summary=document.summary,
        number=str(document.number or ""),
        notation=document.notation,
        issued_on=document.issued_on,
        signer_name=document.signer_name,
        signer_position=document.signer_position,
        urgency=document.urgency,
        confidentiality=document.confidentiality,
        page_count=document.page_count,
        due_on=document.due_on,
    )


def attachments_of(document: OutgoingDocument) -> list[Attachment]:
    return [
        Attachment(row.original_name, file_bytes(row), row.content_type, row.is_main)
        for row in document.files.all()
        if row.superseded_at is None
    ]
