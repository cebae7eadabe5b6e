import pytest

from payments import gateways, services
from payments.models import GatewayCallback, PaymentReceipt
from tests.concurrency import run_together
from tests.payments.conftest import callback, owing, signed_query

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
