import random
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo.accounts import DEMO_PASSWORD, seed_accounts
from demo.bulk import seed_bulk
from demo.documents import seed_documents
from demo.dossiers import seed_dossiers
from demo.feedback import seed_feedback
from demo.payments import seed_payments
from demo.procedures import seed_procedures


class Command(BaseCommand):
    help = (
        "Create the demo province (Lâm Đồng), its agencies and demo accounts. "
        "Deterministic with --seed; running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=2026,
            help="seed of the random parts of the demo (the same seed, the same data)",
        )
        parser.add_argument(
            "--skip-demo-dossiers",
            action="store_true",
            help="leave out the ~60 demo dossiers in every status (they take ~10 s)",
        )
        parser.add_argument(
            "--dossiers",
            type=int,
            default=0,
            help="also create this many dossiers of the past year in bulk "
            "(statistics demos and bench/stats.py; not idempotent)",
        )

        parser.add_argument(
            "--documents",
            type=int,
            default=0,
            help="also create this many incoming and outgoing documents of the past "
            "year in bulk (bench/documents.py; not idempotent)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dossiers"] < 0 or options["documents"] < 0:
            raise CommandError("--dossiers and --documents must not be negative.")
        accounts = seed_accounts()
        catalogue = seed_procedures()
        dossiers: list[str] = []
        if not options["skip_demo_dossiers"]:
            dossiers = seed_dossiers(random.Random(options["seed"]))
            dossiers += seed_payments()
            dossiers += seed_feedback()
        if options["dossiers"]:
            seed_bulk(options["dossiers"], seed=options["seed"], log=self.stdout.write)
        if options["documents"]:
            seed_documents(
                options["documents"], seed=options["seed"], log=self.stdout.write
            )
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        for line in catalogue:
            self.stdout.write(f"Procedures: {line}")
        for line in dossiers:
            self.stdout.write(f"Dossiers: {line}")
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for line in accounts:
            self.stdout.write(f"  {line}")
        self.stdout.write(f"Portal:   {settings.SITE_URL}/")
        self.stdout.write(f"Admin:    {settings.SITE_URL}/admin/")
        self.stdout.write(f"API docs: {settings.SITE_URL}/api/docs/")
