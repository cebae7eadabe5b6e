"""A fully online procedure with fees, and signed callbacks built independently.

The signatures here are computed with hashlib/hmac written out in the test, never
with payments.gateways.vnpay, so a wrong hashing rule in the code cannot agree with
itself.
"""

import hashlib
import hmac
from urllib.parse import quote_plus

import pytest

from accounts.models import Role, User
from dossiers.models import Dossier
from payments import services
from payments.models import PaymentRequest
from tests.accounts.factories import StaffFactory
from tests.dossiers.conftest import World, act, draft
from tests.dossiers.conftest import world as world  # the dossiers' fixture
from tests.payments.factories import FeeItemFactory

SANDBOX_SECRET = "sandbox-only-key"


@pytest.fixture(autouse=True)
def _sandbox(settings):
    settings.PAYMENT_GATEWAY = "sandbox"
    settings.PAYMENT_SANDBOX = True
    settings.PAYMENT_SANDBOX_SECRET = SANDBOX_SECRET
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def paying(world):  # noqa: F811 (the fixture imported above)
    """The world's procedure charges 50.000 đồng online (and 20.000 at the counter
    only), paid online before processing."""
    procedure = world.procedure
    procedure.online_payment = True
    procedure.fee_due = "reception"
    procedure.save(update_fields=["online_payment", "fee_due"])
    FeeItemFactory(procedure=procedure, position=1, amount=50000)
    FeeItemFactory(
        procedure=procedure, position=2, amount=20000, channel="counter", name="Phí"
    )
    return world


def collecting_leader(w: World) -> User:
    """A leader of the collecting agency (the centre that received the dossier):
    the one who approves its refunds."""
    leader = User.objects.filter(agency=w.centre, roles__role=Role.LEADER).first()
    return leader or StaffFactory(agency=w.centre, roles=[Role.LEADER])


def received(w: World) -> Dossier:
    return act(act(draft(w), "submit", w.citizen), "receive", w.clerk)


def owing(w: World) -> PaymentRequest:
    """A received dossier's open payment request (issued at reception)."""
    dossier = received(w)
    request = dossier.payment_requests.filter(status="pending").first()
    return request or services.payment_request_issue(
        dossier=dossier, moment="reception", actor=w.clerk
    )


def signed_query(params: dict[str, str], secret: str = SANDBOX_SECRET) -> dict:
    """VNPAY 2.1.0 by hand: sorted non-empty fields, each key=quote_plus(value),
    joined with &, HMAC-SHA512 in hex."""
    fields = sorted((k, v) for k, v in params.items() if v != "")
    data = "&".join(f"{k}={quote_plus(v)}" for k, v in fields)
    digest = hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()
    return {**params, "vnp_SecureHash": digest}


def callback(reference: str, amount: int, code: str = "00", number="14271027"):
    """The query a bank sends for `reference` (amount in đồng, sent ×100)."""
    return {
        "vnp_Amount": str(amount * 100),
        "vnp_BankCode": "NCB",
        "vnp_OrderInfo": "Nop phi",
        "vnp_PayDate": "20261202103000",
        "vnp_ResponseCode": code,
        "vnp_TmnCode": "SANDBOX",
        "vnp_TransactionNo": number,
        "vnp_TransactionStatus": code if code == "00" else "02",
        "vnp_TxnRef": reference,
    }


@pytest.fixture
def broker(monkeypatch):
    """Task messages handed to the broker (the edge), kept instead of sent."""
    from notifications import tasks as notification_tasks
    from payments import tasks as payment_tasks

    sent = []
    monkeypatch.setattr(
        notification_tasks.notification_send, "delay", lambda pk: sent.append(pk)
    )
    monkeypatch.setattr(
        payment_tasks.receipt_render, "delay", lambda pk: sent.append(pk)
    )
    return sent
