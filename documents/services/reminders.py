"""The handlers' morning digest of incoming documents near or past their deadline,
sent through the notifications outbox (in-app, and SMS or e-mail as chosen)."""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from accounts.models import User
from core.calendar import get_calendar
from documents.models import IncomingDocument
from documents.selectors import handlers_due
from notifications import rendering
from notifications.models import Notification
from notifications.services import notify_staff

logger = logging.getLogger(__name__)
DIGEST_ITEMS = 10


def remind_handlers(*, now: datetime | None = None) -> int:
    """Each handler's digest of open documents overdue or due by tomorrow.

    Nothing on a day off; a second run on the same day writes nothing (the key
    names the day). Returns the number of notification rows written.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not get_calendar().is_working_day(today):
        logger.info("No document reminders on %s: not a working day.", today)
        return 0
    written = 0
    for handler, documents in handlers_due(today):
        with transaction.atomic():
            written += len(_digest(handler, documents, today))
    return written


def _digest(
    handler: User, documents: list[IncomingDocument], today: date
) -> list[Notification]:
    overdue = [d for d in documents if d.due_on is not None and d.due_on < today]
    return notify_staff(
        users=[handler],
        template="staff/document_digest",
        key=f"remind-documents:{today:%Y%m%d}",
        total=len(documents),
        overdue_count=len(overdue),
        items=[
            {
                "title": Truncator(d.summary).chars(90),
                "due": d.due_on.strftime("%d/%m/%Y") if d.due_on else "",
            }
            for d in documents[:DIGEST_ITEMS]
        ],
        more=max(len(documents) - DIGEST_ITEMS, 0),
        link=rendering.absolute(reverse("documents:worklist")),
    )
