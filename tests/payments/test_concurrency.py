import pytest

from payments import gateways, services
from payments.models import GatewayCallback, PaymentReceipt
from tests.concurrency import run_together
from tests.payments.conftest import callback, collecting_leader, owing, signed_query

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_duplicate_callbacks_pay_once(paying):
    request = owing(paying)
    gateway = gateways.get_gateway("sandbox")
    attempt, _url = services.payment_start(
        request_uuid=request.uuid,
        actor=paying.citizen,
        gateway=gateway,
        return_url="http://testserver/",
        client_address="203.0.113.9",
    )
    params = signed_query(callback(attempt.reference, 50000))
    answers = run_together(
        8, lambda i: services.payment_callback(gateway=gateway, params=params).code
    )
    assert sorted(answers) == ["00"] + ["02"] * 7, answers
    assert PaymentReceipt.objects.count() == 1
    assert GatewayCallback.objects.filter(note="replay").count() == 7


def test_concurrent_payments_of_one_agency_take_consecutive_receipt_numbers(paying):
    requests = [owing(paying) for _ in range(5)]
    run_together(
        5,
        lambda i: services.payment_record_counter(
            request_uuid=requests[i].uuid, actor=paying.clerk, method="cash"
        ),
    )
    sequences = sorted(PaymentReceipt.objects.values_list("sequence", flat=True))
    assert sequences == [1, 2, 3, 4, 5]


def test_concurrent_partial_refunds_never_give_back_more_than_was_paid(paying):
    from core.exceptions import DomainError
    from payments.models import Refund

    request = owing(paying)
    services.payment_record_counter(
        request_uuid=request.uuid, actor=paying.clerk, method="cash"
    )
    approver = collecting_leader(paying)
    outcomes = run_together(
        6,
        lambda i: services.refund_record(
            request_uuid=request.uuid,
            actor=paying.clerk,
            approver=approver,
            reason=f"Hoàn lần {i}",
            amount=20000,
        ),
    )
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    # 50.000 paid: two refunds of 20.000 fit, the other four are refused.
    assert len(refused) == 4, outcomes
    assert {error.code for error in refused} == {"amount"}
    assert list(Refund.objects.values_list("amount", "status")) == [
        (20000, "done"),
        (20000, "done"),
    ]
    request.refresh_from_db()
    assert request.status == "paid"
