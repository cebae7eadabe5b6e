"""Issuing what a dossier owes, settling ranges and exemptions, cancelling, expiring."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.permissions import may_act
from core.exceptions import DomainError, NotFound, TransitionNotAllowed
from dossiers.models import Dossier
from payments.models import PaymentItem, PaymentRequest
from payments.workflow import PAYABLE, move_for
from procedures.models import FeeDue, FeeItem

logger = logging.getLogger(__name__)


def fee_items_for(dossier: Dossier) -> list[FeeItem]:
    """The catalogue's fee items that apply to the dossier's channel, non-zero."""
    return [
        item
        for item in dossier.procedure.fee_items.filter(
            Q(channel="") | Q(channel=dossier.channel)
        ).order_by("position")
        if item.amount > 0 or item.amount_max
    ]


def apply_move(request: PaymentRequest, action: str) -> None:
    """Change a locked request's status through payments.workflow."""
    move = move_for(action, request.status)
    if move is None:
        raise TransitionNotAllowed(
            "payment_state",
            _("Không thể thực hiện với yêu cầu thanh toán ở trạng thái “%(status)s”.")
            % {"status": request.get_status_display()},
        )
    request.status = move.target


@transaction.atomic
def payment_request_issue(
    *, dossier: Dossier, moment: str, actor: User | None, now: datetime | None = None
) -> PaymentRequest | None:
    """Issue what the dossier owes at `moment` (reception, supplement or result).

    Called when a fee falls due (payments.subscribers) or by a clerk. Returns None
    when the procedure charges nothing for the dossier's channel, or when a request
    of that moment is already open. Ranges wait for the clerk's decision.
    """
    now = now or timezone.now()
    fees = fee_items_for(dossier)
    open_requests = dossier.payment_requests.filter(moment=moment, status__in=PAYABLE)
    if not fees or open_requests.exists():
        return None
    request = PaymentRequest.objects.create(
        dossier=dossier,
        # The one-stop unit that received the dossier collects its fees (Decree
        # 61/2018, Art. 8) and numbers the receipts.
        agency=dossier.receiving_agency,
        moment=moment,
        gate=dossier.procedure.payment_gate,
        expires_at=now + timedelta(days=settings.PAYMENT_REQUEST_DAYS),
        created_at=now,
        created_by=actor,
    )
    PaymentItem.objects.bulk_create(
        PaymentItem(
            request=request,
            fee_item=fee,
            position=position,
            kind=fee.kind,
            name=fee.name,
            amount_min=fee.amount,
            amount_max=fee.amount_max or fee.amount,
            amount=None if fee.is_range else fee.amount,
        )
        for position, fee in enumerate(fees, start=1)
    )
    request.total = _total(request)
    request.save(update_fields=["total"])
    return request


def _total(request: PaymentRequest) -> int:
    return sum(item.amount or 0 for item in request.items.all())


def lock_request(key: UUID | str | int) -> PaymentRequest:
    """The request by its public uuid (or, internally, its id), row-locked."""
    lookup = Q(pk=key) if isinstance(key, int) else Q(uuid=key)
    request = (
        PaymentRequest.objects.select_for_update(of=("self",))
        .select_related(
            "agency",
            "dossier__procedure",
            "dossier__owner",
            "dossier__receiving_agency",
            "dossier__processing_agency",
        )
        .filter(lookup)
        .first()
    )
    if request is None:
        raise NotFound("not_found", _("Không tìm thấy yêu cầu thanh toán."))
    return request


def check_clerk(request: PaymentRequest, actor: User) -> None:
    if not may_act(actor, request.dossier, Role.CLERK):
        raise TransitionNotAllowed(
            "role", _("Chỉ cán bộ một cửa của cơ quan được thực hiện thao tác này.")
        )


@transaction.atomic
def payment_item_settle(
    *,
    request_uuid: UUID | str,
    position: int,
    actor: User,
    reason: str,
    amount: int | None = None,
    exempt: bool = False,
) -> PaymentRequest:
    """A clerk decides an item's amount within its range, or exempts it; both
    need a reason. An exemption of every item cancels the request (nothing owed)."""
    request = lock_request(request_uuid)
    check_clerk(request, actor)
    if request.status not in PAYABLE:
        raise TransitionNotAllowed(
            "payment_state", _("Chỉ điều chỉnh được yêu cầu đang chờ thanh toán.")
        )
    item = request.items.filter(position=position).first()
    if item is None:
        raise NotFound("not_found", _("Không tìm thấy khoản phí."))
    _check_settlement(item, amount, exempt, reason)
    item.amount = 0 if exempt else amount
    item.exempt = exempt
    item.reason = reason.strip()
    item.settled_by = actor
    item.save(update_fields=["amount", "exempt", "reason", "settled_by"])
    request.total = _total(request)
    fields = ["total"]
    if request.total == 0 and request.is_settled:
        apply_move(request, "cancel")
        fields.append("status")
    request.save(update_fields=fields)
    return request


def _check_settlement(
    item: PaymentItem, amount: int | None, exempt: bool, reason: str
) -> None:
    if not reason.strip():
        raise DomainError("reason", _("Cần ghi rõ lý do của mức thu hoặc miễn giảm."))
    if exempt:
        return
    if item.amount_min == item.amount_max:
        raise DomainError(
            "fixed_amount",
            _("Khoản này có mức thu cố định; chỉ có thể miễn, không thể đổi mức thu."),
        )
    if amount is None or not item.amount_min <= amount <= item.amount_max:
        raise DomainError(
            "amount",
            _("Số tiền phải từ %(low)s đến %(high)s đồng.")
            % {"low": item.amount_min, "high": item.amount_max},
        )


@transaction.atomic
def payment_request_cancel(
    *, request_uuid: UUID | str, actor: User, reason: str
) -> PaymentRequest:
    """Staff withdraw a request (waived or to be replaced by a new one)."""
    request = lock_request(request_uuid)
    check_clerk(request, actor)
    if not reason.strip():
        raise DomainError("reason", _("Cần ghi rõ lý do hủy yêu cầu thanh toán."))
    apply_move(request, "cancel")
    request.save(update_fields=["status"])
    logger.info("Payment request %s cancelled: %s", request.uuid, reason[:100])
    return request


def payment_expire_due(*, now: datetime | None = None) -> int:
    """Expire open requests past their deadline; one short lock each."""
    now = now or timezone.now()
    due = PaymentRequest.objects.filter(
        status__in=PAYABLE, expires_at__lte=now
    ).values_list("uuid", flat=True)
    expired = 0
    for uuid in list(due[:1000]):
        with transaction.atomic():
            request = lock_request(uuid)
            if request.status in PAYABLE and request.expires_at <= now:
                apply_move(request, "expire")
                request.save(update_fields=["status"])
                expired += 1
    return expired


def payment_request_open(*, dossier: Dossier, actor: User) -> PaymentRequest:
    """A clerk issues the fees of a dossier whose procedure does not issue them by
    itself (no online payment); the moment is the procedure's `fee_due`."""
    if not may_act(actor, dossier, Role.CLERK):
        raise TransitionNotAllowed(
            "role", _("Chỉ cán bộ một cửa của cơ quan được thực hiện thao tác này.")
        )
    moment = dossier.procedure.fee_due or FeeDue.RECEPTION
    request = payment_request_issue(dossier=dossier, moment=moment, actor=actor)
    if request is None:
        raise DomainError(
            "nothing_owed",
            _("Không có khoản phí nào phải thu, hoặc đã có yêu cầu đang chờ."),
        )
    return request


def payment_requests_close(*, dossier: Dossier) -> int:
    """A dossier that ended (stopped, withdrawn, refused) owes nothing more: its
    open requests are cancelled in the same transaction."""
    closed = 0
    for uuid in dossier.payment_requests.filter(status__in=PAYABLE).values_list(
        "uuid", flat=True
    ):
        request = lock_request(uuid)
        if request.status in PAYABLE:
            apply_move(request, "cancel")
            request.save(update_fields=["status"])
            closed += 1
    return closed
