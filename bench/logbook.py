"""The logbook (form 07) built by its task, in-process on PostgreSQL: time and memory.

Usage (a database filled with `seed_demo --dossiers N`, never the one you work in):

    DATABASE_URL=postgres://egov:egov@127.0.0.1:5432/egov_1m \\
    .venv/bin/python bench/logbook.py [--agency 000.00.02.H36] [--end 2026-11-30]

By default it takes the counter that received the most dossiers in the 30 days before
--end (default: today) and builds, each in a fresh process as the Celery task does
(`services.logbook_export_build`): the CSV of that month, the PDF of that month, the
PDF of the longest period the limits allow (LOGBOOK_PDF_MAX_DAYS days; each PDF
shortened from its start when it is over LOGBOOK_PDF_MAX_ROWS rows) and the CSV of the
whole year; with --pdf-year also the PDF of the year, which the limits refuse (the
task itself does not check them). It prints the rows, the seconds, the seconds per
1,000 rows, the CPU seconds of the process (a busy machine does not inflate them as
it does the seconds; the database's own time is not in them), the file's size, and
the peak resident memory of the process next to that of a process that only loaded
Django, WeasyPrint and ReportLab with its fonts (so the difference is what the book
itself cost). Target (issue 11): a month of a busy centre in under 2 s per 1,000
rows, memory bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")

import django

django.setup()

from django.db.models import Count
from django.utils import timezone

from accounts.models import Agency, User
from dossiers import form_data, services
from dossiers.models import Dossier, LogbookExport
from dossiers.services.logbook import LOGBOOK_PDF_MAX_DAYS, LOGBOOK_PDF_MAX_ROWS


def main() -> None:
    options = parse_args()
    if options.one or options.baseline:
        one(options)
        return
    end = date.fromisoformat(options.end) if options.end else timezone.localdate()
    month = end - timedelta(days=29)
    agency = busiest(options.agency, month, end)
    print(f"counter {agency.identifier} {agency.name}")
    baseline = child(["--baseline"])
    print(
        "process with Django, WeasyPrint and ReportLab loaded: "
        f"{baseline['rss_mb']:.0f} MB"
    )
    year = end - timedelta(days=365)
    runs = [
        ("csv", month, end),
        ("pdf", within_limit(agency, month, end), end),
        ("pdf", within_limit(agency, end - limit_days(), end), end),
        ("csv", year, end),
    ]
    if options.pdf_year:
        runs.append(("pdf", year, end))
    print(
        f"{'book':<4} {'period':<23} {'rows':>7} {'s':>7} {'s/1000 rows':>11} "
        f"{'CPU s':>7} {'file MB':>7} {'peak MB':>8} {'over base':>9}"
    )
    for format, start, stop in runs:
        figures = child(
            [
                "--one",
                format,
                "--agency",
                agency.identifier,
                "--start",
                str(start),
                "--end",
                str(stop),
            ]
        )
        rows, seconds = figures["rows"], figures["seconds"]
        per_thousand = seconds / rows * 1000 if rows else 0.0
        print(
            f"{format:<4} {start:%d/%m/%Y}–{stop:%d/%m/%Y} {rows:>7} {seconds:>7.2f} "
            f"{per_thousand:>11.2f} {figures['cpu']:>7.2f} {figures['file_mb']:>7.1f} "
            f"{figures['rss_mb']:>8.0f} {figures['rss_mb'] - baseline['rss_mb']:>9.0f}"
        )


def limit_days() -> timedelta:
    return timedelta(days=LOGBOOK_PDF_MAX_DAYS - 1)


def within_limit(agency: Agency, start: date, end: date) -> date:
    """`start`, moved on until the period has no more rows than a PDF may."""
    while rows_of(agency, start, end) > LOGBOOK_PDF_MAX_ROWS:
        start += timedelta(days=1)
    return start


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agency", help="identifier of the receiving agency")
    parser.add_argument("--start")
    parser.add_argument("--end", help="last day (YYYY-MM-DD), default today")
    parser.add_argument(
        "--pdf-year", action="store_true", help="also the PDF of the whole year"
    )
    parser.add_argument("--one", choices=["csv", "pdf"], help=argparse.SUPPRESS)
    parser.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def busiest(identifier: str | None, start: date, end: date) -> Agency:
    if identifier:
        return Agency.objects.get(identifier=identifier)
    since, until = form_data.period_bounds(start, end)
    top = (
        Dossier.objects.filter(received_at__gte=since, received_at__lt=until)
        .values("receiving_agency")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if top is None:
        sys.exit("No dossier received in that month: seed_demo --dossiers N first.")
    return Agency.objects.get(pk=top["receiving_agency"])


def rows_of(agency: Agency, start: date, end: date) -> int:
    return form_data.logbook_dossiers(agency=agency, start=start, end=end).count()


def child(arguments: list[str]) -> dict:
    done = subprocess.run(  # noqa: S603 (this script, with our own arguments)
        [sys.executable, __file__, *arguments],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def one(options: argparse.Namespace) -> None:
    """Build one book as the task does, in this fresh process; print its figures."""
    import weasyprint  # noqa: F401 (loaded before, as in a warm worker)

    from dossiers import logbook_pdf

    logbook_pdf.fonts()

    if options.baseline:
        print(json.dumps({"rss_mb": peak_mb()}))
        return
    agency = Agency.objects.get(identifier=options.agency)
    user = User.objects.filter(agency=agency).first() or User.objects.first()
    export = LogbookExport.objects.create(
        requested_by=user,
        agency=agency,
        start=date.fromisoformat(options.start),
        end=date.fromisoformat(options.end),
        format=options.one,
    )
    try:
        started, cpu = time.perf_counter(), time.process_time()
        services.logbook_export_build(export_id=export.pk)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
        export.refresh_from_db()
        figures = {
            "rows": export.rows_done,
            "seconds": seconds,
            "cpu": cpu,
            "rss_mb": peak_mb(),
            "file_mb": export.file.size / 1024 / 1024,
        }
    finally:
        if export.file:
            export.file.delete(save=False)
        export.delete()
    print(json.dumps(figures))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
