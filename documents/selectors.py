"""Reads of documents, scoped by accounts.permissions.

Staff see the documents of their agency (leaders also those of the units below);
citizens see none. Lists are ordered by an indexed (agency, time, id) key and read
page by page after a cursor: no COUNT and no sort over the whole table.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Concat
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Agency, Role
from accounts.permissions import AnyUser, has_role, is_system_admin, scope_queryset
from documents.models import (
    Assignment,
    Confidentiality,
    DocumentEvent,
    DocumentFile,
    ElectronicResult,
    IncomingDocument,
    OutgoingDocument,
)
from documents.workflow import OPEN_INCOMING, OutgoingStatus
from procedures.search import tokens


def _reads_secrets(user: AnyUser) -> bool:
    """Secret documents reach the leaders and the clerical office (văn thư) of the
    agency; other staff only those they handle or drafted (need to know)."""
    return is_system_admin(user) or has_role(user, Role.LEADER, Role.CLERK)


def incoming_list_for(user: AnyUser) -> QuerySet[IncomingDocument]:
    documents = scope_queryset(
        user, IncomingDocument.objects.all(), agency_fields=["agency"]
    )
    if _reads_secrets(user):
        return documents
    assigned = Assignment.objects.filter(document=OuterRef("pk"), assignee=user.pk)
    return documents.filter(
        Q(confidentiality=Confidentiality.NORMAL)
        | Q(handler=user.pk)
        | Q(Exists(assigned))
    )


def outgoing_list_for(user: AnyUser) -> QuerySet[OutgoingDocument]:
    documents = scope_queryset(
        user, OutgoingDocument.objects.all(), agency_fields=["agency"]
    )
    if _reads_secrets(user):
        return documents
    return documents.filter(
        Q(confidentiality=Confidentiality.NORMAL)
        | Q(drafter=user.pk)
        | Q(approver=user.pk)
    )


def _parse_uuid(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as error:
        raise Http404 from error


def incoming_get_for(user: AnyUser, key: Any) -> IncomingDocument:
    """The document, or Http404 when it is absent or outside the user's scope."""
    found = (
        incoming_list_for(user)
        .select_related("agency", "handler", "register")
        .prefetch_related("files")
        .filter(uuid=_parse_uuid(key))
        .first()
    )
    if found is None:
        raise Http404
    return found


def outgoing_get_for(user: AnyUser, key: Any) -> OutgoingDocument:
    found = (
        outgoing_list_for(user)
        .select_related("agency", "drafter", "approver")
        .prefetch_related("files", "recipients")
        .filter(uuid=_parse_uuid(key))
        .first()
    )
    if found is None:
        raise Http404
    return found


def summary_search(
    queryset: QuerySet[Any], text: str, *, within_scope: bool = True
) -> QuerySet[Any]:
    """Accent-insensitive search on the summary, word by word, like the catalogue
    (procedures.search): each normalized word must appear in `search_text`.

    Within an agency's scope the search walks the scope's documents newest first
    through the (agency, time) index, which includes the summary, and stops at the
    page: a common word costs a few hundred index entries, a rare one at most the
    agency's documents, and the table is never read. The planner cannot estimate
    LIKE '%word%' and would otherwise pick the trigram index, fetching every match
    in the province before sorting (a second at 2,000,000 documents). The words are
    therefore matched on `search_text || ''`, which no index serves. Across all
    agencies (administrators), the trigram index is the right tool and is used.
    """
    words = tokens(text)
    if not words:
        return queryset
    field = "search_text"
    if within_scope:
        queryset = queryset.alias(summary_walk=Concat("search_text", Value("")))
        field = "summary_walk"
    for word in words:
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset


def due_filter(
    queryset: QuerySet[Any], due: str, today: date | None = None
) -> QuerySet[Any]:
    """`overdue`: deadline passed and still open; `soon`: due within three days."""
    today = today or timezone.localdate()
    open_documents = queryset.filter(
        due_on__isnull=False, completed_at__isnull=True, status__in=OPEN_INCOMING
    )
    if due == "overdue":
        return open_documents.filter(due_on__lt=today)
    if due == "soon":
        return open_documents.filter(
            due_on__gte=today, due_on__lte=today + timedelta(days=3)
        )
    return queryset


def page_after(
    queryset: QuerySet[Any],
    time_field: str,
    cursor: tuple[datetime, int] | None,
    size: int,
) -> list[Any]:
    """One page, newest first, after `cursor` (the last row's time and id)."""
    ordered = queryset.order_by(f"-{time_field}", "-id")
    if cursor is not None:
        moment, last_id = cursor
        ordered = ordered.filter(
            Q(**{f"{time_field}__lt": moment})
            | Q(**{time_field: moment, "id__lt": last_id})
        )
    # Keys first from the index alone (see summary_search), then the rows by key.
    keys = list(ordered.values_list("pk", flat=True)[:size])
    rows = queryset.model._default_manager.in_bulk(keys)
    return [rows[key] for key in keys]


def incoming_history(document: IncomingDocument) -> QuerySet[DocumentEvent]:
    return DocumentEvent.objects.filter(incoming=document).order_by("at", "pk")


def outgoing_history(document: OutgoingDocument) -> QuerySet[DocumentEvent]:
    return DocumentEvent.objects.filter(outgoing=document).order_by("at", "pk")


def worklist_for(user: AnyUser) -> QuerySet[IncomingDocument]:
    """Open incoming documents the officer handles, soonest deadline first."""
    return (
        IncomingDocument.objects.filter(handler_id=user.pk, status__in=OPEN_INCOMING)
        .select_related("agency")
        .order_by("due_on", "-arrived_at")
    )


@dataclass(frozen=True)
class SignedRecord:
    """A signed file this portal issued, as the public verification page names it."""

    label: str
    sha256: str
    file: FieldFile


def _record_of(found: ElectronicResult | DocumentFile) -> SignedRecord:
    if isinstance(found, ElectronicResult):
        label = _("Kết quả điện tử của hồ sơ %(code)s") % {"code": found.dossier.code}
    else:
        label = _("Văn bản %(code)s do %(agency)s phát hành") % {
            "code": found.outgoing.code if found.outgoing else "",
            "agency": found.outgoing.agency.name if found.outgoing else "",
        }
    return SignedRecord(str(label), found.sha256, found.file)


def _issued_files() -> QuerySet[DocumentFile]:
    return DocumentFile.objects.select_related("outgoing__agency").filter(
        outgoing__status=OutgoingStatus.ISSUED, is_main=True
    )


def signed_record_get(key: Any) -> SignedRecord:
    """A signed result or issued document file by its public uuid (the QR code)."""
    key = _parse_uuid(key)
    found: ElectronicResult | DocumentFile | None = (
        ElectronicResult.objects.select_related("dossier").filter(uuid=key).first()
        or _issued_files().filter(uuid=key).first()
    )
    if found is None:
        raise Http404
    return _record_of(found)


def signed_record_by_digest(sha256: str) -> SignedRecord | None:
    found: ElectronicResult | DocumentFile | None = (
        ElectronicResult.objects.select_related("dossier").filter(sha256=sha256).first()
        or _issued_files().filter(sha256=sha256).first()
    )
    return _record_of(found) if found else None


def document_file_get_for(user: AnyUser, key: Any) -> DocumentFile:
    """A file of a document in the user's scope, or Http404."""
    key = _parse_uuid(key)
    found = (
        DocumentFile.objects.filter(uuid=key)
        .filter(
            Q(incoming__in=incoming_list_for(user))
            | Q(outgoing__in=outgoing_list_for(user))
        )
        .first()
    )
    if found is None:
        raise Http404
    return found


def electronic_result_of(dossier: Any) -> ElectronicResult | None:
    return ElectronicResult.objects.filter(dossier=dossier).first()


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def register_rows(agency: Any, kind: str, start: date, end: date) -> list[Any]:
    """The register's entries of `agency` for the period, in number order; secret
    documents are in their own register, never printed with these."""
    period = (_local_midnight(start), _local_midnight(end + timedelta(days=1)))
    if kind == "incoming":
        return list(
            IncomingDocument.objects.filter(
                agency=agency, registered_at__range=period, register__secret=False
            )
            .select_related("handler")
            .order_by("register__year", "arrival_number")
        )
    return list(
        OutgoingDocument.objects.filter(
            agency=agency,
            status=OutgoingStatus.ISSUED,
            issued_at__range=period,
            register__secret=False,
        )
        .prefetch_related("recipients")
        .order_by("register__year", "number")
    )


def handlers_due(today: date, *, within_days: int = 1) -> list[tuple[Any, list[Any]]]:
    """Handlers with open incoming documents overdue or due within `within_days`,
    each with their documents, soonest first (the morning reminders)."""
    documents = (
        IncomingDocument.objects.filter(
            status__in=OPEN_INCOMING,
            handler__isnull=False,
            due_on__lte=today + timedelta(days=within_days),
        )
        .select_related("handler")
        .order_by("handler_id", "due_on", "pk")
    )
    grouped: dict[int | None, tuple[Any, list[Any]]] = {}
    for document in documents:
        entry = grouped.setdefault(document.handler_id, (document.handler, []))
        entry[1].append(document)
    return list(grouped.values())


@dataclass(frozen=True)
class AgencyFigures:
    agency_id: int
    agency_name: str
    received: int
    sent: int
    on_time: int
    late: int
    open_overdue: int


def statistics_for(user: AnyUser, start: date, end: date) -> list[AgencyFigures]:
    """Per agency in the user's scope, for documents of the period: received
    (registered), sent (issued), handled on time, handled late, and still open
    past their deadline. Incoming figures follow the documents that arrived in the
    period (a cohort), so each is read through the (agency, arrived_at) index."""
    period = (_local_midnight(start), _local_midnight(end + timedelta(days=1)))
    today = timezone.localdate()
    done = Q(completed_at__isnull=False)
    late = done & Q(due_on__isnull=False, completed_at__date__gt=F("due_on"))
    incoming = (
        incoming_list_for(user)
        .filter(arrived_at__gte=period[0], arrived_at__lt=period[1])
        .order_by()
        .values("agency_id")
        .annotate(
            received=Count("id", filter=Q(arrival_number__isnull=False)),
            late=Count("id", filter=late),
            on_time=Count("id", filter=done & ~late),
            open_overdue=Count(
                "id", filter=Q(status__in=OPEN_INCOMING, due_on__lt=today)
            ),
        )
    )
    sent = dict(
        outgoing_list_for(user)
        .filter(
            status=OutgoingStatus.ISSUED,
            issued_at__gte=period[0],
            issued_at__lt=period[1],
        )
        .order_by()
        .values_list("agency_id")
        .annotate(count=Count("id"))
    )
    figures = {row["agency_id"]: row for row in incoming}
    names = dict(
        Agency.objects.filter(pk__in=set(figures) | set(sent)).values_list("id", "name")
    )
    return [
        AgencyFigures(
            agency_id=agency_id,
            agency_name=names.get(agency_id, ""),
            received=figures.get(agency_id, {}).get("received", 0),
            sent=sent.get(agency_id, 0),
            on_time=figures.get(agency_id, {}).get("on_time", 0),
            late=figures.get(agency_id, {}).get("late", 0),
            open_overdue=figures.get(agency_id, {}).get("open_overdue", 0),
        )
        for agency_id in sorted(names, key=lambda pk: names[pk])
    ]
