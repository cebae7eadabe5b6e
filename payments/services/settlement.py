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
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.permissions import may_act
from core.exceptions import DomainError, TransitionNotAllowed
from dossiers.services.transitions import record_event
from dossiers.workflow import DossierStatus
from payments.formatting import vnd
from payments.models import Method, PaymentRequest, Refund
from payments.services.receipts import receipt_issue
from payments.services.requests import apply_move, check_clerk, lock_request
from payments.workflow import PAYABLE

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
    """A dossier waiting in national status 6 goes back to processing once nothing
    is owed; its own transaction, after the payment committed."""
    from dossiers.models import Dossier
    from dossiers.services import dossier_apply_action

    waiting = Dossier.objects.filter(
        code=code, status=DossierStatus.AWAITING_PAYMENT
    ).exists()
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


@transaction.atomic
def refund_record(
    *, request_uuid: UUID | str, actor: User, approver: User, reason: str
) -> Refund:
    """Record money given back for a paid request, approved by a leader of the
    collecting agency; the receipt stays, the request becomes refunded."""
    request = lock_request(request_uuid)
    check_clerk(request, actor)
    if not may_act(approver, request.dossier, Role.LEADER):
        raise DomainError(
            "approver", _("Người phê duyệt phải là lãnh đạo của cơ quan thu.")
        )
    if not reason.strip():
        raise DomainError("reason", _("Cần ghi rõ lý do hoàn tiền."))
    apply_move(request, "refund")
    request.save(update_fields=["status"])
    refund = Refund.objects.create(
        request=request,
        amount=request.total,
        reason=reason.strip(),
        approved_by=approver,
        recorded_by=actor,
    )
    record_event(
        request.dossier,
        "refund",
        request.dossier.status,
        request.dossier.status,
        actor,
        {
            "note": _("Hoàn %(amount)s đồng: %(reason)s")
            % {"amount": vnd(request.total), "reason": reason}
        },
    )
    return refund
