"""Every statistics table as CSV or XLSX, and the periodic report as PDF.

CSV is UTF-8 with a byte-order mark so that spreadsheet programs read the
Vietnamese letters; rates are plain numbers with a dot. WeasyPrint is imported
inside the function that prints (ruff TID253).

Names come from people (an agency called `=HYPERLINK(...)`), and a spreadsheet
runs a cell that starts like a formula: such text is written as text, with a
leading apostrophe in CSV and as a string cell in XLSX.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from core.spreadsheets import formula_safe
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


def _csv_cell(value: Cell) -> str | int | float:
    return formula_safe(_plain(value))


def _csv_row(values: Sequence[Cell]) -> list[str | int | float]:
    return [_csv_cell(value) for value in values]


def _xlsx_append(sheet: Any, values: Sequence[Cell]) -> None:
    """Append a row whose text never becomes a formula (openpyxl turns every
    string starting with "=" into one)."""
    sheet.append([_plain(value) for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def table_csv(tables: Sequence[Table]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        if len(tables) > 1:
            writer.writerow(_csv_row([table.title]))
        writer.writerow(_csv_row(table.columns))
        writer.writerows([_csv_row(row) for row in table.rows])
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
        _xlsx_append(sheet, [table.title])
        sheet["A1"].font = bold
        _xlsx_append(sheet, table.columns)
        for cell in sheet[2]:
            cell.font = bold
        for index, row in enumerate(table.rows):
            _xlsx_append(sheet, row)
            if index in table.strong:
                for cell in sheet[sheet.max_row]:
                    cell.font = bold
        if table.note:
            sheet.append([])
            _xlsx_append(sheet, [table.note])
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
    """The periodic report of a period (form II.06a, figures, index, feedback per
    agency) as PDF."""
    from weasyprint import HTML

    html = render_to_string(
        "stats/report_pdf.html", context | {"printed_at": timezone.localtime()}
    )
    content: bytes = HTML(string=html).write_pdf()
    return content
