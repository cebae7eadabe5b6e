"""Duplicate incoming documents (DOMAIN.md §6.1: duplicate detection by identifier
or number + notation + issuer).

The same document often arrives twice: by paper and through the system, or from a
sender that re-sent it. On arrival, a document of the same issuer with the same
number and date, or whose main file has the same content (SHA-256), already
received by the agency flags the newcomer (`duplicate_of`); the clerk then merges
it into the first (status "merged", no second arrival number) or keeps it apart.
Registering waits until the clerk has decided (documents.workflow).
"""

from __future__ import annotations

from django.db.models import Q

from documents.models import DocumentFile, IncomingDocument
from documents.services.common import event_record
from documents.workflow import IncomingStatus

# What a first copy may be: anything received but returned or itself merged.
_ORIGINALS = ~Q(status__in=[IncomingStatus.RETURNED, IncomingStatus.MERGED])


def duplicate_flag(document: IncomingDocument) -> IncomingDocument | None:
    """Flag `document` (just arrived, files stored) if the agency received it
    before; inside the arrival's transaction. Returns the first copy, if any."""
    found, reason = _same_number(document), "number"
    if found is None:
        found, reason = _same_content(document), "content"
    if found is None:
        return None
    document.duplicate_of = found
    document.save(update_fields=["duplicate_of"])
    event_record(
        document,
        "flag_duplicate",
        document.status,
        None,
        data={"duplicate_of": str(found.uuid), "reason": reason},
    )
    return found


def _same_number(document: IncomingDocument) -> IncomingDocument | None:
    if not document.number or document.issued_on is None:
        return None
    issuer = (
        Q(sender_identifier=document.sender_identifier)
        if document.sender_identifier
        else Q(sender_name__iexact=document.sender_name.strip())
    )
    return (
        IncomingDocument.objects.filter(
            _ORIGINALS,
            issuer,
            agency_id=document.agency_id,
            number=document.number,
            issued_on=document.issued_on,
        )
        .exclude(pk=document.pk)
        .order_by("arrived_at", "pk")
        .first()
    )


def _same_content(document: IncomingDocument) -> IncomingDocument | None:
    digests = list(document.files.filter(is_main=True).values_list("sha256", flat=True))
    if not digests:
        return None
    copy = (
        DocumentFile.objects.filter(
            sha256__in=digests,
            incoming__isnull=False,
            incoming__agency_id=document.agency_id,
        )
        .exclude(incoming_id=document.pk)
        .exclude(incoming__status__in=[IncomingStatus.RETURNED, IncomingStatus.MERGED])
        .order_by("incoming__arrived_at", "incoming_id")
        .values_list("incoming_id", flat=True)
        .first()
    )
    return IncomingDocument.objects.get(pk=copy) if copy else None
