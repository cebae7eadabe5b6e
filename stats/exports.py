"""Every statistics table as CSV or XLSX, and the periodic report as PDF.

CSV is UTF-8 with a byte-order mark so that spreadsheet programs read the
Vietnamese letters; rates are plain numbers with a dot. WeasyPrint is imported
inside the function that prints (ruff TID253).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from stats.tables import Cell, Table

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _plain(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    return value


def table_csv(tables: Sequence[Table]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        if len(tables) > 1:
            writer.writerow([table.title])
        writer.writerow(table.columns)
        writer.writerows([[_plain(cell) for cell in row] for row in table.rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_xlsx(tables: Sequence[Table], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    for sheet in list(workbook.worksheets):
        workbook.remove(sheet)
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(table.slug[:31])
        sheet.append([table.title])
        sheet["A1"].font = bold
        sheet.append(table.columns)
        for cell in sheet[2]:
            cell.font = bold
        for index, row in enumerate(table.rows):
            sheet.append([_plain(cell) for cell in row])
            if index in table.strong:
                for cell in sheet[sheet.max_row]:
                    cell.font = bold
        if table.note:
            sheet.append([])
            sheet.append([table.note])
        for column in sheet.columns:
            letter = column[0].column_letter
            sheet.column_dimensions[letter].width = 14 if letter != "A" else 40
    workbook.properties.title = title[:255]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export(tables: Sequence[Table], fmt: str, title: str) -> bytes:
    if fmt == "csv":
        return table_csv(tables)
    return table_xlsx(tables, title)


def report_pdf(context: dict[str, Any]) -> bytes:
    """The periodic report of a period (form II.06a, figures, index) as PDF."""
    from weasyprint import HTML

    html = render_to_string(
        "stats/report_pdf.html", context | {"printed_at": timezone.localtime()}
    )
    content: bytes = HTML(string=html).write_pdf()
    return content
