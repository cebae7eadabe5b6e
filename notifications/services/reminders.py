"""Reminders sent by Celery beat each working morning (never on a day off)."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from accounts.models import User
from core.calendar import get_calendar
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
    """Each officer's digest of dossiers due within one working day and overdue.

    Nothing on a day off. A second run on the same day writes nothing (the key
    names the day). Returns the number of rows written.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not get_calendar().is_working_day(today):
        logger.info("No reminders on %s: not a working day.", today)
        return 0
    written = 0
    for officer, dossiers in selectors.officers_due(due_soon_limit(now)):
        with transaction.atomic():
            written += len(_officer_digest(officer, dossiers, now, today))
    return written


def _officer_digest(
    officer: User, dossiers: list[Dossier], now: datetime, today: date
) -> list[Notification]:
    overdue = [dossier for dossier in dossiers if dossier.is_overdue(now)]
    due_soon = [dossier for dossier in dossiers if not dossier.is_overdue(now)]
    return notify_staff(
        users=[officer],
        template="staff/officer_digest",
        key=f"remind:{today:%Y%m%d}",
        total=len(dossiers),
        overdue=[_digest_item(dossier) for dossier in overdue[:DIGEST_ITEMS]],
        overdue_count=len(overdue),
        overdue_more=max(len(overdue) - DIGEST_ITEMS, 0),
        due_soon=[_digest_item(dossier) for dossier in due_soon[:DIGEST_ITEMS]],
        due_soon_count=len(due_soon),
        due_soon_more=max(len(due_soon) - DIGEST_ITEMS, 0),
        link=rendering.worklist_link(),
    )


def _digest_item(dossier: Dossier) -> dict[str, str]:
    return {
        "code": dossier.code or "",
        "title": Truncator(dossier.procedure.name).chars(90),
        "due": rendering.when(dossier.due_at),
    }


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
