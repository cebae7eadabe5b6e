"""Electronic receipts (biên lai điện tử), numbered per agency and year without gaps."""

from __future__ import annotations

import functools

from celery import Task, current_app
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from payments.models import PaymentReceipt, PaymentRequest, ReceiptSequence

RENDER_TASK = "payments.tasks.receipt_render"


def receipt_issue(*, request: PaymentRequest) -> PaymentReceipt:
    """Number and store the receipt of a request just paid.

    Runs inside the confirming transaction: the agency's counter row for the year is
    locked, so concurrent payments take consecutive numbers, and a rolled-back
    payment gives its number back (no gaps). The PDF is rendered after the commit.
    """
    issued_at = request.paid_at or timezone.now()
    year = timezone.localtime(issued_at).year
    ReceiptSequence.objects.get_or_create(agency=request.agency, year=year)
    sequence = ReceiptSequence.objects.select_for_update().get(
        agency=request.agency, year=year
    )
    sequence.last += 1
    sequence.save(update_fields=["last"])
    receipt = PaymentReceipt.objects.create(
        request=request,
        agency=request.agency,
        year=year,
        sequence=sequence.last,
        number=receipt_number(request, year, sequence.last),
        amount=request.total,
        payer_name=request.dossier.applicant_name,
        method=request.method,
        issued_at=issued_at,
    )
    transaction.on_commit(functools.partial(_queue_render, receipt.pk))
    return receipt


def receipt_number(request: PaymentRequest, year: int, sequence: int) -> str:
    """ "<agency identifier>-<year>-<6 digits>", e.g. 000.00.01.H36-2026-000042."""
    series = request.agency.identifier or f"CQ{request.agency_id}"
    return f"{series}-{year}-{sequence:06d}"


def _queue_render(receipt_id: int) -> None:
    """Through Celery's registry by name: the tasks module imports these services,
    so importing it back would make a cycle."""
    task: Task = current_app.tasks[RENDER_TASK]
    task.delay(receipt_id)


def receipt_store(*, receipt_id: int) -> PaymentReceipt | None:
    """Render the receipt's PDF once (the task may run twice)."""
    from payments.pdf import render_receipt

    receipt = (
        PaymentReceipt.objects.select_related("request__dossier", "agency")
        .filter(pk=receipt_id)
        .first()
    )
    if receipt is None or receipt.file:
        return receipt
    content = render_receipt(receipt)
    receipt.file.save(f"{receipt.number}.pdf", ContentFile(content), save=False)
    PaymentReceipt.objects.filter(pk=receipt.pk, file="").update(file=receipt.file.name)
    return receipt
