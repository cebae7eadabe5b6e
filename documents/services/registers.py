"""Numbers from the registers: consecutive per agency, kind and year, no gaps."""

from datetime import date

from accounts.models import Agency
from documents.models import Register


def register_next_number(
    *, agency: Agency, kind: str, on: date, secret: bool = False
) -> tuple[Register, int]:
    """Take the next number of the agency's register for `on`'s year (the
    register of secret documents when `secret`: their own numbering).

    Call inside the transaction that stores the number: the counter row stays
    locked until it commits, so concurrent registrations wait and get the next
    numbers, and a rolled-back registration gives its number back. A new year
    starts a new row, hence numbering from 1 each 1 January (Decree 30/2020,
    Art. 15 and 22).
    """
    Register.objects.bulk_create(
        [Register(agency=agency, kind=kind, year=on.year, secret=secret)],
        ignore_conflicts=True,
    )
    register = Register.objects.select_for_update().get(
        agency=agency, kind=kind, year=on.year, secret=secret
    )
    register.last_number += 1
    register.save(update_fields=["last_number"])
    return register, register.last_number
