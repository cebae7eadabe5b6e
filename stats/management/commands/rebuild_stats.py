from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from stats.services import stats_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the statistics aggregates from the dossiers (after a data repair, "
        "a change of the catalogue's fields or of the calendar)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--chunk",
            type=int,
            default=20000,
            help="dossiers read per query (memory against round trips)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = stats_rebuild(chunk=max(1000, options["chunk"]))
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tính lại thống kê: {report.dossiers} hồ sơ, "
                f"{report.buckets} dòng tổng hợp."
            )
        )
