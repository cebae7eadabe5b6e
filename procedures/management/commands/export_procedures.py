from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from procedures import selectors
from procedures.exports import procedures_export, to_csv, to_json


class Command(BaseCommand):
    help = (
        "Export the procedure catalogue in the import layout (JSON, or CSV when the "
        "file name ends in .csv). Importing the file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="output file, or - for stdout")
        parser.add_argument(
            "--code", action="append", default=[], help="export only this code"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        procedures = selectors.procedures_for_snapshot().order_by("code")
        if options["code"]:
            procedures = procedures.filter(code__in=options["code"])
        records = procedures_export(procedures)
        text = to_csv(records) if path.suffix.lower() == ".csv" else to_json(records)
        if str(path) == "-":
            self.stdout.write(text, ending="")
            return
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error}") from error
        count = len(records)
        self.stderr.write(f"Exported {count} procedures to {path}.")
