"""The printed registers (Decree 30/2020, Appendix IV), rendered with WeasyPrint."""

from datetime import date
from typing import Any

from django.template.loader import render_to_string

from accounts.models import Agency


def register_pdf(
    *, agency: Agency, kind: str, rows: list[Any], period: tuple[date, date]
) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "documents/register_pdf.html",
        {"agency": agency, "kind": kind, "rows": rows, "period": period},
    )
    data: bytes = HTML(string=html).write_pdf()
    return data
