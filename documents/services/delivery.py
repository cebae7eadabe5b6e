"""Where an issued document stands at each recipient, as the recipients report."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from documents.models import OutgoingRecipient
from documents.services.common import event_record
from documents.workflow import DELIVERY_FROM_AXIS


def recipient_status_save(
    recipient: OutgoingRecipient, status: str, reason: str
) -> None:
    recipient.status = status
    recipient.reason = reason
    recipient.status_at = timezone.now()
    recipient.save(update_fields=["status", "reason", "status_at"])


def delivery_status_set(*, recipient_id: int, axis_value: str, reason: str) -> None:
    """A recipient reported a status (national axis value): record it on the
    sender's recipient row, under a row lock, with a history row."""
    with transaction.atomic():
        recipient = (
            OutgoingRecipient.objects.select_for_update()
            .select_related("document")
            .get(pk=recipient_id)
        )
        recipient_status_save(recipient, DELIVERY_FROM_AXIS[axis_value], reason)
        document = recipient.document
        event_record(
            document,
            "delivery_status",
            document.status,
            None,
            reason,
            {"recipient": recipient.organ_name, "status": axis_value},
        )
