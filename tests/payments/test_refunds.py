"""Refunds in parts, each its own record; online ones through the gateway.

The refund request's signature is checked here with hmac written out in the test
(fields joined by "|" in the merchant API's order), never with the code under test.
"""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
import requests
from django.utils import timezone

from core.exceptions import DomainError, TransitionNotAllowed
from payments import gateways, services
from payments.models import Refund
from payments.reconciliation import reconciliation_for
from tests.payments.conftest import (
    SANDBOX_SECRET,
    callback,
    collecting_leader,
    owing,
    signed_query,
)

pytestmark = pytest.mark.django_db

SIGNED_REQUEST = (
    "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode",
    "vnp_TransactionType", "vnp_TxnRef", "vnp_Amount", "vnp_TransactionNo",
    "vnp_TransactionDate", "vnp_CreateBy", "vnp_CreateDate", "vnp_IpAddr",
    "vnp_OrderInfo",
)  # fmt: skip


def paid_at_counter(world):
    request = owing(world)
    services.payment_record_counter(
        request_uuid=request.uuid, actor=world.clerk, method="cash"
    )
    return request


def paid_online(world, api_client):
    request = owing(world)
    attempt, _url = services.payment_start(
        request_uuid=request.uuid,
        actor=world.citizen,
        gateway=gateways.get_gateway("sandbox"),
        return_url="http://testserver/thanh-toan/ket-qua/",
        client_address="203.0.113.9",
    )
    query = signed_query(callback(attempt.reference, 50000, number="70000001"))
    assert api_client.get("/api/v1/payments/ipn/sandbox/", query).json() == {
        "RspCode": "00",
        "Message": "Confirm Success",
    }
    return request, attempt


def refund(world, request, amount=None, reason="Thu thừa"):
    return services.refund_record(
        request_uuid=request.uuid,
        actor=world.clerk,
        approver=collecting_leader(world),
        reason=reason,
        amount=amount,
    )


class Bank:
    """The sandbox bank's refund API reached through the test client (the HTTP
    edge replaced, the view and its signature check kept)."""

    def __init__(self, client):
        self.client = client
        self.bodies = []
        self.down = False

    def post(self, url, json=None, timeout=None):
        if self.down:
            raise requests.ConnectionError("bank down")
        self.bodies.append(json)
        answer = self.client.post(
            "/thanh-toan/ngan-hang-thu-nghiem/hoan-tien/",
            data=_dumps(json),
            content_type="application/json",
        )
        response = requests.Response()
        response.status_code = answer.status_code
        response._content = answer.content
        return response


def _dumps(body):
    return json.dumps(body)


@pytest.fixture
def bank(monkeypatch, client):
    bank = Bank(client)
    monkeypatch.setattr(requests, "post", bank.post)
    return bank


def test_a_counter_payment_is_refunded_in_parts_never_beyond_what_was_paid(paying):
    request = paid_at_counter(paying)
    first = refund(paying, request, 20000)
    request.refresh_from_db()
    assert (first.status, first.amount, first.gateway) == ("done", 20000, "")
    assert request.status == "paid"  # 30.000 đồng are still paid
    with pytest.raises(DomainError) as error:
        refund(paying, request, 30001)
    assert error.value.code == "amount"
    assert "30.000" in error.value.message
    with pytest.raises(DomainError):
        refund(paying, request, 0)
    rest = refund(paying, request)  # no amount: what remains
    request.refresh_from_db()
    assert (rest.amount, request.status) == (30000, "refunded")
    with pytest.raises(TransitionNotAllowed) as error:
        refund(paying, request, 1)
    assert error.value.code == "payment_state"
    assert sorted(Refund.objects.values_list("amount", flat=True)) == [20000, 30000]
    notes = list(
        request.dossier.events.filter(action="refund").values_list("note", flat=True)
    )
    assert notes == ["Hoàn 20.000 đồng: Thu thừa", "Hoàn 30.000 đồng: Thu thừa"]


def test_an_online_payment_is_refunded_through_the_gateway(paying, api_client, bank):
    request, attempt = paid_online(paying, api_client)
    part = refund(paying, request, 15000)
    assert part.status == "done"
    assert part.transaction_ref and part.response_code == "00"
    assert part.raw_response["vnp_ResponseCode"] == "00"
    sent = bank.bodies[0]
    assert {
        k: sent[k]
        for k in ("vnp_Command", "vnp_TransactionType", "vnp_TxnRef", "vnp_Amount")
    } == {
        "vnp_Command": "refund",
        "vnp_TransactionType": "03",  # a part
        "vnp_TxnRef": attempt.reference,
        "vnp_Amount": "1500000",
    }
    assert sent["vnp_TransactionNo"] == "70000001"
    data = "|".join(sent[name] for name in SIGNED_REQUEST)
    expected = hmac.new(SANDBOX_SECRET.encode(), data.encode(), hashlib.sha512)
    assert sent["vnp_SecureHash"] == expected.hexdigest()

    rest = refund(paying, request)
    request.refresh_from_db()
    assert (rest.amount, request.status) == (35000, "refunded")
    assert bank.bodies[1]["vnp_TransactionType"] == "03"  # still a part of the whole


def test_a_whole_online_refund_is_type_02(paying, api_client, bank):
    request, _attempt = paid_online(paying, api_client)
    refund(paying, request)
    assert bank.bodies[0]["vnp_TransactionType"] == "02"


def test_without_an_answer_the_refund_stays_pending_and_holds_its_amount(
    paying, api_client, bank, settings
):
    request, _attempt = paid_online(paying, api_client)
    bank.down = True
    pending = refund(paying, request, 40000)
    assert pending.status == "pending"
    # The held 40.000 đồng count: only 10.000 remain to refund.
    with pytest.raises(DomainError) as error:
        refund(paying, request, 10001)
    assert error.value.code == "amount"
    # Reconciliation shows it once it has waited too long.
    day = timezone.localdate()
    report = reconciliation_for(paying.clerk, day)
    assert "refund_pending" not in [a.kind for a in report.anomalies]
    later = timezone.now() + timedelta(minutes=settings.PAYMENT_STUCK_MINUTES + 1)
    report = reconciliation_for(paying.clerk, day, now=later)
    assert [a.reference for a in report.anomalies if a.kind == "refund_pending"] == [
        pending.reference
    ]
    bank.down = False
    done = services.refund_send(refund_id=pending.pk)
    assert done.status == "done"
    assert services.refund_send(refund_id=pending.pk).status == "done"  # once
    assert len(bank.bodies) == 1
    request.refresh_from_db()
    assert request.status == "paid"


def test_a_forged_refund_answer_is_not_trusted(paying, api_client, monkeypatch):
    request, _attempt = paid_online(paying, api_client)

    def forged(url, json=None, timeout=None):
        response = requests.Response()
        response.status_code = 200
        body = {"vnp_ResponseCode": "00", "vnp_TmnCode": "SANDBOX"}
        response._content = _dumps({**body, "vnp_SecureHash": "00" * 64}).encode()
        return response

    monkeypatch.setattr(requests, "post", forged)
    assert refund(paying, request).status == "pending"
    request.refresh_from_db()
    assert request.status == "paid"


def test_the_sandbox_bank_refuses_an_unsigned_refund(paying, client):
    answer = client.post(
        "/thanh-toan/ngan-hang-thu-nghiem/hoan-tien/",
        data=_dumps({"vnp_TmnCode": "SANDBOX", "vnp_SecureHash": "ab" * 64}),
        content_type="application/json",
    ).json()
    assert answer["vnp_ResponseCode"] == "97"
    bad = client.post(
        "/thanh-toan/ngan-hang-thu-nghiem/hoan-tien/",
        data="[1]",
        content_type="application/json",
    )
    assert bad.status_code == 400


def test_a_refused_refund_releases_its_amount(paying, api_client, bank, monkeypatch):
    from payments import sandbox

    request, _attempt = paid_online(paying, api_client)
    original = sandbox.refund_answer
    # The bank sees a wrong merchant code and answers 97, signed.
    monkeypatch.setattr(
        sandbox,
        "refund_answer",
        lambda gateway, params: original(gateway, {**params, "vnp_TmnCode": "OTHER"}),
    )
    failed = refund(paying, request, 10000)
    assert (failed.status, failed.response_code) == ("failed", "97")
    # Nothing was given back: the whole amount can still be refunded.
    assert services.refundable(request) == 50000
    request.refresh_from_db()
    assert request.status == "paid"


def post_refund(api_client, request, headers=None, **body):
    body = {"amount": 20000, "reason": "Thu thừa", **body}
    return api_client.post(
        f"/api/v1/payments/{request.uuid}/refunds/",
        body,
        format="json",
        **(headers or {}),
    )


def test_a_clerk_refunds_part_of_a_counter_payment_through_the_api(paying, api_client):
    request = paid_at_counter(paying)
    approver = collecting_leader(paying).username
    api_client.force_authenticate(paying.clerk)
    answer = post_refund(api_client, request, approver=approver)
    assert answer.status_code == 201
    body = answer.json()
    assert (body["amount"], body["status"], body["reason"]) == (
        20000,
        "done",
        "Thu thừa",
    )
    assert body["reference"] == Refund.objects.get().reference
    request.refresh_from_db()
    assert request.status == "paid"  # 30.000 đồng are still paid
    rest = post_refund(api_client, request, approver=approver, amount=30000)
    assert (rest.status_code, rest.json()["status"]) == (201, "done")
    request.refresh_from_db()
    assert request.status == "refunded"
    again = post_refund(api_client, request, approver=approver, amount=1)
    assert (again.status_code, again.json()["code"]) == (409, "payment_state")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"amount": 0}, "amount"),
        ({"amount": -5000}, "amount"),
        ({"amount": 50001}, "amount"),  # more than was paid
        ({"amount": "nhiều"}, "amount"),
        ({"amount": None}, "amount"),
        ({"reason": ""}, "reason"),
        ({"reason": "   "}, "reason"),
        ({"approver": "khong.co.ai"}, "approver"),
    ],
)
def test_bad_refund_inputs_are_field_errors(paying, api_client, body, field):
    request = paid_at_counter(paying)
    api_client.force_authenticate(paying.clerk)
    answer = post_refund(
        api_client, request, **{"approver": collecting_leader(paying).username, **body}
    )
    assert answer.status_code == 400
    assert list(answer.json()["fields"]) == [field]
    assert not Refund.objects.exists()


def test_more_than_what_is_left_names_what_is_left(paying, api_client):
    request = paid_at_counter(paying)
    refund(paying, request, 20000)
    api_client.force_authenticate(paying.clerk)
    answer = post_refund(
        api_client, request, approver=collecting_leader(paying).username, amount=30001
    )
    assert answer.status_code == 400
    assert answer.json()["fields"]["amount"] == [
        "Số tiền hoàn phải từ 1 đến 30.000 đồng (số còn có thể hoàn)."
    ]


def test_the_approver_must_lead_the_collecting_agency(paying, api_client):
    request = paid_at_counter(paying)
    api_client.force_authenticate(paying.clerk)
    # paying.leader leads the processing department, not the centre that collected.
    for approver in (paying.leader, paying.officer, paying.clerk):
        answer = post_refund(api_client, request, approver=approver.username)
        assert (answer.status_code, answer.json()["code"]) == (400, "approver")
        assert list(answer.json()["fields"]) == ["approver"]
    assert not Refund.objects.exists()


def test_an_unpaid_request_cannot_be_refunded(paying, api_client):
    request = owing(paying)
    api_client.force_authenticate(paying.clerk)
    answer = post_refund(
        api_client, request, approver=collecting_leader(paying).username
    )
    assert (answer.status_code, answer.json()["code"]) == (409, "payment_state")


def test_citizens_outsiders_and_other_staff_cannot_refund(
    paying, api_client, other_citizen, outsider_officer
):
    request = paid_at_counter(paying)
    approver = collecting_leader(paying).username
    for someone in (paying.citizen, other_citizen, outsider_officer):
        api_client.force_authenticate(someone)
        assert post_refund(api_client, request, approver=approver).status_code == 404
    api_client.force_authenticate(paying.officer)  # sees the dossier, not a clerk
    answer = post_refund(api_client, request, approver=approver)
    assert (answer.status_code, answer.json()["code"]) == (409, "role")
    api_client.force_authenticate(None)
    assert post_refund(api_client, request, approver=approver).status_code == 401
    assert not Refund.objects.exists()


def test_a_retried_refund_with_its_key_gives_back_money_once(paying, api_client):
    request = paid_at_counter(paying)
    approver = collecting_leader(paying).username
    api_client.force_authenticate(paying.clerk)
    key = {"HTTP_IDEMPOTENCY_KEY": "refund-7f3a"}
    first = post_refund(api_client, request, key, approver=approver)
    second = post_refund(api_client, request, key, approver=approver)
    assert (first.status_code, second.status_code) == (201, 201)
    assert second["Idempotent-Replayed"] == "true"
    assert second.json() == first.json()
    assert list(Refund.objects.values_list("amount", flat=True)) == [20000]
    other = post_refund(api_client, request, key, approver=approver, amount=1000)
    assert (other.status_code, other.json()["code"]) == (422, "idempotency_key_reused")


def test_an_online_refund_asks_the_gateway_after_the_commit(
    paying, api_client, bank, django_capture_on_commit_callbacks
):
    request, _attempt = paid_online(paying, api_client)
    api_client.force_authenticate(paying.clerk)
    with django_capture_on_commit_callbacks(execute=True):
        answer = post_refund(
            api_client, request, approver=collecting_leader(paying).username
        )
    assert (answer.status_code, answer.json()["status"]) == (201, "pending")
    assert [body["vnp_Amount"] for body in bank.bodies] == ["2000000"]
    assert Refund.objects.get().status == "done"


def test_schema_describes_the_refund_endpoint(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/payments/{uuid}/refunds/"]["post"]
    assert set(operation["responses"]) >= {"201", "400", "401", "404", "409", "422"}
