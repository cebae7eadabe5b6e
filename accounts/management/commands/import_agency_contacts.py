from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.contacts import CONTACT_COLUMNS, agency_contacts_import, read_contacts


class Command(BaseCommand):
    help = (
        "Import agencies' contacts from a CSV file: identifier or admin_unit_code, "
        "and any of " + ", ".join(CONTACT_COLUMNS) + ". Empty cells change nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="CSV file, UTF-8")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            rows = read_contacts(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError as error:
            raise CommandError(f"File not found: {path}") from error
        except (UnicodeDecodeError, ValueError) as error:
            raise CommandError(f"{path}: {error}") from error
        report = agency_contacts_import(rows)
        self.stdout.write(
            f"Updated {report.updated}, unchanged {report.unchanged}, "
            f"rejected {len(report.rejected)}."
        )
        for reason in report.rejected:
            self.stderr.write(f"Rejected: {reason}")
