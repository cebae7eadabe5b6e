from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from payments import gateways, services
from payments.reconciliation import reconciliation_for
from tests.accounts.factories import StaffFactory
from tests.payments.conftest import callback, collecting_leader, owing, signed_query

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = datetime(2026, 11, 26, 9, 0, tzinfo=TZ)  # a Thursday


def start(world, request):
    attempt, _url = services.payment_start(
        request_uuid=request.uuid,
        actor=world.citizen,
        gateway=gateways.get_gateway("sandbox"),
        return_url="http://testserver/",
        client_address="203.0.113.9",
    )
    return attempt


def ipn(params):
    return services.payment_callback(
        gateway=gateways.get_gateway("sandbox"), params=signed_query(params)
    ).code


@pytest.fixture
def day_of_payments(paying):
    """Two online payments, one failure, one counter payment refunded, one forged
    and one unknown callback, one wrong amount, one attempt never answered."""
    with time_machine.travel(DAY, tick=True):
        for number in ("1", "2"):
            attempt = start(paying, owing(paying))
            assert ipn(callback(attempt.reference, 50000, number=number)) == "00"
        failed = start(paying, owing(paying))
        assert ipn(callback(failed.reference, 50000, code="51", number="3")) == "00"
        counter = owing(paying)
        services.payment_record_counter(
            request_uuid=counter.uuid, actor=paying.clerk, method="cash"
        )
        services.refund_record(
            request_uuid=counter.uuid,
            actor=paying.clerk,
            approver=collecting_leader(paying),
            reason="Thu nhầm",
        )
        forged = signed_query(callback(failed.reference, 50000), secret="guess")
        services.payment_callback(
            gateway=gateways.get_gateway("sandbox"), params=forged
        )
        assert ipn(callback("UNKNOWN1", 10000)) == "01"
        wrong = start(paying, owing(paying))
        assert ipn(callback(wrong.reference, 5000, number="4")) == "04"
    return paying


def test_the_day_balances_to_the_dong(day_of_payments):
    clerk = day_of_payments.clerk
    with time_machine.travel(DAY + timedelta(hours=3)):
        report = reconciliation_for(clerk, DAY.date())
    online, counter = (
        next(r for r in report.rows if r.gateway == name)
        for name in ("sandbox", "counter")
    )
    # Four attempts of 50.000: two paid, one failed, one answered with 5.000.
    assert (online.started, online.started_total, online.failed) == (4, 200000, 1)
    assert (online.confirmed, online.confirmed_total) == (2, 100000)
    assert online.reported_total == 100000
    assert (online.receipts, online.receipts_total) == (2, 100000)
    assert (counter.confirmed_total, counter.receipts_total) == (50000, 50000)
    assert counter.refunds_total == 50000
    assert report.balanced
    assert report.confirmed_total == report.receipts_total == 150000


def test_anomalies_are_listed_for_administrators(day_of_payments, system_admin):
    with time_machine.travel(DAY + timedelta(hours=3)):
        report = reconciliation_for(system_admin, DAY.date())
    kinds = sorted(anomaly.kind for anomaly in report.anomalies)
    # The unanswered wrong-amount attempt is also stuck after an hour.
    assert kinds == [
        "amount_mismatch",
        "signature",
        "stuck",
        "unknown_reference",
    ]


def test_staff_see_only_their_agencys_money(day_of_payments):
    stranger = StaffFactory(roles=["clerk"])
    report = reconciliation_for(stranger, DAY.date())
    assert report.rows == [] and report.anomalies == []
    clerk_report = reconciliation_for(day_of_payments.clerk, DAY.date())
    # Forged and unknown callbacks match no request: not the clerk's business.
    assert {a.kind for a in clerk_report.anomalies} <= {"amount_mismatch", "stuck"}
