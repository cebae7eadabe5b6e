"""Celery tasks of notifications: thin wrappers that take ids and call services."""

from celery import shared_task

from notifications import services
from notifications.exceptions import GatewayUnavailable


@shared_task(
    autoretry_for=(GatewayUnavailable,),
    retry_backoff=services.RETRY_BACKOFF_SECONDS,
    retry_backoff_max=services.RETRY_BACKOFF_MAX_SECONDS,
    retry_jitter=True,
    max_retries=services.MAX_ATTEMPTS - 1,
)
def notification_send(notification_id: int) -> None:
    """Send one notification, once: a duplicate message, or a sweep racing this
    task, finds the row done or claimed and returns."""
    if services.notification_claim(notification_id=notification_id):
        services.notification_deliver(notification_id=notification_id)


@shared_task
def notification_sweep() -> int:
    return services.notification_sweep()


@shared_task
def notification_remind_officers() -> int:
    return services.remind_officers()


@shared_task
def notification_remind_collection() -> int:
    return services.remind_collection()
