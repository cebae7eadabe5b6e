"""Pages of payments: paying online, the sandbox bank, receipts, the counter's
payment actions and the daily reconciliation."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import has_role
from accounts.types import AuthenticatedRequest
from core.client import client_address
from core.exceptions import DomainError
from dossiers.display import mask_name
from payments import exports, gateways, sandbox, selectors, services
from payments.forms import (
    CounterPaymentForm,
    ReconciliationForm,
    RefundForm,
    SettleItemForm,
)
from payments.gateways.vnpay import VnpayGateway
from payments.reconciliation import (
    RECONCILIATION_ROLES,
    Reconciliation,
    reconciliation_for,
)
from payments.services.receipts import receipt_store


def _dossier_page(code: str) -> HttpResponse:
    return redirect("dossiers:detail", reference=code)


@login_required
@require_POST
def pay(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    """The citizen's "Thanh toán trực tuyến": a new attempt, then the gateway."""
    dossier = selectors.payment_dossier_get_for(request.user, reference)
    try:
        payment = selectors.payable_request_for_owner(dossier, request.user)
        _attempt, url = services.payment_start(
            request_uuid=payment.uuid,
            actor=request.user,
            gateway=gateways.default_gateway(),
            return_url=request.build_absolute_uri(reverse("payments:return")),
            client_address=client_address(request),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return _dossier_page(reference)
    return redirect(url)


@login_required
@require_GET
def payment_return(request: AuthenticatedRequest) -> HttpResponse:
    """Where the gateway sends the browser back: shows what the IPN decided; the
    query itself changes nothing."""
    attempt = selectors.attempt_get_for_owner(
        request.user, request.GET.get("vnp_TxnRef", "")
    )
    payment = attempt.request
    receipt = getattr(payment, "receipt", None) if payment.status == "paid" else None
    return render(
        request,
        "payments/return.html",
        {
            "attempt": attempt,
            "payment": payment,
            "dossier": payment.dossier,
            "receipt": receipt,
        },
    )


@require_http_methods(["GET", "POST"])
def sandbox_bank(request: HttpRequest) -> HttpResponse:
    """The bank's page of the sandbox gateway (only when PAYMENT_SANDBOX is on)."""
    gateway = gateways.enabled().get(gateways.SANDBOX)
    source = request.POST if request.method == "POST" else request.GET
    order = {str(k): str(v) for k, v in source.items() if k.startswith("vnp_")}
    if not isinstance(gateway, VnpayGateway) or not gateway.is_genuine(order):
        return render(
            request, "payments/sandbox_bank.html", {"invalid": True}, status=400
        )
    outcome = request.POST.get("outcome", "")
    if request.method == "POST" and outcome in sandbox.OUTCOMES:
        params = sandbox.callback_params(gateway, order, outcome)
        ipn = request.build_absolute_uri(
            reverse("payments-api:ipn", args=[gateway.name])
        )
        sandbox.deliver_ipn(ipn, params)
        return redirect(sandbox.return_url(order, params))
    amount = int(order.get("vnp_Amount", "0")) // 100
    return render(
        request,
        "payments/sandbox_bank.html",
        {"order": order, "amount": amount},
    )


@csrf_exempt  # a server-to-server API, authenticated by its signature
@require_POST
def sandbox_refund(request: HttpRequest) -> HttpResponse:
    """The sandbox bank's refund API (only when PAYMENT_SANDBOX is on)."""
    gateway = gateways.enabled().get(gateways.SANDBOX)
    if not isinstance(gateway, VnpayGateway):
        raise Http404("No sandbox.")
    try:
        body = json.loads(request.body)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return JsonResponse({"vnp_ResponseCode": "99"}, status=400)
    params = {str(key): str(value) for key, value in body.items()}
    return JsonResponse(sandbox.refund_answer(gateway, params))


@require_GET
def receipt_verify(request: HttpRequest, number: str) -> HttpResponse:
    """Public: the QR code of a receipt leads here."""
    receipt = selectors.receipt_get_public(number)
    return render(
        request,
        "payments/receipt_verify.html",
        {
            "receipt": receipt,
            "payer": mask_name(receipt.payer_name),
            "refunded": receipt.request.status == "refunded",
            "refunded_total": selectors.refunded_total(receipt.request),
        },
    )


@login_required
@require_GET
def receipt_download(request: AuthenticatedRequest, number: str) -> FileResponse:
    receipt = selectors.receipt_get_for(request.user, number)
    if not receipt.file:
        receipt = receipt_store(receipt_id=receipt.pk) or receipt
    return FileResponse(
        receipt.file.open("rb"),
        as_attachment=True,
        filename=f"bien-lai-{receipt.number}.pdf",
        content_type="application/pdf",
    )


# --- The counter ---


@login_required
@require_POST
def issue(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    dossier = selectors.payment_dossier_get_for(request.user, reference)
    _run(
        request,
        lambda: services.payment_request_open(dossier=dossier, actor=request.user),
        _("Đã lập yêu cầu thu phí, lệ phí."),
    )
    return _dossier_page(reference)


@login_required
@require_POST
def counter_payment(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    payment = selectors.request_get_for_staff(request.user, uuid)
    form = CounterPaymentForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.payment_record_counter(
                request_uuid=payment.uuid,
                actor=request.user,
                method=form.cleaned_data["method"],
            ),
            _("Đã ghi nhận khoản nộp tại quầy và lập biên lai."),
        )
    return _dossier_page(payment.dossier.code or "")


@login_required
@require_POST
def settle_item(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    payment = selectors.request_get_for_staff(request.user, uuid)
    form = SettleItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần nhập mức thu hoặc chọn miễn, kèm lý do."))
        return _dossier_page(payment.dossier.code or "")
    data = form.cleaned_data
    _run(
        request,
        lambda: services.payment_item_settle(
            request_uuid=payment.uuid,
            position=data["position"],
            actor=request.user,
            amount=data["amount"],
            exempt=data["exempt"],
            reason=data["reason"],
        ),
        _("Đã cập nhật mức thu."),
    )
    return _dossier_page(payment.dossier.code or "")


@login_required
@require_POST
def refund(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    payment = selectors.request_get_for_staff(request.user, uuid)
    form = RefundForm(request.POST, agency_id=payment.agency_id)
    if not form.is_valid():
        messages.error(
            request, _("Cần chọn lãnh đạo phê duyệt và ghi lý do hoàn tiền.")
        )
        return _dossier_page(payment.dossier.code or "")
    _run(
        request,
        lambda: services.refund_record(
            request_uuid=payment.uuid,
            actor=request.user,
            approver=form.cleaned_data["approver"],
            reason=form.cleaned_data["reason"],
            amount=form.cleaned_data["amount"],
            client_address=client_address(request),
        ),
        _("Đã ghi nhận hoàn tiền."),
    )
    return _dossier_page(payment.dossier.code or "")


def _run(request: HttpRequest, action: Callable[[], object], done: str) -> None:
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)


# --- Reconciliation ---


def _report(request: AuthenticatedRequest) -> tuple[ReconciliationForm, Reconciliation]:
    if not has_role(request.user, *RECONCILIATION_ROLES):
        raise Http404("Staff only.")
    form = ReconciliationForm(request.GET or None)
    day = form.cleaned_data["day"] if form.is_valid() else timezone.localdate()
    return form, reconciliation_for(request.user, day)


@login_required
@require_GET
def reconciliation(request: AuthenticatedRequest) -> HttpResponse:
    form, report = _report(request)
    return render(
        request, "payments/reconciliation.html", {"form": form, "report": report}
    )


@login_required
@require_GET
def reconciliation_csv(request: AuthenticatedRequest) -> HttpResponse:
    _form, report = _report(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"doi-soat-{report.day.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    exports.write_csv(response, report)
    return response
