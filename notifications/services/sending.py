"""Sending: each row by exactly one task, retried while the provider is away.

A task claims its row with a conditional UPDATE from pending to sending, and only
the claimer sends. Transient failures put the row back for Celery's retry; the beat
sweep re-queues rows that stayed pending past a grace period (a message lost with
the broker) and reclaims rows stuck in sending (a worker lost while it sent).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from celery import Task, current_app
from celery.exceptions import Retry
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError

from notifications import mail, sms
from notifications.exceptions import DeliveryRefused, GatewayUnavailable
from notifications.models import Channel, Notification, Status

logger = logging.getLogger(__name__)

# The first try and five retries (tasks.notification_send), then the row fails.
MAX_ATTEMPTS = 6
RETRY_BACKOFF_SECONDS, RETRY_BACKOFF_MAX_SECONDS = 5, 600
SWEEP_GRACE = timedelta(minutes=2)
# Longer than CELERY_TASK_TIME_LIMIT: a row still sending after this has lost its
# worker (killed, or Redis lost the message while it ran), so it is sent again.
STUCK_AFTER = timedelta(minutes=10)
SWEEP_BATCH = 500
SEND_TASK = "notifications.tasks.notification_send"


def queue_on_commit(ids: list[int]) -> None:
    if ids:
        transaction.on_commit(functools.partial(queue_sending, ids))


def queue_sending(ids: list[int]) -> int:
    """Publish one send task per row and return how many went out.

    A broker outage never reaches the person who acted: the rows stay pending and
    the sweep queues them later. Eager mode (the embedded run) sends right here.
    """
    send = _send_task()
    for count, pk in enumerate(ids):
        try:
            send.delay(pk)
        except OperationalError:
            logger.warning(
                "Broker unreachable: %s notification(s) left to the sweep.",
                len(ids) - count,
            )
            return count
        except (GatewayUnavailable, Retry):
            # Only in eager mode, where the task runs here: the row stays pending.
            logger.warning("Notification %s not sent yet (eager run).", pk)
    return len(ids)


def _send_task() -> Task:
    """The registered `notifications.tasks.notification_send`.

    The tasks module imports these services to run them; the services reach the task
    through Celery's registry by its name instead of importing it back, so the two
    modules form no cycle (the import-linter contract in pyproject.toml).
    """
    task: Task = current_app.tasks[SEND_TASK]
    return task


def notification_claim(*, notification_id: int) -> bool:
    """Take a pending row for sending; False when it is done or another task has it.

    The conditional UPDATE is the lock: of two tasks delivered for one row (a
    redelivered message, a sweep racing the first task) only one changes it.
    """
    claimed = Notification.objects.filter(
        pk=notification_id, status=Status.PENDING
    ).update(
        status=Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    return claimed == 1


def notification_deliver(*, notification_id: int) -> str:
    """Send a row claimed by notification_claim and record the outcome.

    A refused address or message fails the row for good. A transient error puts
    the row back to pending and is raised again, for Celery to retry with backoff;
    after MAX_ATTEMPTS tries the row fails.
    """
    notification = Notification.objects.get(pk=notification_id)
    try:
        provider_id = _send(notification)
    except DeliveryRefused as error:
        return _fail(notification, str(error))
    except GatewayUnavailable as error:
        if notification.attempts >= MAX_ATTEMPTS:
            return _fail(
                notification, f"gave up after {notification.attempts}: {error}"
            )
        _release(notification, str(error))
        raise
    Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
        status=Status.SENT,
        sent_at=timezone.now(),
        provider_message_id=provider_id[:255],
        last_error="",
    )
    logger.info(
        "Notification %s sent by %s (attempt %s).",
        notification.pk,
        notification.channel,
        notification.attempts,
    )
    return Status.SENT


def _send(notification: Notification) -> str:
    reference = str(notification.uuid)
    if notification.channel == Channel.EMAIL:
        return mail.send(
            to=notification.recipient,
            subject=notification.subject,
            text=notification.text,
            html=notification.html,
            reference=reference,
        )
    if notification.channel == Channel.SMS:
        sms.international(notification.recipient)  # refuses a bad number early
        message = sms.Sms(notification.recipient, notification.text, reference)
        return sms.get_backend().send(message)
    raise DeliveryRefused(f"nothing to send on channel {notification.channel}")


def _fail(notification: Notification, error: str) -> str:
    Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
        status=Status.FAILED, last_error=error[:2000]
    )
    logger.warning("Notification %s failed: %s", notification.pk, error)
    return Status.FAILED


def _release(notification: Notification, error: str) -> None:
    """Back to pending; the sweep leaves it to Celery's retry until the longest
    backoff of this attempt has passed."""
    backoff = min(
        RETRY_BACKOFF_SECONDS * 2 ** (notification.attempts - 1),
        RETRY_BACKOFF_MAX_SECONDS,
    )
    Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
        status=Status.PENDING,
        last_error=error[:2000],
        next_attempt_at=timezone.now() + timedelta(seconds=backoff),
    )
    logger.info("Notification %s will be retried: %s", notification.pk, error)


def notification_sweep(*, now: datetime | None = None) -> int:
    """Re-queue what a lost message left behind; run every minute by beat.

    Rows stuck in `sending` longer than STUCK_AFTER go back to pending; rows pending
    for longer than SWEEP_GRACE are queued again, and their clock restarts so that
    a slow queue is not flooded with copies. Returns how many were queued.
    """
    now = now or timezone.now()
    Notification.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - STUCK_AFTER
    ).update(
        status=Status.PENDING,
        next_attempt_at=now - SWEEP_GRACE,
        last_error="reclaimed: the worker stopped while sending",
    )
    due = list(
        Notification.objects.filter(
            status=Status.PENDING, next_attempt_at__lte=now - SWEEP_GRACE
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    Notification.objects.filter(pk__in=due, status=Status.PENDING).update(
        next_attempt_at=now
    )
    return queue_sending(due)


@transaction.atomic
def notification_retry(*, notification_ids: Iterable[int]) -> int:
    """An administrator sends failed e-mails and SMS again (after fixing a setting
    or an address); queued on commit."""
    ids = list(
        Notification.objects.filter(pk__in=list(notification_ids), status=Status.FAILED)
        .exclude(channel=Channel.IN_APP)
        .values_list("pk", flat=True)
    )
    Notification.objects.filter(pk__in=ids, status=Status.FAILED).update(
        status=Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    queue_on_commit(ids)
    return len(ids)


def notification_delivery_report(
    *, message_id: str, delivered: bool, error: str = ""
) -> bool:
    """The SMS provider reports the fate of a sent message; False for an unknown id.

    Repeating a report changes nothing: only a `sent` row moves on.
    """
    if not message_id:
        return False
    rows = Notification.objects.filter(
        channel=Channel.SMS, provider_message_id=message_id
    )
    if not rows.exists():
        return False
    if delivered:
        rows.filter(status=Status.SENT).update(
            status=Status.DELIVERED, delivered_at=timezone.now()
        )
    else:
        rows.filter(status=Status.SENT).update(
            status=Status.FAILED, last_error=f"provider: {error}"[:2000]
        )
    return True
