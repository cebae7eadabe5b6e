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

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise CommandError(f"File not found: {path}") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{path} is not valid UTF-8 JSON: {error}") from error
        try:
            report = units_import(
                data=data,
                province_code=options["province"],
                dry_run=options["dry_run"],
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
        for reason in report.rejected:
            self.stderr.write(f"Rejected: {reason}")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")
