"""The logbook (form 07) of a counter, built by a task with its progress.

A request only checks the period and records a LogbookExport; the task
(dossiers.tasks.logbook_export_build) reads the dossiers in chunks, writes the PDF
or the CSV and counts the rows done, which the staff's page shows while it waits.
A PDF is for printing: drawn row by row with ReportLab (dossiers.logbook_pdf), at
most LOGBOOK_PDF_MAX_DAYS days and LOGBOOK_PDF_MAX_ROWS rows, since ReportLab keeps
the compressed pages until it writes the file; longer periods come as CSV, written
row by row to a temporary file, so memory stays flat up to a year.
"""

from __future__ import annotations

import csv
import logging
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import astuple
from datetime import date, timedelta
from typing import IO, TypeVar

from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Agency, User
from accounts.permissions import agency_scope, is_staff_member
from core.exceptions import InvalidInput, NotFound
from core.spreadsheets import formula_safe
from dossiers import form_data
from dossiers.models import LogbookExport

logger = logging.getLogger(__name__)

LOGBOOK_MAX_DAYS = 366
# A quarter (the form's choice says so too). The rows bound the PDF's memory and
# time: about 2,900 pages, drawn in 11–13 s with 60–65 MB more memory
# (bench/logbook.py, docs/operations.md), so a very busy centre's month (14,000 rows)
# prints while its year (166,000) is a CSV matter.
LOGBOOK_PDF_MAX_DAYS = 92
LOGBOOK_PDF_MAX_ROWS = 20_000
# Progress is written to the database once per this many rows.
PROGRESS_EVERY = 500
# Built books are kept this long for download, then removed by the sweep.
LOGBOOK_KEEP = timedelta(days=7)
# A book queued longer than this lost its task message (broker down, worker killed).
LOGBOOK_STALE = timedelta(minutes=5)

LOGBOOK_COLUMNS = (
    gettext_lazy("Sổ năm"),
    gettext_lazy("Số thứ tự"),
    gettext_lazy("Mã hồ sơ"),
    gettext_lazy("Tên thủ tục"),
    gettext_lazy("Tổ chức, cá nhân"),
    gettext_lazy("Địa chỉ, số điện thoại"),
    gettext_lazy("Cơ quan giải quyết"),
    gettext_lazy("Ngày, giờ nhận"),
    gettext_lazy("Hẹn trả kết quả"),
    gettext_lazy("Ngày chuyển hồ sơ"),
    gettext_lazy("Ngày có kết quả"),
    gettext_lazy("Ngày trả kết quả"),
    gettext_lazy("Ghi chú"),
)

Row = TypeVar("Row")


def logbook_period_check(*, start: date, end: date, format: str) -> None:
    """InvalidInput (on the field "end") for a period the logbook refuses."""
    if start > end:
        raise InvalidInput(
            "period_reversed", _("Ngày kết thúc phải sau ngày bắt đầu."), field="end"
        )
    days = (end - start).days + 1
    if days > LOGBOOK_MAX_DAYS:
        raise InvalidInput(
            "period_too_long", _("Mỗi lần lập sổ tối đa một năm."), field="end"
        )
    if format == LogbookExport.Format.PDF and days > LOGBOOK_PDF_MAX_DAYS:
        raise InvalidInput(
            "period_too_long_for_pdf",
            _("Sổ PDF in tối đa %(days)s ngày; với khoảng dài hơn, chọn định dạng CSV.")
            % {"days": LOGBOOK_PDF_MAX_DAYS},
            field="end",
        )


def logbook_export_request(
    *, user: User, agency: Agency, start: date, end: date, format: str
) -> LogbookExport:
    """Record a book to build; the caller queues the task on commit."""
    if not is_staff_member(user):
        raise NotFound("not_found", _("Không tìm thấy."))
    scope = agency_scope(user)
    if scope is not None and agency.pk not in scope:
        raise InvalidInput(
            "agency_out_of_scope",
            _("Bạn không được lập sổ của nơi tiếp nhận này."),
            field="agency",
        )
    if format not in LogbookExport.Format.values:
        raise InvalidInput("bad_format", _("Định dạng không hợp lệ."), field="format")
    logbook_period_check(start=start, end=end, format=format)
    if format == LogbookExport.Format.PDF:
        # Bounded by the period (a quarter of one counter) and served by an index.
        rows = form_data.logbook_dossiers(agency=agency, start=start, end=end).count()
        if rows > LOGBOOK_PDF_MAX_ROWS:
            raise InvalidInput(
                "too_many_rows_for_pdf",
                _(
                    "Khoảng này có %(rows)s hồ sơ, quá %(limit)s dòng của sổ PDF; "
                    "chọn định dạng CSV hoặc một khoảng ngắn hơn."
                )
                % {"rows": rows, "limit": LOGBOOK_PDF_MAX_ROWS},
                field="end",
            )
    return LogbookExport.objects.create(
        requested_by=user, agency=agency, start=start, end=end, format=format
    )


def logbook_exports_of(user: User, limit: int = 10) -> list[LogbookExport]:
    return list(
        LogbookExport.objects.filter(requested_by=user)
        .select_related("agency")
        .order_by("-created_at")[:limit]
    )


def logbook_export_get(user: User, pk: int) -> LogbookExport:
    """One of the user's own books; another's is not found."""
    export = (
        LogbookExport.objects.select_related("agency")
        .filter(pk=pk, requested_by=user)
        .first()
    )
    if export is None:
        raise NotFound("not_found", _("Không tìm thấy sổ theo dõi này."))
    return export


def logbook_export_build(*, export_id: int) -> LogbookExport | None:
    """Build the book and store it; None when it is done already or gone.

    A task delivered again (a worker killed mid-build, acks_late) builds it again
    from the start; a finished book is never rebuilt.
    """
    claimed = LogbookExport.objects.filter(
        pk=export_id,
        state__in=[LogbookExport.State.QUEUED, LogbookExport.State.RUNNING],
    ).update(state=LogbookExport.State.RUNNING, rows_done=0)
    if not claimed:
        return None
    export = LogbookExport.objects.select_related("agency").get(pk=export_id)
    agency, start, end = export.agency, export.start, export.end
    total = form_data.logbook_dossiers(agency=agency, start=start, end=end).count()
    _save_progress(export, rows_total=total)
    try:
        rows = _counted(
            form_data.iter_logbook_rows(agency=agency, start=start, end=end), export
        )
        with tempfile.TemporaryFile("w+b") as handle:
            if export.format == LogbookExport.Format.CSV:
                logbook_csv_write(rows, handle)
            else:
                from dossiers import pdf  # ReportLab and its fonts: only when drawing

                pdf.write_logbook(
                    handle, agency=agency, start=start, end=end, rows=rows
                )
            handle.seek(0)
            export.file.save(export.filename, File(handle), save=False)
    except Exception:
        logger.exception("Logbook %s could not be built.", export_id)
        export.state = LogbookExport.State.FAILED
        export.error = _("Lỗi khi lập sổ; vui lòng thử lại hoặc báo quản trị.")
        export.finished_at = timezone.now()
        export.save(update_fields=["state", "error", "finished_at"])
        raise
    export.state = LogbookExport.State.DONE
    export.rows_done = export.rows_total or export.rows_done
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "state", "rows_done", "finished_at"])
    return export


def logbook_csv_write(rows: Iterable[form_data.LogbookRow], handle: IO[bytes]) -> None:
    """The rows as UTF-8 CSV with a BOM (spreadsheet software then reads UTF-8),
    every cell formula-safe, written as they come."""
    writer = csv.writer(_Utf8(handle))
    writer.writerow([f"\ufeff{LOGBOOK_COLUMNS[0]}", *map(str, LOGBOOK_COLUMNS[1:])])
    for row in rows:
        writer.writerow([formula_safe(value) for value in astuple(row)])


class _Utf8:
    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle

    def write(self, text: str) -> None:
        self.handle.write(text.encode())


def _counted(rows: Iterator[Row], export: LogbookExport) -> Iterator[Row]:
    for done, row in enumerate(rows, start=1):
        yield row
        if done % PROGRESS_EVERY == 0:
            _save_progress(export, rows_done=done)


def _save_progress(export: LogbookExport, **fields: int) -> None:
    for name, value in fields.items():
        setattr(export, name, value)
    LogbookExport.objects.filter(pk=export.pk).update(**fields)


def logbook_exports_stale() -> list[int]:
    """Books still queued after LOGBOOK_STALE: their task message was lost."""
    return list(
        LogbookExport.objects.filter(
            state=LogbookExport.State.QUEUED,
            created_at__lt=timezone.now() - LOGBOOK_STALE,
        ).values_list("pk", flat=True)[:100]
    )


def logbook_exports_purge() -> int:
    """Remove books older than LOGBOOK_KEEP, with their files."""
    old = LogbookExport.objects.filter(created_at__lt=timezone.now() - LOGBOOK_KEEP)
    count = 0
    for export in old.iterator():
        if export.file:
            export.file.delete(save=False)
        export.delete()
        count += 1
    return count
