"""Celery tasks of the national portal adapter: thin wrappers around services."""

from celery import shared_task
from django.conf import settings

from national import client, services
from national.exceptions import PortalUnavailable


@shared_task(
    autoretry_for=(PortalUnavailable,),
    retry_backoff=settings.NATIONAL_RETRY_BACKOFF_SECONDS,
    retry_backoff_max=settings.NATIONAL_RETRY_BACKOFF_MAX_SECONDS,
    retry_jitter=False,
    max_retries=services.MAX_ATTEMPTS - 1,
)
def national_sync_send(sync_id: int) -> None:
    """Deliver one dossier event, once and in its dossier's order: a duplicate
    message, or one for a row whose predecessor is not synced yet, returns."""
    if not client.is_configured():
        return  # the row waits in the outbox until NATIONAL_PORTAL_URL is set
    if not services.sync_claim(sync_id=sync_id):
        return
    try:
        services.sync_deliver(
            sync_id=sync_id,
            backoff=settings.NATIONAL_RETRY_BACKOFF_SECONDS,
            backoff_max=settings.NATIONAL_RETRY_BACKOFF_MAX_SECONDS,
        )
    except PortalUnavailable:
        # In-process (the embedded run) a retry would come at once, without its
        # backoff: the row waits, pending, for the dossier's next event or the sweep.
        if not national_sync_send.request.is_eager:
            raise


@shared_task
def national_sync_sweep() -> int:
    return services.sync_sweep()


@shared_task
def national_catalogue_sync() -> int | None:
    run = services.catalogue_sync()
    return run.pk if run else None
