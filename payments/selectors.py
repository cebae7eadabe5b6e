"""Reads of payments, scoped like the dossiers they belong to."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import AnyUser, is_staff_member
from core.exceptions import TransitionNotAllowed
from dossiers.models import Dossier
from dossiers.selectors import dossier_get_for
from payments.models import PaymentAttempt, PaymentReceipt, PaymentRequest, Refund
from payments.workflow import PAYABLE
from procedures.models import FeeItem, Procedure


def requests_of(dossier: Dossier) -> QuerySet[PaymentRequest]:
    return (
        dossier.payment_requests.select_related("receipt", "agency")
        .prefetch_related("items", "refunds")
        .order_by("created_at", "pk")
    )


def refunded_total(request: PaymentRequest) -> int:
    """VND given back for the request (refunds done)."""
    done = request.refunds.filter(status=Refund.Status.DONE).aggregate(
        total=Sum("amount")
    )["total"]
    return done or 0


def payment_dossier_get_for(user: AnyUser, code: str) -> Dossier:
    """The dossier whose payments `user` may read; 404 for absent and foreign."""
    return dossier_get_for(user, code)


def fee_preview(procedure: Procedure, channel: str) -> list[FeeItem]:
    """The fees shown before submitting: the items of the chosen channel."""
    return [
        item
        for item in procedure.fee_items.all()
        if item.channel in ("", channel) and (item.amount or item.amount_max)
    ]


def receipt_get_public(number: str) -> PaymentReceipt:
    receipt = (
        PaymentReceipt.objects.select_related("agency", "request", "request__dossier")
        .filter(number=number)
        .first()
    )
    if receipt is None:
        raise Http404("No such receipt.")
    return receipt


def receipt_get_for(user: AnyUser, number: str) -> PaymentReceipt:
    """A receipt its payer or staff of the dossier's agencies may download."""
    receipt = receipt_get_public(number)
    dossier_get_for(user, receipt.request.dossier.code or "")
    return receipt


def request_get_for_staff(user: AnyUser, uuid: UUID | str) -> PaymentRequest:
    request = PaymentRequest.objects.select_related("dossier").filter(uuid=uuid).first()
    if request is None or not is_staff_member(user):
        raise Http404("No such payment request.")
    dossier_get_for(user, request.dossier.code or "")
    return request


@dataclass(frozen=True)
class PaymentSummary:
    """What a dossier's page and API show about its fees, for one reader."""

    code: str
    owed: int
    can_pay_online: bool
    requests: list[PaymentRequest]


def payment_summary(dossier: Dossier, user: AnyUser) -> PaymentSummary:
    requests = list(requests_of(dossier))
    payable = [r for r in requests if r.status in PAYABLE]
    owed_now = sum(r.total for r in payable)
    can_pay = (
        dossier.owner_id == user.pk
        and dossier.procedure.online_payment
        and bool(payable)
        and payable[0].is_settled
        and payable[0].total > 0
        and payable[0].expires_at > timezone.now()
    )
    return PaymentSummary(dossier.code or "", owed_now, can_pay, requests)


def payable_request_for_owner(dossier: Dossier, user: AnyUser) -> PaymentRequest:
    """The open request the applicant may pay online now, else a 409 saying why."""
    summary = payment_summary(dossier, user)
    payable = [r for r in summary.requests if r.status in PAYABLE]
    if dossier.owner_id != user.pk:
        raise TransitionNotAllowed(
            "not_applicant", _("Chỉ người nộp hồ sơ thanh toán trực tuyến.")
        )
    if not payable:
        raise TransitionNotAllowed("nothing_owed", _("Không có khoản nào phải nộp."))
    if not dossier.procedure.online_payment:
        raise TransitionNotAllowed(
            "offline", _("Thủ tục này chưa hỗ trợ thanh toán trực tuyến.")
        )
    if not payable[0].is_settled:
        raise TransitionNotAllowed(
            "unsettled", _("Cán bộ chưa xác định mức thu cho các khoản phí.")
        )
    return payable[0]


def attempt_get_for_owner(user: AnyUser, reference: str) -> PaymentAttempt:
    """The citizen's own attempt by our reference; 404 for absent and foreign."""
    attempt = (
        PaymentAttempt.objects.select_related("request__dossier", "request__receipt")
        .filter(reference=reference, request__dossier__owner=user.pk)
        .first()
    )
    if attempt is None:
        raise Http404("No such payment.")
    return attempt
