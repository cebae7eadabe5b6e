"""Delivering the outbox to the national portal: in order per dossier, each event by
exactly one task, retried while the portal is away.

The six steps of DOMAIN.md §7 for one event: (1) token, then for the first event of a
dossier (2) register its code, (3) upload its files with their SHA-256 hashes and
(4) create it; for every later event (3) the files added since the previous one;
then (5) the progress log entry and (6) the status with its national code. Each step
carries the idempotency key `<row uuid>:<step>`, so a retry after a lost answer
changes nothing twice.

Order: a row is claimed only when every earlier row of its dossier is synced; when
one is synced, the next one is queued. A rejected or failed row holds the dossier's
later rows back until someone retries it (the reconciliation page shows them).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone, translation

from accounts.selectors import administrative_unit_in
from core import broker
from dossiers import display
from dossiers.models import DossierFile
from national import client, mapping
from national.exceptions import PortalRejected, PortalUnavailable
from national.models import NationalSync, SyncStatus
from national.services.outbox import queue_on_commit_ids, queue_sending, send_task

logger = logging.getLogger(__name__)

# The first try and seven retries (tasks.national_sync_send), then the row fails.
MAX_ATTEMPTS = 8
SWEEP_GRACE = timedelta(minutes=2)
# Longer than CELERY_TASK_TIME_LIMIT: a row still sending after this lost its worker.
STUCK_AFTER = timedelta(minutes=10)
SWEEP_BATCH = 500


def _earlier_unsynced() -> Exists:
    return Exists(
        NationalSync.objects.filter(
            dossier_id=OuterRef("dossier_id"), sequence__lt=OuterRef("sequence")
        ).exclude(status=SyncStatus.SYNCED)
    )


def sync_claim(*, sync_id: int) -> bool:
    """Take a pending row whose earlier rows are all synced; False otherwise.

    The conditional UPDATE is the lock: of two tasks for one row only one changes it.
    """
    claimed = (
        NationalSync.objects.filter(pk=sync_id, status=SyncStatus.PENDING)
        .exclude(_earlier_unsynced())
        .update(
            status=SyncStatus.SENDING,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )
    return claimed == 1


def sync_deliver(*, sync_id: int, backoff: int, backoff_max: int) -> str:
    """Send a claimed row's steps and record the outcome; queue the dossier's next.

    A refusal rejects the row for good, with the portal's reason. A transient error
    puts it back to pending and is raised again for Celery to retry; after
    MAX_ATTEMPTS tries the row fails.
    """
    row = NationalSync.objects.select_related(
        "dossier__procedure",
        "dossier__receiving_agency",
        "dossier__processing_agency",
        "event__agency",
    ).get(pk=sync_id)
    try:
        with translation.override("vi"):
            answers = _steps(row)
    except PortalRejected as error:
        return _finish(row, SyncStatus.REJECTED, f"{error.code}: {error.detail}")
    except PortalUnavailable as error:
        if row.attempts >= MAX_ATTEMPTS:
            return _finish(
                row, SyncStatus.FAILED, f"gave up after {row.attempts}: {error}"
            )
        _release(row, str(error), min(backoff * 2 ** (row.attempts - 1), backoff_max))
        raise
    NationalSync.objects.filter(pk=row.pk, status=SyncStatus.SENDING).update(
        status=SyncStatus.SYNCED,
        synced_at=timezone.now(),
        response=answers,
        last_error="",
    )
    logger.info(
        "National sync %s of dossier %s synced.", row.sequence, row.dossier.code
    )
    _queue_next(row)
    return SyncStatus.SYNCED


def _steps(row: NationalSync) -> dict[str, Any]:
    dossier, event = row.dossier, row.event
    key = str(row.uuid)
    answers: dict[str, Any] = {}
    if row.is_creation:
        registered = client.call(
            "dossier-code",
            {
                "MaHoSo": dossier.code,
                "MaDonViTiepNhan": dossier.receiving_agency.identifier,
            },
            key=f"{key}:code",
        )
        answers["MaHoSo"] = registered.get("MaHoSo", dossier.code)
    files = _upload(row, _files_of(row))
    answers["files"] = [answer for _stored, answer in files]
    answers["file_ids"] = [stored.pk for stored, _answer in files]
    if row.is_creation:
        client.call(
            "dossiers",
            mapping.dossier_payload(
                dossier,
                status=row.national_status,
                files=files,
                unit=administrative_unit_in(dossier.applicant_address),
            ),
            key=f"{key}:create",
        )
    client.call(
        "progress",
        mapping.progress_payload(
            event,
            sequence=row.sequence,
            status=row.national_status,
            content=display.sentence(dossier, event, for_staff=True),
            files=[answer for _stored, answer in files] if not row.is_creation else [],
        ),
        key=f"{key}:progress",
    )
    client.call(
        "status",
        mapping.status_payload(
            event, sequence=row.sequence, status=row.national_status
        ),
        key=f"{key}:status",
    )
    return answers


def _files_of(row: NationalSync) -> QuerySet[DossierFile]:
    """The dossier's components and results not sent with an earlier event and
    added before its next event: what came while the dossier was in the status
    this event set (a supplement, the result). The agency's forms stay here."""
    sent: set[int] = set()
    earlier = NationalSync.objects.filter(
        dossier_id=row.dossier_id, sequence__lt=row.sequence, status=SyncStatus.SYNCED
    )
    for response in earlier.values_list("response", flat=True):
        sent.update(response.get("file_ids", []))
    files = DossierFile.objects.filter(
        dossier_id=row.dossier_id,
        kind__in=[DossierFile.Kind.COMPONENT, DossierFile.Kind.RESULT],
    ).exclude(pk__in=sent)
    # Delivered late (after an outage), an event still carries only what came
    # before the dossier's next event.
    following = (
        NationalSync.objects.filter(
            dossier_id=row.dossier_id, sequence=row.sequence + 1
        )
        .values_list("event__at", flat=True)
        .first()
    )
    if following is not None:
        files = files.filter(uploaded_at__lt=following)
    return files.select_related("component").order_by("uploaded_at", "pk")


def _upload(
    row: NationalSync, files: Iterable[DossierFile]
) -> list[tuple[DossierFile, dict[str, Any]]]:
    """Step 3: each file with its hash; the portal's hash must be ours."""
    uploaded = []
    for stored in files:
        with stored.file.open("rb") as handle:
            content = handle.read()
        if hashlib.sha256(content).hexdigest() != stored.sha256:
            raise PortalRejected("local_hash", f"file {stored.pk} changed since upload")
        answer = client.call(
            "files",
            mapping.file_payload(row.dossier, stored, content),
            key=f"{row.uuid}:file:{stored.pk}",
        )
        if answer.get("HashTepTin") != stored.sha256 or not answer.get("IdTepTin"):
            raise PortalRejected("hash", f"the portal stored file {stored.pk} altered")
        uploaded.append(
            (stored, {"IdTepTin": answer["IdTepTin"], "HashTepTin": stored.sha256})
        )
    return uploaded


def _finish(row: NationalSync, status: str, error: str) -> str:
    NationalSync.objects.filter(pk=row.pk, status=SyncStatus.SENDING).update(
        status=status, last_error=error[:2000]
    )
    logger.warning("National sync %s of dossier %s %s: %s",
                   row.sequence, row.dossier.code, status, error)  # fmt: skip
    return status


def _release(row: NationalSync, error: str, backoff: int) -> None:
    """Back to pending; the sweep leaves it to Celery's retry until its backoff."""
    NationalSync.objects.filter(pk=row.pk, status=SyncStatus.SENDING).update(
        status=SyncStatus.PENDING,
        last_error=error[:2000],
        next_attempt_at=timezone.now() + timedelta(seconds=backoff),
    )
    logger.info("National sync %s will be retried: %s", row.pk, error)


def _queue_next(row: NationalSync) -> None:
    following = (
        NationalSync.objects.filter(
            dossier_id=row.dossier_id,
            sequence=row.sequence + 1,
            status=SyncStatus.PENDING,
        )
        .values_list("pk", flat=True)
        .first()
    )
    if following is not None:
        broker.publish(send_task(), following, during_pause=True)


def sync_sweep(*, now: datetime | None = None, at_once: bool = False) -> int:
    """Re-queue what a lost message left behind; run every minute by beat.

    Rows stuck in `sending` go back to pending; the first pending row of each
    dossier whose time has come (past its backoff and a grace period) is queued.
    `at_once` queues every dossier's first pending row now (`manage.py
    national_sync`, after an outage or in the embedded run, which has no beat).
    """
    if not client.is_configured():
        return 0
    now = now or timezone.now()
    NationalSync.objects.filter(
        status=SyncStatus.SENDING, claimed_at__lt=now - STUCK_AFTER
    ).update(
        status=SyncStatus.PENDING,
        next_attempt_at=now - SWEEP_GRACE,
        last_error="reclaimed: the worker stopped while sending",
    )
    pending = NationalSync.objects.filter(status=SyncStatus.PENDING)
    if not at_once:
        pending = pending.filter(next_attempt_at__lte=now - SWEEP_GRACE)
    due = list(
        pending.exclude(_earlier_unsynced())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    NationalSync.objects.filter(pk__in=due, status=SyncStatus.PENDING).update(
        next_attempt_at=now
    )
    return queue_sending(due, sweeping=True)


@transaction.atomic
def sync_retry(*, sync_ids: Iterable[int]) -> int:
    """An administrator sends failed or rejected events again (after the portal came
    back or the data was corrected); queued on commit."""
    ids = list(
        NationalSync.objects.filter(
            pk__in=list(sync_ids), status__in=[SyncStatus.FAILED, SyncStatus.REJECTED]
        ).values_list("pk", flat=True)
    )
    NationalSync.objects.filter(pk__in=ids).update(
        status=SyncStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    queue_on_commit_ids(ids)
    return len(ids)
