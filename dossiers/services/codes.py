"""Dossier codes: `<receiving agency identifier>-YYMMDD-XXXX` (DOMAIN.md decision 4)."""

from datetime import date

from django.db.models import F
from django.utils.translation import gettext as _

from accounts.models import Agency
from core.exceptions import DomainError
from dossiers.models import DossierSequence


def next_code(agency: Agency, day: date) -> str:
    """`<identifier>-YYMMDD-XXXX`, unique under concurrency (DOMAIN.md decision 4).

    The UPDATE locks the day's sequence row until the transaction ends, so two
    receptions at once get consecutive numbers; beyond 9999 the number widens.
    """
    if not agency.identifier:
        raise DomainError(
            "identifier",
            _("%(agency)s chưa có mã định danh nên chưa cấp được mã hồ sơ.")
            % {"agency": agency},
        )
    DossierSequence.objects.get_or_create(agency=agency, day=day)
    DossierSequence.objects.filter(agency=agency, day=day).update(last=F("last") + 1)
    number = DossierSequence.objects.get(agency=agency, day=day).last
    return format_code(agency.identifier, day, number)


def format_code(identifier: str, day: date, number: int) -> str:
    """The code of the `number`-th dossier of `day` at the agency `identifier`."""
    return f"{identifier}-{day:%y%m%d}-{number:04d}"
