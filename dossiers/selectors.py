"""Reads of dossiers, always scoped by the permission module."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.permissions import AnyUser, is_staff_member, scope_queryset
from core.calendar import get_calendar
from dossiers.models import Dossier, DossierEvent, DossierFile, by_reference
from dossiers.workflow import OPEN_STATUSES, DossierStatus

# Enough of the ID or phone number that a stranger cannot guess it.
MIN_VERIFY_DIGITS = 4
# Files of the result reach the applicant only once the leader has signed.
RESULT_VISIBLE = frozenset({DossierStatus.RESULT_READY, DossierStatus.RETURNED})


def _base() -> QuerySet[Dossier]:
    return Dossier.objects.select_related(
        "procedure",
        "procedure__field",
        "receiving_agency",
        "processing_agency",
        "assignee",
    )


def dossier_list_for(user: AnyUser) -> QuerySet[Dossier]:
    """Dossiers `user` may see: their own, or their agencies' (never others' drafts)."""
    dossiers = scope_queryset(
        user,
        _base(),
        owner_field="owner",
        agency_fields=["receiving_agency", "processing_agency"],
    )
    if is_staff_member(user):
        # Drafts, and drafts withdrawn before submission, are the applicant's alone.
        dossiers = dossiers.exclude(Q(code__isnull=True) & ~Q(owner=user.pk))
    # A cancelled draft ("Hủy bản nháp") is gone for its owner too, on the page and
    # the API alike; its history stays in the database.
    return dossiers.exclude(code__isnull=True, status=DossierStatus.WITHDRAWN)


def dossier_get_for(user: AnyUser, code: str) -> Dossier:
    """The dossier `code` if `user` may see it; 404 for absent and foreign alike."""
    dossier = (
        dossier_list_for(user)
        .prefetch_related(*detail_prefetches())
        .filter(by_reference(code))
        .first()
    )
    if dossier is None:
        raise Http404("No such dossier.")
    return dossier


def result_visible_to(user: AnyUser, dossier: Dossier) -> bool:
    """Staff in scope see the result; the applicant once it is signed and, when the
    fees are due with the result, paid (not while it waits in national status 6)."""
    return is_staff_member(user) or dossier.status in RESULT_VISIBLE


def file_visible_to(user: AnyUser, dossier: Dossier, file: DossierFile) -> bool:
    """Staff in scope see every file; the applicant sees a result once visible."""
    return file.kind != DossierFile.Kind.RESULT or result_visible_to(user, dossier)


def dossier_files_for(user: AnyUser, dossier: Dossier) -> list[DossierFile]:
    """The files of `dossier` that `user` sees, for the page and the API alike."""
    return [f for f in dossier.files.all() if file_visible_to(user, dossier, f)]


def detail_prefetches() -> list[Any]:
    return [
        "procedure__components",
        Prefetch("events", queryset=DossierEvent.objects.select_related("actor")),
        Prefetch("files", queryset=DossierFile.objects.select_related("component")),
        "steps__agency",
        "pauses",
    ]


LOOKUP_FIELDS = (
    "code",
    "status",
    "applicant_name",
    "applicant_phone",
    "applicant_id_number",
    "submitted_at",
    "received_at",
    "due_at",
    "resolved_at",
    "returned_at",
    "procedure__name",
    "receiving_agency__name",
    "processing_agency__name",
)
LOOKUP_EVENT_FIELDS = (
    "dossier_id",
    "action",
    "from_status",
    "to_status",
    "at",
    "note",
    "form_code",
    "data",
)


def dossier_lookup(*, code: str, verify: str) -> Dossier | None:
    """Public lookup: the code plus the last digits of the phone or ID number."""
    digits = "".join(character for character in verify if character.isdigit())
    if len(digits) < MIN_VERIFY_DIGITS or not code:
        return None
    dossier = (
        # Only the columns the public page shows: a lookup is a busy public request
        # (bench/load.py), and the procedure's texts are long.
        Dossier.objects.select_related(
            "procedure", "receiving_agency", "processing_agency"
        )
        .only(*LOOKUP_FIELDS)
        .prefetch_related(
            Prefetch("events", queryset=DossierEvent.objects.only(*LOOKUP_EVENT_FIELDS))
        )
        .exclude(status=DossierStatus.DRAFT)
        .filter(code=code.strip())
        .first()
    )
    if dossier is None:
        return None
    numbers = (dossier.applicant_phone, dossier.applicant_id_number)
    return dossier if any(number.endswith(digits) for number in numbers) else None


def reception_queue(user: AnyUser) -> QuerySet[Dossier]:
    """Online dossiers waiting at the user's counter, oldest first."""
    return (
        dossier_list_for(user)
        .filter(status=DossierStatus.SUBMITTED)
        .order_by("submitted_at")
    )


def results_to_return(user: AnyUser) -> QuerySet[Dossier]:
    return (
        dossier_list_for(user)
        .filter(status=DossierStatus.RESULT_READY)
        .order_by("resolved_at")
    )


def officer_worklist(user: AnyUser) -> QuerySet[Dossier]:
    """The officer's open dossiers, the most urgent first."""
    return (
        dossier_list_for(user)
        .filter(assignee=user.pk, status__in=OPEN_STATUSES)
        .order_by("due_at")
    )


def assignment_queue(user: AnyUser) -> QuerySet[Dossier]:
    """Received dossiers of the leader's agencies waiting for an officer."""
    return (
        dossier_list_for(user).filter(status=DossierStatus.RECEIVED).order_by("due_at")
    )


def approval_queue(user: AnyUser) -> QuerySet[Dossier]:
    return (
        dossier_list_for(user)
        .filter(status=DossierStatus.AWAITING_APPROVAL)
        .order_by("due_at")
    )


def due_soon_limit(now: datetime | None = None) -> datetime:
    """Dossiers due by this moment are "due soon": within one working day."""
    calendar = get_calendar()
    return calendar.add_working_time(now or timezone.now(), calendar.day_length)
