from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from accounts.demo import DEMO_PASSWORD, seed_accounts
from procedures.demo import seed_procedures


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

    def handle(self, *args: Any, **options: Any) -> None:
        accounts = seed_accounts()
        catalogue = seed_procedures()
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        for line in catalogue:
            self.stdout.write(f"Procedures: {line}")
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for line in accounts:
            self.stdout.write(f"  {line}")
        self.stdout.write(f"Portal:   {settings.SITE_URL}/")
        self.stdout.write(f"Admin:    {settings.SITE_URL}/admin/")
        self.stdout.write(f"API docs: {settings.SITE_URL}/api/docs/")
