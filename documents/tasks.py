"""Celery tasks of documents: delivering the exchange outbox to peer portals and
signing the electronic results of approved dossiers."""

import logging
from datetime import timedelta

from celery import shared_task
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError

from core.exceptions import DomainError
from documents import services
from documents.models import ElectronicResult, ExchangeMessage
from documents.services import reminders, results
from dossiers.events import Transitioned

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(services.PeerUnavailable,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=8,
)
def exchange_deliver(message_pk: int) -> None:
    """Post one outbox message; harmless to run twice (claimed by a conditional
    UPDATE, and a peer answers a replay with 409)."""
    claimed = ExchangeMessage.objects.filter(
        pk=message_pk, state=ExchangeMessage.State.PENDING
    ).update(state=ExchangeMessage.State.SENDING, attempts=F("attempts") + 1)
    if not claimed:
        return
    message = ExchangeMessage.objects.select_related("peer").get(pk=message_pk)
    try:
        services.message_send(message)
    except services.PeerUnavailable as error:
        _release(message, str(error))
        if exchange_deliver.request.retries >= (exchange_deliver.max_retries or 0):
            services.message_failed(message, str(error))
            return
        raise
    except DomainError as error:
        services.message_failed(message, error.message)
        return
    ExchangeMessage.objects.filter(pk=message_pk).update(
        state=ExchangeMessage.State.DONE, done_at=timezone.now(), last_error=""
    )


def _release(message: ExchangeMessage, error: str) -> None:
    ExchangeMessage.objects.filter(pk=message.pk).update(
        state=ExchangeMessage.State.PENDING, last_error=error[:2000]
    )


@shared_task
def exchange_sweep() -> int:
    """Re-queue outbox messages still pending after a grace period (a message lost
    with the broker or the worker), and reclaim ones stuck in `sending`."""
    grace = timezone.now() - timedelta(minutes=5)
    ExchangeMessage.objects.filter(
        direction=ExchangeMessage.Direction.OUT,
        state=ExchangeMessage.State.SENDING,
        created_at__lt=grace,
    ).update(state=ExchangeMessage.State.PENDING)
    pending = list(
        ExchangeMessage.objects.filter(
            direction=ExchangeMessage.Direction.OUT,
            state=ExchangeMessage.State.PENDING,
            created_at__lt=grace,
        ).values_list("pk", flat=True)[:500]
    )
    for pk in pending:
        exchange_deliver.delay(pk)
    return len(pending)


@shared_task
def electronic_result_sign(dossier_pk: int) -> None:
    """Sign an approved dossier's result; running it twice signs once."""
    if ElectronicResult.objects.filter(dossier_id=dossier_pk).exists():
        return
    results.electronic_result_issue(dossier_id=dossier_pk)


def electronic_result_on_commit(change: Transitioned) -> None:
    """Subscriber (on commit, documents.apps): a leader's approval has committed;
    sign the result in a task (signing takes up to a second). A broker outage
    leaves it to the sweep."""
    if change.action != "approve":
        return
    try:
        electronic_result_sign.delay(change.dossier.pk)
    except OperationalError:
        logger.warning(
            "Broker unreachable: result of dossier %s left to the sweep.",
            change.dossier.pk,
        )


@shared_task
def electronic_result_sweep() -> int:
    """Queue the signing of approved results still unsigned after a grace period
    (a task message lost with the broker or the worker)."""
    pending = results.results_unsigned(older_than=timedelta(minutes=5))
    for dossier_pk in pending:
        electronic_result_sign.delay(dossier_pk)
    return len(pending)


@shared_task
def document_remind_handlers() -> int:
    return reminders.remind_handlers()
