"""Demo payments: one dossier of each outcome, paid through the real services.

The level-4 procedure "Cấp bản sao Trích lục hộ tịch" (8.000 đồng) takes payment
online before processing. Six online dossiers are filed and received; their fees
end paid online (sandbox gateway, a signed IPN), paid at the counter, still pending,
failed at the bank, expired and refunded. Every online payment goes through
payment_start and payment_callback, so the day's reconciliation balances to the
đồng. Seeding again adds nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Agency, User
from dossiers import services as dossiers
from dossiers.models import Dossier
from payments import sandbox, services
from payments.gateways.vnpay import VnpayGateway
from payments.models import PaymentRequest
from procedures.models import FeeDue, PaymentGate, Procedure

CIVIL_COPY = "2.000635.000.00.00.H36"
JUSTICE = "000.00.04.H36"
# The refund's approver leads the collecting agency: the centre that received it.
CITIZEN, CLERK, LEADER = "068090001234", "motcua.tinh", "lanhdao.trungtam"
OUTCOMES = ("paid", "counter", "pending", "failed", "expired", "refunded")
DEMO_NOTE = "Dữ liệu mẫu: thanh toán"
PAGE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def demo_gateway() -> VnpayGateway:
    """The sandbox gateway, even where its page is switched off."""
    return VnpayGateway(
        name="sandbox",
        tmn_code="SANDBOX",
        secret=settings.PAYMENT_SANDBOX_SECRET,
        pay_url="/thanh-toan/ngan-hang-thu-nghiem/",
        platform=settings.PAYMENT_SANDBOX_PLATFORM,
    )


def seed_payments() -> list[str]:
    existing = PaymentRequest.objects.filter(dossier__note=DEMO_NOTE).count()
    if existing:
        return [f"{existing} yêu cầu thanh toán (đã có)"]
    procedure = online_payment_procedure()
    people = demo_people()
    for outcome in OUTCOMES:
        request = file_owing_dossier(procedure, people)
        FINISH[outcome](request, people)
    return [f"{len(OUTCOMES)} yêu cầu thanh toán (tạo mới): {', '.join(OUTCOMES)}"]


def online_payment_procedure() -> Procedure:
    """The demo's level-4 procedure, set to take its fee online before processing."""
    Procedure.objects.filter(code=CIVIL_COPY).update(
        online_payment=True,
        fee_due=FeeDue.RECEPTION,
        payment_gate=PaymentGate.PROCESSING,
    )
    return Procedure.objects.get(code=CIVIL_COPY)


def demo_people() -> dict[str, User]:
    return {name: User.objects.get(username=name) for name in (CITIZEN, CLERK, LEADER)}


def file_owing_dossier(procedure: Procedure, people: dict[str, User]) -> PaymentRequest:
    """An online dossier filed, received and waiting for its fee (status 6)."""
    citizen = people[CITIZEN]
    dossier = dossiers.dossier_create_online(
        owner=citizen,
        procedure=procedure,
        processing_agency=Agency.objects.get(identifier=JUSTICE),
        applicant=dossiers.Applicant.of_user(citizen),
    )
    Dossier.objects.filter(pk=dossier.pk).update(note=DEMO_NOTE)
    for component in procedure.components.filter(is_mandatory=True):
        upload = SimpleUploadedFile("giay-to.pdf", PAGE, "application/pdf")
        dossiers.dossier_file_add(
            dossier=dossier, actor=citizen, upload=upload, component=component
        )
    code = dossiers.dossier_apply_action(
        code=dossier.reference, action="submit", actor=citizen
    ).code
    dossier = dossiers.dossier_apply_action(
        code=code or "", action="receive", actor=people[CLERK]
    )
    request = dossier.payment_requests.filter(status="pending").first()
    return request or _issue(dossier, people[CLERK])


def _issue(dossier: Dossier, clerk: User) -> PaymentRequest:
    request = services.payment_request_issue(
        dossier=dossier, moment=FeeDue.RECEPTION, actor=clerk
    )
    if request is None:
        raise RuntimeError(f"{CIVIL_COPY} charges nothing online in the catalogue.")
    dossiers.dossier_apply_action(
        code=dossier.code or "", action="request_payment", actor=clerk
    )
    return request


def _online(request: PaymentRequest, people: dict[str, User], outcome: str) -> None:
    gateway = demo_gateway()
    attempt, _url = services.payment_start(
        request_uuid=request.uuid,
        actor=people[CITIZEN],
        gateway=gateway,
        return_url=f"{settings.SITE_URL}/thanh-toan/ket-qua/",
        client_address="127.0.0.1",
    )
    order = {
        "vnp_TmnCode": gateway.tmn_code,
        "vnp_Amount": str(attempt.amount * 100),
        "vnp_TxnRef": attempt.reference,
        "vnp_OrderInfo": f"Nop phi ho so {request.dossier.code}",
    }
    params = sandbox.callback_params(gateway, order, outcome)
    services.payment_callback(gateway=gateway, params=params)


def _counter(request: PaymentRequest, people: dict[str, User]) -> None:
    services.payment_record_counter(
        request_uuid=request.uuid, actor=people[CLERK], method="cash"
    )


def _expired(request: PaymentRequest, people: dict[str, User]) -> None:
    PaymentRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    services.payment_expire_due()


def _refunded(request: PaymentRequest, people: dict[str, User]) -> None:
    _counter(request, people)
    services.refund_record(
        request_uuid=request.uuid,
        actor=people[CLERK],
        approver=people[LEADER],
        reason="Nộp trùng tại quầy sau khi đã thanh toán; hoàn lại cho người nộp.",
    )


FINISH = {
    "paid": lambda request, people: _online(request, people, "pay"),
    "counter": _counter,
    "pending": lambda request, people: None,
    "failed": lambda request, people: _online(request, people, "fail"),
    "expired": _expired,
    "refunded": _refunded,
}
