"""Writing the national outbox: one row per dossier event, in the event's transaction.

`sync_record_transition` subscribes to dossiers.events (in the transaction, place 60):
it runs under the dossier's row lock, so the next sequence number of the dossier is
read and written without a race, and a rolled-back transition leaves no row. The
delivery task is queued on commit.
"""

from __future__ import annotations

import functools
import logging

from celery import Task, current_app
from celery.exceptions import Retry
from django.db import transaction
from django.db.models import Max

from core import broker
from dossiers.events import Transitioned
from national import mapping
from national.exceptions import PortalUnavailable
from national.models import NationalSync, SyncStatus

logger = logging.getLogger(__name__)

SEND_TASK = "national.tasks.national_sync_send"


def sync_record_transition(change: Transitioned) -> None:
    """Subscriber of every dossier transition: the event joins the dossier's queue
    to the national portal. Drafts have no code and are not reported (the portal
    learns of a dossier when it is submitted or received at the counter)."""
    dossier = change.dossier
    if not dossier.code:
        return
    last = NationalSync.objects.filter(dossier=dossier).aggregate(last=Max("sequence"))
    row = NationalSync.objects.create(
        dossier=dossier,
        event=change.event,
        sequence=(last["last"] or 0) + 1,
        national_status=mapping.national_status(change.target),
        created_at=change.at,
        next_attempt_at=change.at,
    )
    queue_on_commit_ids([_head(row)])


def _head(row: NationalSync) -> int:
    """The dossier's first pending event whose backoff is over: queued rather than
    the new one, which follows it. After an outage, a dossier's next event starts
    its queue moving again without waiting for the sweep."""
    head = (
        NationalSync.objects.filter(
            dossier_id=row.dossier_id,
            status=SyncStatus.PENDING,
            next_attempt_at__lte=row.created_at,
        )
        .order_by("sequence")
        .values_list("pk", flat=True)
        .first()
    )
    return head or row.pk


def queue_on_commit_ids(ids: list[int]) -> None:
    if ids:
        transaction.on_commit(functools.partial(queue_sending, ids))


def send_task() -> Task:
    """The registered `national.tasks.national_sync_send`, reached by name so that
    the tasks module may import the services without a cycle."""
    task: Task = current_app.tasks[SEND_TASK]
    return task


def queue_sending(ids: list[int], *, sweeping: bool = False) -> int:
    """Publish one delivery task per row; a broker outage leaves them to the sweep.
    Eager mode (the embedded run) delivers right here."""
    task = send_task()
    for count, pk in enumerate(ids):
        try:
            published = broker.publish(task, pk, during_pause=sweeping)
        except (PortalUnavailable, Retry):
            # Only in eager mode, where the task runs here: the row waits.
            logger.warning("National sync %s not delivered yet (eager run).", pk)
            continue
        if not published:
            logger.warning("Broker unreachable: %s national sync(s) left to the sweep.",
                           len(ids) - count)  # fmt: skip
            return count
    return len(ids)
