from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from national import services


class Command(BaseCommand):
    help = (
        "Deliver to the national portal now: queue the first pending event of every "
        "dossier (after an outage, or in the embedded run, which has no beat); "
        "with --catalogue, also import the national procedure catalogue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--catalogue",
            action="store_true",
            help="also run the catalogue import from NATIONAL_CATALOGUE_URL",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        queued = services.sync_sweep(at_once=True)
        self.stdout.write(f"Dossier events queued: {queued}.")
        if options["catalogue"]:
            run = services.catalogue_sync()
            if run is None:
                self.stdout.write("NATIONAL_CATALOGUE_URL is not set: no import.")
                return
            outcome, error = run.get_outcome_display(), run.error
            new, changed = len(run.created_codes), len(run.changed)
            withdrawn, rejected = len(run.withdrawn_codes), len(run.rejected)
            self.stdout.write(
                f"Catalogue: {outcome}; new {new}, changed {changed}, withdrawn "
                f"{withdrawn}, rejected {rejected}. {error}"
            )
