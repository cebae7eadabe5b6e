from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.audit import access_log_purge


class Command(BaseCommand):
    help = (
        "Delete the access log rows older than ACCESS_LOG_RETENTION_DAYS "
        "(nothing newer)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = access_log_purge()
        self.stdout.write(
            f"Deleted {deleted} access log rows older than "
            f"{settings.ACCESS_LOG_RETENTION_DAYS} days."
        )
