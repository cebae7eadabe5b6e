from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from core.exceptions import DomainError
from procedures.imports import ImportReport, procedures_import, read_rows, read_texts


class Command(BaseCommand):
    help = (
        "Import procedures from a JSON or CSV file in the layout of "
        "../shared/data/procedures.json (see docs/procedures.md). Upserts by code in "
        "one transaction; reports created, updated, unchanged and rejected rows."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="procedures file (.json or .csv)")
        parser.add_argument(
            "--texts",
            type=Path,
            help="procedure_texts.json with steps, requirements and legal texts",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report without saving anything"
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="save nothing if any row is rejected",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            records = read_rows(options["file"])
            texts = read_texts(options["texts"]) if options["texts"] else None
            report = procedures_import(
                records=records,
                texts=texts,
                dry_run=options["dry_run"],
                strict=options["strict"],
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        except DatabaseError as error:
            # The row checks should leave nothing for the database to refuse; if it
            # does, the transaction is rolled back and nothing was saved.
            raise CommandError(f"Import rolled back, nothing saved: {error}") from error
        self._print(report)
        rejected = len(report.rejected)
        if options["strict"] and rejected:
            raise CommandError(
                f"{rejected} row(s) rejected; nothing was saved (--strict)."
            )

    def _print(self, report: ImportReport) -> None:
        rejected = len(report.rejected)
        self.stdout.write(
            f"Rows: {report.rows}. Created {report.created}, updated "
            f"{report.updated}, unchanged {report.unchanged}, rejected {rejected}."
        )
        self.stdout.write(
            f"New fields: {report.fields_created}. Rows linked to agencies: "
            f"{report.linked_to_agencies}. Rows joined with texts: "
            f"{report.texts_joined}."
        )
        self.stdout.write(
            f"Components: {report.components_required} required, "
            f"{report.components_conditional} conditional (optional uploads), "
            f"{report.components_notes} notes (not uploads); administrators' "
            f"corrections kept: {report.corrections_kept}."
        )
        self._print_reform(report)
        for reason in report.rejected:
            self.stdout.write(f"Rejected: {reason}")
        if report.dry_run:
            self.stdout.write("Dry run: nothing was saved.")

    def _print_reform(self, report: ImportReport) -> None:
        changes = report.reform
        self.stdout.write(
            f"National records replaced by their provincial copy: "
            f"{len(changes.replaced)}."
        )
        for title, codes in (
            ("District-level procedures re-assigned to the commune level",
             changes.to_commune),
            ("District-level procedures re-assigned to the provincial level",
             changes.to_province),
            ("District-level procedures not applicable after 1 July 2025 "
             "(hidden; in force until 30 June 2025)", changes.not_applicable),
        ):  # fmt: skip
            self.stdout.write(f"{title}: {len(codes)}.")
            if codes:
                listed = ", ".join(codes)
                self.stdout.write(f"  {listed}")
