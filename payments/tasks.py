from celery import shared_task

from payments import services


@shared_task(acks_late=True)
def receipt_render(receipt_id: int) -> None:
    """Render and store a receipt's PDF; does nothing when it exists."""
    services.receipt_store(receipt_id=receipt_id)


@shared_task
def payment_expire_due() -> int:
    """Expire payment requests past their deadline (beat, every ten minutes)."""
    return services.payment_expire_due()
