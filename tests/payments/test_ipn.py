from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from core.exceptions import DomainError
from dossiers.models import DossierEvent
from notifications.models import Notification
from payments import gateways, services
from payments.models import GatewayCallback, PaymentAttempt, PaymentReceipt
from tests.payments.conftest import callback, owing, signed_query

pytestmark = pytest.mark.django_db
IPN = "/api/v1/payments/ipn/sandbox/"


def start(world, request=None):
    request = request or owing(world)
    attempt, _url = services.payment_start(
        request_uuid=request.uuid,
        actor=world.citizen,
        gateway=gateways.get_gateway("sandbox"),
        return_url="http://testserver/thanh-toan/ket-qua/",
        client_address="203.0.113.9",
    )
    return attempt


def answer(api_client, params):
    response = api_client.get(IPN, params)
    assert response.status_code == 200
    return response.json()["RspCode"]


def test_verified_callback_marks_paid_with_receipt_history_and_notice(
    paying, api_client
):
    attempt = start(paying)
    assert attempt.amount == 50000  # the counter-only fee is not owed online
    assert answer(api_client, signed_query(callback(attempt.reference, 50000))) == "00"
    request = attempt.request
    request.refresh_from_db()
    assert request.status == "paid"
    assert (request.method, request.gateway, request.platform) == (
        "online",
        "sandbox",
        2,
    )
    receipt = PaymentReceipt.objects.get(request=request)
    year = timezone.localdate().year
    assert receipt.number == f"000.00.02.H36-{year}-000001"
    assert receipt.amount == 50000
    attempt.refresh_from_db()
    assert (attempt.outcome, attempt.transaction_ref) == ("succeeded", "14271027")
    assert attempt.raw_callback["vnp_TxnRef"] == attempt.reference
    assert DossierEvent.objects.filter(dossier=request.dossier, action="pay").exists()
    assert Notification.objects.filter(key__startswith=f"payment:{request.pk}:paid")
    assert GatewayCallback.objects.get().answer == "00"


def test_replayed_callback_answers_already_confirmed_and_changes_nothing(
    paying, api_client
):
    attempt = start(paying)
    params = signed_query(callback(attempt.reference, 50000))
    assert answer(api_client, params) == "00"
    assert answer(api_client, params) == "02"
    assert PaymentReceipt.objects.count() == 1
    assert list(
        GatewayCallback.objects.order_by("pk").values_list("note", flat=True)
    ) == [
        "paid",
        "replay",
    ]


def test_forged_callback_is_refused_and_logged(paying, api_client):
    attempt = start(paying)
    params = signed_query(callback(attempt.reference, 50000))
    params["vnp_Amount"] = "100"  # changed after signing
    assert answer(api_client, params) == "97"
    attempt.request.refresh_from_db()
    assert attempt.request.status == "pending"
    logged = GatewayCallback.objects.get()
    assert (logged.answer, logged.note, logged.reference) == (
        "97",
        "signature",
        attempt.reference,
    )


def test_signed_callback_with_a_wrong_amount_is_refused_and_kept(paying, api_client):
    attempt = start(paying)
    assert answer(api_client, signed_query(callback(attempt.reference, 5000))) == "04"
    attempt.refresh_from_db()
    attempt.request.refresh_from_db()
    assert attempt.request.status == "pending"
    assert attempt.outcome == "started"
    assert attempt.raw_callback["vnp_Amount"] == "500000"
    assert GatewayCallback.objects.get().note == "amount_mismatch"


def test_callback_after_the_deadline_cannot_pay(paying, api_client):
    attempt = start(paying)
    later = attempt.request.expires_at + timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        code = answer(api_client, signed_query(callback(attempt.reference, 50000)))
    assert code == "02"
    attempt.request.refresh_from_db()
    assert attempt.request.status == "expired"
    assert not PaymentReceipt.objects.exists()
    assert GatewayCallback.objects.get().note == "late"


def test_expired_request_cannot_be_started(paying):
    request = owing(paying)
    late = request.expires_at + timedelta(seconds=1)
    with time_machine.travel(late, tick=False), pytest.raises(DomainError) as error:
        start(paying, request)
    assert error.value.code == "expired"


def test_unknown_reference_answers_order_not_found(paying, api_client):
    assert answer(api_client, signed_query(callback("NOSUCHREF", 50000))) == "01"
    assert GatewayCallback.objects.get().note == "unknown_reference"


def test_failed_payment_leaves_the_request_payable_again(paying, api_client):
    attempt = start(paying)
    params = signed_query(callback(attempt.reference, 50000, code="51"))
    assert answer(api_client, params) == "00"
    attempt.request.refresh_from_db()
    assert attempt.request.status == "failed"
    second = start(paying, attempt.request)
    assert second.reference != attempt.reference
    params = signed_query(callback(second.reference, 50000, number="99"))
    assert answer(api_client, params) == "00"
    second.request.refresh_from_db()
    assert second.request.status == "paid"


def test_a_second_successful_attempt_is_not_counted_twice(paying, api_client):
    request = owing(paying)
    first, second = start(paying, request), start(paying, request)
    assert answer(api_client, signed_query(callback(first.reference, 50000))) == "00"
    params = signed_query(callback(second.reference, 50000, number="777"))
    assert answer(api_client, params) == "02"
    assert PaymentReceipt.objects.count() == 1
    assert GatewayCallback.objects.get(reference=second.reference).note == "paid_twice"


def test_unknown_gateway_is_a_404(api_client):
    assert api_client.get("/api/v1/payments/ipn/nosuch/").status_code == 404


def test_ipn_accepts_a_post_too(paying, api_client):
    attempt = start(paying)
    params = signed_query(callback(attempt.reference, 50000))
    response = api_client.post(IPN, params, format="json")
    assert response.status_code == 200
    assert response.json() == {"RspCode": "00", "Message": "Confirm Success"}


def test_browser_return_shows_the_result_without_marking_paid(paying, client):
    attempt = start(paying)
    client.force_login(paying.citizen)
    params = signed_query(callback(attempt.reference, 50000))
    response = client.get("/thanh-toan/ket-qua/", params)
    assert response.status_code == 200
    attempt.request.refresh_from_db()
    assert attempt.request.status == "pending"
    assert PaymentAttempt.objects.get().outcome == "started"


VNPAY_SECRET = "VNPAYSECRET0123"


@pytest.fixture
def vnpay(settings):
    """The real gateway's keys, and VNPAY's published IPN addresses."""
    settings.VNPAY_TMN_CODE = "DEMOTMN1"
    settings.VNPAY_HASH_SECRET = VNPAY_SECRET
    settings.VNPAY_IPN_ALLOWED_IPS = ["113.160.92.202/32", "203.205.17.0/24"]
    return settings


def vnpay_query(world):
    request = owing(world)
    attempt, _url = services.payment_start(
        request_uuid=request.uuid,
        actor=world.citizen,
        gateway=gateways.get_gateway("vnpay"),
        return_url="http://testserver/thanh-toan/ket-qua/",
        client_address="203.0.113.9",
    )
    params = {**callback(attempt.reference, 50000), "vnp_TmnCode": "DEMOTMN1"}
    return request, signed_query(params, VNPAY_SECRET)


def test_an_ipn_from_outside_the_allow_list_is_refused_before_anything(
    paying, vnpay, api_client
):
    request, query = vnpay_query(paying)
    refused = api_client.get(
        "/api/v1/payments/ipn/vnpay/", query, REMOTE_ADDR="198.51.100.7"
    ).json()
    assert refused == {"RspCode": "99", "Message": "Source address not allowed"}
    request.refresh_from_db()
    assert request.status == "pending"
    logged = GatewayCallback.objects.get()
    assert (logged.note, logged.answer, logged.client_address) == (
        "address",
        "99",
        "198.51.100.7",
    )
    accepted = api_client.get(
        "/api/v1/payments/ipn/vnpay/", query, REMOTE_ADDR="203.205.17.44"
    ).json()
    assert accepted["RspCode"] == "00"
    request.refresh_from_db()
    assert request.status == "paid"


def test_behind_a_trusted_proxy_the_forwarded_address_is_checked(
    paying, vnpay, api_client
):
    vnpay.TRUSTED_PROXIES = ["10.0.0.0/8"]
    _request, query = vnpay_query(paying)
    # Anyone may write the header: from an untrusted peer it is ignored.
    spoofed = api_client.get(
        "/api/v1/payments/ipn/vnpay/",
        query,
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="113.160.92.202",
    ).json()
    assert spoofed["RspCode"] == "99"
    # The proxy appended the bank's address: the right-most untrusted entry.
    proxied = api_client.get(
        "/api/v1/payments/ipn/vnpay/",
        query,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.7, 113.160.92.202",
    ).json()
    assert proxied["RspCode"] == "00"


def test_without_an_allow_list_every_address_is_heard(paying, vnpay, api_client):
    vnpay.VNPAY_IPN_ALLOWED_IPS = []
    _request, query = vnpay_query(paying)
    answer = api_client.get(
        "/api/v1/payments/ipn/vnpay/", query, REMOTE_ADDR="198.51.100.7"
    ).json()
    assert answer["RspCode"] == "00"
