"""Create a demo certificate authority and signing keys for agencies.

For the embedded run and demos only: real agencies get certificates from a licensed
CA. Files go to DOCUMENT_PKI_DIR (var/pki by default, never committed).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import Agency
from documents import pki


class Command(BaseCommand):
    help = "Tạo CA thử nghiệm và chứng thư số ký văn bản cho các cơ quan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "identifiers",
            nargs="*",
            help="Mã định danh cơ quan; bỏ trống: mọi cơ quan có mã định danh.",
        )
        parser.add_argument(
            "--renew", action="store_true", help="Cấp lại cả khóa đã có."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder = pki.pki_dir()
        authority = pki.authority_load(folder)
        if authority is None:
            authority = pki.authority_create("CA thử nghiệm Cổng dịch vụ công")
            pki.authority_save(authority, folder)
            self.stdout.write(f"CA: {folder / pki.CA_FILE}")
        agencies = Agency.objects.current().exclude(identifier__isnull=True)
        if options["identifiers"]:
            agencies = agencies.filter(identifier__in=options["identifiers"])
            missing = set(options["identifiers"]) - set(
                agencies.values_list("identifier", flat=True)
            )
            if missing:
                raise CommandError(
                    "Không tìm thấy cơ quan: " + ", ".join(sorted(missing))
                )
        issued = 0
        for agency in agencies:
            if options["renew"] or not pki.pkcs12_path(agency).exists():
                pki.agency_keys_save(authority, agency)
                issued += 1
        self.stdout.write(f"Đã cấp {issued} chứng thư số trong {folder}.")
