"""Reminders sent by Celery beat each working morning (never on a day off)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from accounts.models import User
from core.calendar import WorkingCalendar, get_calendar
from dossiers.models import Dossier
from dossiers.selectors import due_soon_limit
from notifications import rendering, selectors
from notifications.models import Notification
from notifications.services.outbox import (
    dossier_context,
    notify_applicant,
    notify_staff,
)

logger = logging.getLogger(__name__)

RESULT_REMINDER_INTERVAL = timedelta(days=7)
DIGEST_ITEMS = 10


def remind_officers(*, now: datetime | None = None) -> int:
    """Each officer's digest of dossiers overdue, due within one working day, and
    due within two whose apology would be late after today (DOMAIN.md decision 7:
    the apology comes at least one working day before the due date).

    Nothing on a day off. A second run on the same day writes nothing (the key
    names the day). Returns the number of rows written.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    calendar = get_calendar()
    if not calendar.is_working_day(today):
        logger.info("No reminders on %s: not a working day.", today)
        return 0
    soon = due_soon_limit(now)
    horizon = calendar.add_working_time(soon, calendar.day_length)
    written = 0
    for officer, dossiers in selectors.officers_due(horizon):
        digest = Digest.of(dossiers, now, soon)
        if digest.total:
            with transaction.atomic():
                written += len(_officer_digest(officer, digest, today))
    return written


@dataclass(frozen=True)
class Digest:
    overdue: list[Dossier]
    due_soon: list[Dossier]
    apology_due: list[Dossier]

    @classmethod
    def of(cls, dossiers: list[Dossier], now: datetime, soon: datetime) -> Digest:
        later = [d for d in dossiers if d.due_at is not None and d.due_at > soon]
        return cls(
            overdue=[d for d in dossiers if d.is_overdue(now)],
            due_soon=[d for d in dossiers if not d.is_overdue(now) and d not in later],
            apology_due=[d for d in later if d.apologized_at is None],
        )

    @property
    def total(self) -> int:
        return len(self.overdue) + len(self.due_soon) + len(self.apology_due)


def _officer_digest(officer: User, digest: Digest, today: date) -> list[Notification]:
    calendar = get_calendar()
    apology = [
        {**_digest_item(d), "before": rendering.when(apology_deadline(d, calendar))}
        for d in digest.apology_due[:DIGEST_ITEMS]
    ]
    return notify_staff(
        users=[officer],
        template="staff/officer_digest",
        key=f"remind:{today:%Y%m%d}",
        total=digest.total,
        overdue=[_digest_item(dossier) for dossier in digest.overdue[:DIGEST_ITEMS]],
        overdue_count=len(digest.overdue),
        overdue_more=max(len(digest.overdue) - DIGEST_ITEMS, 0),
        due_soon=[_digest_item(dossier) for dossier in digest.due_soon[:DIGEST_ITEMS]],
        due_soon_count=len(digest.due_soon),
        due_soon_more=max(len(digest.due_soon) - DIGEST_ITEMS, 0),
        apology=apology,
        apology_more=max(len(digest.apology_due) - DIGEST_ITEMS, 0),
        link=rendering.worklist_link(),
    )


def _digest_item(dossier: Dossier) -> dict[str, str]:
    return {
        "code": dossier.code or "",
        "title": Truncator(dossier.procedure.name).chars(90),
        "due": rendering.when(dossier.due_at),
    }


def apology_deadline(dossier: Dossier, calendar: WorkingCalendar) -> datetime:
    """The last moment an apology is in time: one working day before the due date
    (the same time of day on the working day before, every day having the same
    working periods)."""
    local = timezone.localtime(dossier.due_at)
    day = local.date() - timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, local.time()))


def remind_collection(*, now: datetime | None = None) -> int:
    """Remind applicants whose result waits at the counter (at most once a week).

    Nothing on a day off; a second run on the same day writes nothing.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not get_calendar().is_working_day(today):
        logger.info("No reminders on %s: not a working day.", today)
        return 0
    written = 0
    waiting = selectors.results_waiting(now, interval=RESULT_REMINDER_INTERVAL)
    for dossier in waiting:
        with transaction.atomic():
            written += len(
                notify_applicant(
                    dossier=dossier,
                    template=f"applicant/{selectors.RESULT_WAITING}",
                    key=f"collect:{today:%Y%m%d}:{dossier.pk}",
                    **dossier_context(dossier),
                )
            )
    return written
