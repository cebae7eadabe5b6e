"""The electronic receipt (biên lai điện tử) rendered to PDF, in Vietnamese.

A QR code on it leads to the portal's verification page for its number. WeasyPrint
is imported inside the function (ruff TID253): importing it loads pango.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from dossiers.pdf import qr_svg
from notifications.rendering import absolute
from payments.formatting import vnd, vnd_in_words
from payments.models import PaymentReceipt


def verification_url(receipt: PaymentReceipt) -> str:
    return absolute(reverse("payments:receipt_verify", args=[receipt.number]))


def render_receipt(receipt: PaymentReceipt) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    request = receipt.request
    context = {
        "receipt": receipt,
        "request": request,
        "dossier": request.dossier,
        "rows": [(item, vnd(item.amount or 0)) for item in request.items.all()],
        "amount": vnd(receipt.amount),
        "amount_words": vnd_in_words(receipt.amount),
        "issued": timezone.localtime(receipt.issued_at),
        "qr": qr_svg(verification_url(receipt)),
        "verify_url": verification_url(receipt),
    }
    with translation.override("vi"):
        html = render_to_string("payments/receipt_pdf.html", context)
    fetcher = URLFetcher(allowed_protocols=("data",))
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
