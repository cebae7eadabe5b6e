from celery import shared_task

from core import idempotency


@shared_task
def idempotency_keys_purge() -> int:
    """Forget Idempotency-Keys past their lifetime (beat, hourly)."""
    return idempotency.idempotency_keys_purge()
