"""Register numbers: consecutive per agency and year, from 1 each 1 January, and
without gaps or duplicates when clerks register at the same moment."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Role
from documents.models import IncomingDocument, Register, RegisterKind
from documents.services import register_next_number
from tests.accounts.factories import AgencyFactory, StaffFactory
from tests.concurrency import run_together
from tests.documents.conftest import act, paper

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.django_db
def test_numbers_run_per_agency_kind_and_year_from_one():
    first, second = AgencyFactory(), AgencyFactory()
    day = datetime(2026, 12, 31, tzinfo=HCM).date()
    taken = [
        register_next_number(agency=first, kind=RegisterKind.INCOMING, on=day)[1],
        register_next_number(agency=first, kind=RegisterKind.INCOMING, on=day)[1],
        register_next_number(agency=first, kind=RegisterKind.OUTGOING, on=day)[1],
        register_next_number(agency=second, kind=RegisterKind.INCOMING, on=day)[1],
    ]
    next_year = datetime(2027, 1, 1, tzinfo=HCM).date()
    taken.append(
        register_next_number(agency=first, kind=RegisterKind.INCOMING, on=next_year)[1]
    )
    assert taken == [1, 2, 1, 1, 1]


@pytest.mark.django_db
def test_registration_on_new_year_morning_starts_again_at_one(exchange, sample_pdf):
    with time_machine.travel(datetime(2026, 12, 31, 16, 0, tzinfo=HCM)):
        old = [paper(exchange, sample_pdf) for _ in range(2)]
        numbers = [act(d, "register", exchange.clerk).arrival_number for d in old]
    with time_machine.travel(datetime(2027, 1, 1, 7, 30, tzinfo=HCM)):
        new = act(paper(exchange, sample_pdf), "register", exchange.clerk)
    assert numbers == [1, 2]
    assert (new.arrival_number, new.register.year) == (1, 2027)


@pytest.mark.django_db(transaction=True)
def test_clerks_registering_at_once_get_distinct_consecutive_numbers(
    exchange, sample_pdf
):
    clerks = [exchange.clerk] + [
        StaffFactory(agency=exchange.commune, roles=[Role.CLERK]) for _ in range(5)
    ]
    documents = [paper(exchange, sample_pdf) for _ in clerks]

    def register(index):
        return act(documents[index], "register", clerks[index]).arrival_number

    numbers = run_together(len(clerks), register)
    assert sorted(numbers) == [1, 2, 3, 4, 5, 6], numbers
    stored = IncomingDocument.objects.filter(agency=exchange.commune)
    assert sorted(stored.values_list("arrival_number", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert Register.objects.get(agency=exchange.commune).last_number == 6
