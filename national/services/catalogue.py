"""Catalogue in: the national procedure database, imported on a schedule.

`catalogue_sync` reads the records from NATIONAL_CATALOGUE_URL (the national
database's export, the local stub, or a file path), upserts them with the
catalogue's own importer (procedures.imports: row checks, reform rules, one
transaction) and ends the procedures of the same catalogue that the source no
longer lists (withdrawn). Every run is stored as a CatalogueRun: new, changed (with
the names of what changed), withdrawn, unchanged, and each rejected record with its
reason. A malformed record is rejected alone; an unreadable source fails the run
with its reason and changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any

import requests
from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone

from core.exceptions import DomainError
from national.models import CatalogueRun
from procedures import services as procedure_services
from procedures.imports import ImportReport, json_rows, procedures_import, read_rows
from procedures.models import Procedure

logger = logging.getLogger(__name__)

# A source listing fewer than this share of a catalogue's procedures in force is
# taken for a truncated export: nothing is withdrawn, the run says why.
WITHDRAW_MIN_SHARE = 0.5


def catalogue_sync(*, source: str | None = None) -> CatalogueRun | None:
    """Import the national catalogue once; None when no source is configured."""
    source = source if source is not None else settings.NATIONAL_CATALOGUE_URL
    if not source:
        logger.info("NATIONAL_CATALOGUE_URL is not set: no catalogue import.")
        return None
    run = CatalogueRun.objects.create(source=source[:500])
    try:
        records = fetch(source)
        with transaction.atomic():
            report = procedures_import(records=records)
            withdrawn, warnings = _withdraw(records)
    except DomainError as error:
        return _failed(run, error.message)
    except DatabaseError as error:
        return _failed(run, f"rolled back, nothing saved: {error}")
    return _done(run, report, withdrawn, warnings)


def fetch(source: str) -> list[Any]:
    """The records of the source: an http(s) URL answering JSON, or a file."""
    if not source.startswith(("http://", "https://")):
        return read_rows(Path(source.removeprefix("file://")))
    try:
        response = requests.get(source, timeout=settings.NATIONAL_PORTAL_TIMEOUT * 6)
    except requests.RequestException as error:
        raise DomainError("source", f"{source} is unreachable: {error}") from error
    if response.status_code != 200:
        raise DomainError("source", f"{source} answered HTTP {response.status_code}")
    return json_rows(response.content.decode("utf-8-sig", errors="replace"), source)


def _withdraw(records: list[Any]) -> tuple[list[str], list[str]]:
    """End the in-force procedures of the source's catalogues that it no longer
    lists. A rejected record still counts as listed: a typo never withdraws."""
    listed: dict[str, set[str]] = {}
    for record in records:
        if isinstance(record, dict) and isinstance(record.get("catalog"), str):
            code = record.get("code")
            listed.setdefault(record["catalog"], set()).add(str(code))
    today = timezone.localdate()
    withdrawn: list[str] = []
    warnings: list[str] = []
    for catalog, codes in sorted(listed.items()):
        if not catalog:
            continue
        in_force = set(
            Procedure.objects.filter(catalog=catalog)
            .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=today))
            .values_list("code", flat=True)
        )
        missing = in_force - codes
        if missing and len(codes & in_force) < WITHDRAW_MIN_SHARE * len(in_force):
            warnings.append(
                f"{catalog}: the source lists {len(codes & in_force)} of "
                f"{len(in_force)} procedures in force; nothing withdrawn "
                f"(a truncated export?)"
            )
            continue
        withdrawn += procedure_services.procedures_withdraw(
            codes=missing, last_day=today - timedelta(days=1)
        )
    return sorted(withdrawn), warnings


def _done(
    run: CatalogueRun,
    report: ImportReport,
    withdrawn: Iterable[str],
    warnings: list[str],
) -> CatalogueRun:
    run.outcome = CatalogueRun.Outcome.DONE
    run.finished_at = timezone.now()
    run.rows = report.rows
    run.created_codes = sorted(report.created_codes)
    run.changed = report.changed
    run.withdrawn_codes = list(withdrawn)
    run.unchanged = report.unchanged
    run.rejected = report.rejected
    run.warnings = warnings
    run.save()
    logger.info(
        "Catalogue import: %s new, %s changed, %s withdrawn, %s rejected.",
        len(run.created_codes),
        len(run.changed),
        len(run.withdrawn_codes),
        len(run.rejected),
    )
    return run


def _failed(run: CatalogueRun, error: str) -> CatalogueRun:
    run.outcome = CatalogueRun.Outcome.FAILED
    run.finished_at = timezone.now()
    run.error = error[:5000]
    run.save(update_fields=["outcome", "finished_at", "error"])
    logger.warning("Catalogue import from %s failed: %s", run.source, error)
    return run
