"""Reads of notifications: preferences, in-app notices, who to tell, what to remind."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import groupby

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from accounts.models import AccountType, Role, User
from dossiers.models import DeliveryMethod, Dossier
from dossiers.workflow import OPEN_STATUSES, DossierStatus
from notifications.models import Channel, Notification, NotificationPreference

# The clock is paused while the applicant supplements: no reminder to the officer.
REMINDED_STATUSES = OPEN_STATUSES - {DossierStatus.SUPPLEMENT_REQUESTED}
RESULT_WAITING = "result_waiting"


def preference_for(user: User | None) -> NotificationPreference:
    """The user's saved choice, or the default (both channels), unsaved."""
    if user is None or user.pk is None:
        return NotificationPreference()
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference or NotificationPreference(user=user)


def notices_for(user: User) -> QuerySet[Notification]:
    """The messages on the user's "Thông báo" page, newest first: staff read their
    in-app notices; citizens and businesses, who get no in-app notices, read a copy
    of every SMS and e-mail sent to them."""
    notices = Notification.objects.filter(user=user)
    if user.account_type == AccountType.STAFF:
        notices = notices.filter(channel=Channel.IN_APP)
    return notices.order_by("-created_at", "-pk")


def unread_count(user: User) -> int:
    return notices_for(user).filter(read_at__isnull=True).count()


def staff_to_notify(dossier: Dossier, audience: str = "assignee") -> list[User]:
    """Who must act next: the assigned officer (`assignee`; the leaders while
    nobody is assigned), the processing agency's leaders (`leaders`), or the clerks
    of the receiving counter (`clerks`)."""
    if audience == "assignee" and dossier.assignee_id is not None:
        return list(User.objects.filter(pk=dossier.assignee_id, is_active=True))
    if audience == "clerks":
        return _staff_with(Role.CLERK, dossier.receiving_agency_id)
    return _staff_with(Role.LEADER, dossier.processing_agency_id)


def _staff_with(role: str, agency_id: int) -> list[User]:
    return list(
        User.objects.filter(agency=agency_id, roles__role=role, is_active=True)
        .distinct()
        .order_by("pk")
    )


def officers_due(limit: datetime) -> list[tuple[User, list[Dossier]]]:
    """Each active officer with their open dossiers due before `limit` (overdue
    ones included), the most urgent first."""
    dossiers = (
        Dossier.objects.select_related("procedure", "assignee")
        .filter(
            assignee__isnull=False,
            assignee__is_active=True,
            status__in=REMINDED_STATUSES,
            due_at__lte=limit,
        )
        .order_by("assignee_id", "due_at")
    )
    return [
        (items[0].assignee, items)
        for items in (
            list(group) for _key, group in groupby(dossiers, lambda d: d.assignee_id)
        )
        if items[0].assignee is not None
    ]


def results_waiting(now: datetime, *, interval: timedelta) -> QuerySet[Dossier]:
    """Results ready since before today and waiting at the counter, whose applicant
    had no reminder in the days of `interval` (a week: again on the same weekday)."""
    start_of_today = timezone.localtime(now).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    recent = Notification.objects.filter(
        dossier=OuterRef("pk"),
        kind=RESULT_WAITING,
        created_at__gte=start_of_today - interval + timedelta(days=1),
    )
    return (
        Dossier.objects.select_related(
            "procedure", "receiving_agency", "processing_agency", "owner"
        )
        .filter(
            status=DossierStatus.RESULT_READY,
            delivery_method=DeliveryMethod.COUNTER,
            resolved_at__lt=start_of_today,
        )
        .filter(~Exists(recent))
        .order_by("resolved_at")
    )
