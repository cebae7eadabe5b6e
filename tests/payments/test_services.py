from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.exceptions import DomainError, TransitionNotAllowed
from dossiers.models import DossierEvent
from payments import services
from payments.formatting import vnd, vnd_in_words
from payments.models import PaymentReceipt, Refund
from tests.accounts.factories import StaffFactory
from tests.payments.conftest import collecting_leader, owing, received
from tests.payments.factories import FeeItemFactory

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def test_request_holds_the_fees_of_the_dossiers_channel(paying):
    request = owing(paying)
    items = list(request.items.values_list("name", "amount"))
    assert items == [("Lệ phí cấp bản sao trích lục", 50000)]
    assert request.total == 50000
    assert (request.status, request.moment, request.gate) == (
        "pending",
        "reception",
        "processing",
    )
    assert request.agency == paying.centre


def test_no_request_when_the_channel_pays_nothing(world):
    FeeItemFactory(procedure=world.procedure, amount=20000, channel="counter")
    dossier = received(world)
    issued = services.payment_request_issue(
        dossier=dossier, moment="reception", actor=world.clerk
    )
    assert issued is None and not dossier.payment_requests.exists()


@pytest.fixture
def ranged(paying):
    """A second item published as "từ 6.000 đến 8.000 đồng"."""
    FeeItemFactory(
        procedure=paying.procedure,
        position=3,
        name="Phí thẩm định",
        amount=6000,
        amount_max=8000,
    )
    return paying


def test_a_range_waits_for_the_clerk_and_is_settled_with_a_reason(ranged):
    request = owing(ranged)
    assert request.total == 50000 and not request.is_settled
    request = services.payment_item_settle(
        request_uuid=request.uuid,
        position=2,
        actor=ranged.clerk,
        amount=7000,
        reason="Hồ sơ 3 trang",
    )
    assert request.total == 57000  # 50.000 + 7.000
    item = request.items.get(position=2)
    assert (item.amount, item.reason, item.settled_by) == (
        7000,
        "Hồ sơ 3 trang",
        ranged.clerk,
    )


@pytest.mark.parametrize(
    ("amount", "reason", "code"),
    [(9000, "Quá mức", "amount"), (5999, "Dưới mức", "amount"), (7000, " ", "reason")],
)
def test_a_range_is_settled_only_within_it_and_with_a_reason(
    ranged, amount, reason, code
):
    request = owing(ranged)
    with pytest.raises(DomainError) as error:
        services.payment_item_settle(
            request_uuid=request.uuid,
            position=2,
            actor=ranged.clerk,
            amount=amount,
            reason=reason,
        )
    assert error.value.code == code


def test_only_a_clerk_of_the_dossier_settles_amounts(ranged):
    request = owing(ranged)
    outsider = StaffFactory(roles=["clerk"])
    with pytest.raises(TransitionNotAllowed):
        services.payment_item_settle(
            request_uuid=request.uuid,
            position=2,
            actor=outsider,
            amount=7000,
            reason="x",
        )


def test_exempting_everything_cancels_the_request(paying):
    request = owing(paying)
    request = services.payment_item_settle(
        request_uuid=request.uuid,
        position=1,
        actor=paying.clerk,
        exempt=True,
        reason="Người có công với cách mạng",
    )
    assert (request.total, request.status) == (0, "cancelled")


def test_counter_payment_gives_the_same_receipt(paying):
    request = owing(paying)
    services.payment_record_counter(
        request_uuid=request.uuid, actor=paying.clerk, method="cash"
    )
    request.refresh_from_db()
    assert (request.status, request.method, request.platform) == ("paid", "cash", None)
    assert request.recorded_by == paying.clerk
    assert PaymentReceipt.objects.get(request=request).amount == 50000
    assert DossierEvent.objects.filter(dossier=request.dossier, action="pay").exists()


def test_receipts_are_numbered_per_agency_and_year_without_gaps(paying):
    numbers = []
    for moment in (
        datetime(2026, 12, 30, 9, tzinfo=TZ),
        datetime(2027, 1, 4, 9, tzinfo=TZ),
    ):
        with time_machine.travel(moment, tick=False):
            for _ in range(2):
                request = owing(paying)
                services.payment_record_counter(
                    request_uuid=request.uuid, actor=paying.clerk, method="card"
                )
                numbers.append(PaymentReceipt.objects.get(request=request).number)
    assert numbers == [
        "000.00.02.H36-2026-000001",
        "000.00.02.H36-2026-000002",
        "000.00.02.H36-2027-000001",
        "000.00.02.H36-2027-000002",
    ]


def test_paid_request_cannot_be_paid_again_at_the_counter(paying):
    request = owing(paying)
    services.payment_record_counter(
        request_uuid=request.uuid, actor=paying.clerk, method="cash"
    )
    with pytest.raises(TransitionNotAllowed):
        services.payment_record_counter(
            request_uuid=request.uuid, actor=paying.clerk, method="cash"
        )
    assert PaymentReceipt.objects.count() == 1


def test_refund_needs_a_leader_and_a_reason(paying):
    request = owing(paying)
    services.payment_record_counter(
        request_uuid=request.uuid, actor=paying.clerk, method="cash"
    )
    with pytest.raises(DomainError) as error:
        services.refund_record(
            request_uuid=request.uuid,
            actor=paying.clerk,
            approver=paying.officer,
            reason="Thu nhầm",
        )
    assert error.value.code == "approver"
    # A leader who may see the dossier but works at the processing agency.
    with pytest.raises(DomainError) as error:
        services.refund_record(
            request_uuid=request.uuid,
            actor=paying.clerk,
            approver=paying.leader,
            reason="Thu nhầm",
        )
    assert error.value.code == "approver"
    with pytest.raises(DomainError):
        services.refund_record(
            request_uuid=request.uuid,
            actor=paying.clerk,
            approver=collecting_leader(paying),
            reason="",
        )
    refund = services.refund_record(
        request_uuid=request.uuid,
        actor=paying.clerk,
        approver=collecting_leader(paying),
        reason="Hồ sơ bị từ chối, hoàn lệ phí",
    )
    request.refresh_from_db()
    assert request.status == "refunded"
    assert (refund.amount, refund.approved_by) == (50000, collecting_leader(paying))
    assert Refund.objects.count() == 1


def test_the_sweep_expires_requests_past_their_deadline(paying):
    request = owing(paying)
    assert (
        services.payment_expire_due(now=request.expires_at - timedelta(seconds=1)) == 0
    )
    assert services.payment_expire_due(now=request.expires_at) == 1
    request.refresh_from_db()
    assert request.status == "expired"


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (15000, "Mười lăm nghìn đồng"),
        (21000, "Hai mươi mốt nghìn đồng"),
        (105000, "Một trăm linh năm nghìn đồng"),
        (1005000, "Một triệu không trăm linh năm nghìn đồng"),
        (2500000000, "Hai tỷ năm trăm triệu đồng"),
    ],
)
def test_amounts_in_vietnamese_words(amount, words):
    assert vnd_in_words(amount) == words


def test_amounts_with_thousand_dots():
    assert vnd(1234567) == "1.234.567"
