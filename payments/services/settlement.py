"""Marking a request paid (gateway or counter) and refunding it.

Both ways of paying end in `mark_paid`, inside the caller's transaction and under
the request's row lock: status through payments.workflow, the receipt, a line in
the dossier's history and the citizen's notification (outbox rows, sent on commit).
The dossier waiting in national status 6 moves on after the commit.
"""

from __future__ import annotations

import functools
import logging
from datetime import datetime
from uuid import UUID

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.permissions import may_act
from core.exceptions import DomainError, InvalidInput, TransitionNotAllowed
from dossiers.services.transitions import record_event
from dossiers.workflow import PAYMENT_WAITS
from payments.formatting import vnd
from payments.gateways import (
    GatewayUnavailable,
    RefundAnswer,
    RefundOrder,
    get_gateway,
)
from payments.models import Method, PaymentAttempt, PaymentRequest, Refund
from payments.services.receipts import receipt_issue
from payments.services.requests import apply_move, check_clerk, lock_request
from payments.workflow import PAYABLE, PaymentStatus

logger = logging.getLogger(__name__)


def mark_paid(
    request: PaymentRequest,
    *,
    method: str,
    now: datetime,
    gateway: str = "",
    platform: int | None = None,
    recorded_by: User | None = None,
) -> None:
    apply_move(request, "confirm")
    request.paid_at = now
    request.method = method
    request.gateway = gateway
    request.platform = platform
    request.recorded_by = recorded_by
    request.save(
        update_fields=[
            "status",
            "paid_at",
            "method",
            "gateway",
            "platform",
            "recorded_by",
        ]
    )
    receipt = receipt_issue(request=request)
    dossier = request.dossier
    record_event(
        dossier,
        "pay",
        dossier.status,
        dossier.status,
        recorded_by,
        {
            "note": _("Đã nộp %(amount)s đồng (%(method)s), biên lai số %(number)s.")
            % {
                "amount": vnd(request.total),
                "method": request.get_method_display(),
                "number": receipt.number,
            }
        },
    )
    _notify_paid(request, receipt.number)
    actor = recorded_by or dossier.owner
    if dossier.code and actor is not None:
        transaction.on_commit(functools.partial(_settle_dossier, dossier.code, actor))


def _notify_paid(request: PaymentRequest, number: str) -> None:
    from notifications import services as notifications

    dossier = request.dossier
    notifications.notify_applicant(
        dossier=dossier,
        template="applicant/payment_paid",
        key=f"payment:{request.pk}:paid",
        **notifications.dossier_context(dossier),
        amount=vnd(request.total),
        number=number,
    )


def _settle_dossier(code: str, actor: User) -> None:
    """A dossier waiting in national status 6 goes back where it waited once
    nothing is owed; its own transaction, after the payment committed."""
    from dossiers.models import Dossier
    from dossiers.services import dossier_apply_action

    waiting = Dossier.objects.filter(code=code, status__in=PAYMENT_WAITS).exists()
    if not waiting:
        return
    try:
        dossier_apply_action(code=code, action="settle_payment", actor=actor)
    except DomainError as error:
        # Another request is still owed: the dossier waits for it.
        logger.info("Dossier %s still waits for payment: %s", code, error.code)


@transaction.atomic
def payment_record_counter(
    *, request_uuid: UUID | str, actor: User, method: str, now: datetime | None = None
) -> PaymentRequest:
    """A clerk takes the fees in cash or by card at the counter; same receipt."""
    if method not in (Method.CASH, Method.CARD):
        raise DomainError("method", _("Chọn hình thức nộp: tiền mặt hoặc thẻ."))
    request = lock_request(request_uuid)
    check_clerk(request, actor)
    check_payable(request)
    mark_paid(request, method=method, now=now or timezone.now(), recorded_by=actor)
    return request


def check_payable(request: PaymentRequest) -> None:
    if request.status not in PAYABLE:
        raise TransitionNotAllowed(
            "payment_state",
            _("Yêu cầu thanh toán đang ở trạng thái “%(status)s”.")
            % {"status": request.get_status_display()},
        )
    if not request.is_settled:
        raise TransitionNotAllowed(
            "unsettled", _("Cán bộ chưa xác định mức thu cho các khoản phí.")
        )


def refund_record(
    *,
    request_uuid: UUID | str,
    actor: User,
    approver: User,
    reason: str,
    amount: int | None = None,
    client_address: str = "127.0.0.1",
    after_commit: bool = False,
) -> Refund:
    """Give back all or part of what was paid, approved by a leader of the
    collecting agency; the receipt stays.

    The refund is held against the payment under the request's row lock (never
    more than paid, whatever runs at once), then an online payment is refunded
    through its gateway outside any transaction and the answer recorded; money
    given back at the counter is done at once. A gateway without an answer leaves
    the refund pending (reconciliation shows it; `refund_send` asks again).

    A caller that holds a transaction (the API, which claims the Idempotency-Key
    in it) passes `after_commit`: the gateway is then asked once that transaction
    commits, and the refund returned is still pending.
    """
    refund = _refund_hold(
        request_uuid=request_uuid,
        actor=actor,
        approver=approver,
        reason=reason,
        amount=amount,
    )
    if refund.status != Refund.Status.PENDING:
        return refund
    send = functools.partial(
        refund_send, refund_id=refund.pk, client_address=client_address
    )
    if after_commit:
        transaction.on_commit(send, robust=True)
        return refund
    return send()


def refundable(request: PaymentRequest) -> int:
    """What may still be given back: paid, less refunds pending or done."""
    held = request.refunds.exclude(status=Refund.Status.FAILED).aggregate(
        total=Sum("amount")
    )["total"]
    return request.total - (held or 0)


@transaction.atomic
def _refund_hold(
    *,
    request_uuid: UUID | str,
    actor: User,
    approver: User,
    reason: str,
    amount: int | None,
) -> Refund:
    request = lock_request(request_uuid)
    check_clerk(request, actor)
    collecting_leader = approver.agency_id == request.agency_id and may_act(
        approver, request.dossier, Role.LEADER
    )
    if not collecting_leader:
        raise InvalidInput(
            "approver",
            _("Người phê duyệt phải là lãnh đạo của cơ quan thu."),
            field="approver",
        )
    if not reason.strip():
        raise InvalidInput("reason", _("Cần ghi rõ lý do hoàn tiền."), field="reason")
    if request.status != PaymentStatus.PAID:
        raise TransitionNotAllowed(
            "payment_state",
            _("Chỉ hoàn tiền cho yêu cầu đã thanh toán (đang: “%(status)s”).")
            % {"status": request.get_status_display()},
        )
    remaining = refundable(request)
    amount = remaining if amount is None else amount
    if not 0 < amount <= remaining:
        raise InvalidInput(
            "amount",
            _("Số tiền hoàn phải từ 1 đến %(remaining)s đồng (số còn có thể hoàn).")
            % {"remaining": vnd(remaining)},
            field="amount",
        )
    online = request.method == Method.ONLINE
    now = timezone.now()
    refund = Refund.objects.create(
        request=request,
        amount=amount,
        reason=reason.strip(),
        status=Refund.Status.PENDING if online else Refund.Status.DONE,
        gateway=request.gateway if online else "",
        approved_by=approver,
        recorded_by=actor,
        created_at=now,
        completed_at=None if online else now,
    )
    if not online:
        _refund_done(request, refund)
    return refund


def refund_send(*, refund_id: int, client_address: str = "127.0.0.1") -> Refund:
    """Ask the gateway for a pending refund and record its answer; safe to call
    again (the gateway knows the refund by its reference)."""
    refund = Refund.objects.select_related("request").get(pk=refund_id)
    if refund.status != Refund.Status.PENDING:
        return refund
    request = refund.request
    attempt = request.attempts.filter(outcome=PaymentAttempt.Outcome.SUCCEEDED).first()
    if attempt is None or request.paid_at is None:
        return _refund_answered(refund_id, None, "no_transaction")
    order = RefundOrder(
        reference=refund.reference,
        payment_reference=attempt.reference,
        transaction_ref=attempt.transaction_ref,
        amount=refund.amount,
        full=refund.amount == request.total,
        paid_at=request.paid_at,
        created_by=refund.recorded_by.username[:100],
        created_at=refund.created_at,
        client_address=client_address,
        description=f"Hoan phi ho so {request.dossier.code}"[:255],
    )
    try:
        answer = get_gateway(refund.gateway).refund(order)
    except (GatewayUnavailable, DomainError) as error:
        logger.warning("Refund %s left pending: %s", refund.reference, error)
        return refund
    return _refund_answered(refund_id, answer, "")


@transaction.atomic
def _refund_answered(refund_id: int, answer: RefundAnswer | None, note: str) -> Refund:
    """The request's lock first (as every payment write), then the refund's."""
    request_id = Refund.objects.values_list("request_id", flat=True).get(pk=refund_id)
    request = lock_request(request_id)
    refund = Refund.objects.select_for_update().get(pk=refund_id)
    if refund.status != Refund.Status.PENDING:
        return refund  # answered meanwhile
    refund.completed_at = timezone.now()
    if answer is not None:
        refund.response_code = answer.response_code
        refund.transaction_ref = answer.transaction_ref
        refund.raw_response = answer.raw
    else:
        refund.response_code = note[:8]
    succeeded = answer is not None and answer.succeeded
    refund.status = Refund.Status.DONE if succeeded else Refund.Status.FAILED
    refund.save()
    if succeeded:
        _refund_done(request, refund)
    return refund


def _refund_done(request: PaymentRequest, refund: Refund) -> None:
    """Money given back: the whole paid amount makes the request refunded."""
    given = request.refunds.filter(status=Refund.Status.DONE).aggregate(
        total=Sum("amount")
    )["total"]
    apply_move(request, "refund" if given == request.total else "refund_part")
    request.save(update_fields=["status"])
    record_event(
        request.dossier,
        "refund",
        request.dossier.status,
        request.dossier.status,
        refund.recorded_by,
        {
            "note": _("Hoàn %(amount)s đồng: %(reason)s")
            % {"amount": vnd(refund.amount), "reason": refund.reason}
        },
    )
