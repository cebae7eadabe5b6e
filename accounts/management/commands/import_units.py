import csv
import io
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.imports import units_import
from core.exceptions import DomainError


class Command(BaseCommand):
    help = (
        "Import one province's administrative units (3-tier or 2-tier GSO JSON "
        "layout) as local-government agencies. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="JSON file in a GSO layout")
        parser.add_argument(
            "--province", required=True, help="GSO province code, e.g. 68"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report without saving anything"
        )
        parser.add_argument(
            "--identifiers",
            type=Path,
            help="CSV with columns admin_unit_code,identifier: the agency "
            "identifiers (mã định danh) the province has assigned",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise CommandError(f"File not found: {path}") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{path} is not valid UTF-8 JSON: {error}") from error
        identifiers = (
            _identifiers(options["identifiers"]) if options["identifiers"] else None
        )
        try:
            report = units_import(
                data=data,
                province_code=options["province"],
                dry_run=options["dry_run"],
                identifiers=identifiers,
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Layout: {report.layout}")
        self.stdout.write(
            f"Created {report.created}, updated {report.updated}, "
            f"unchanged {report.unchanged}, rejected {len(report.rejected)}."
        )
        self.stdout.write(
            f"Merge links: {report.merges_linked} linked, "
            f"{report.merges_unresolved} to units not loaded."
        )
        missing = len(report.without_identifier)
        self.stdout.write(
            f"Identifiers: {report.identifiers_set} set; {missing} current unit(s) "
            "without one cannot issue dossier codes until it is set (the GSO files "
            "carry none: pass --identifiers)."
        )
        for reason in report.rejected:
            self.stderr.write(f"Rejected: {reason}")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")


def _identifiers(path: Path) -> dict[str, str]:
    """admin_unit_code → identifier from a CSV file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise CommandError(f"File not found: {path}") from error
    except UnicodeDecodeError as error:
        raise CommandError(f"{path} is not UTF-8 text: {error}") from error
    reader = csv.DictReader(io.StringIO(text))
    if not {"admin_unit_code", "identifier"} <= set(reader.fieldnames or []):
        raise CommandError(f"{path} needs the columns admin_unit_code and identifier.")
    return {
        (row["admin_unit_code"] or "").strip(): (row["identifier"] or "").strip()
        for row in reader
        if (row["admin_unit_code"] or "").strip()
    }
