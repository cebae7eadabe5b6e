"""Paying online: sending the citizen to a gateway and handling its callbacks.

Only a verified server-to-server callback (IPN) marks a request paid; the browser's
return merely shows what the callback decided. Every callback is kept as a
GatewayCallback row with the answer given, so forged, replayed, wrong-amount and
late callbacks are all on record for reconciliation.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import DomainError, NotFound, TransitionNotAllowed
from dossiers.workflow import FINAL_STATUSES
from payments.gateways import Callback, Gateway, PaymentOrder
from payments.models import GatewayCallback, Method, PaymentAttempt, PaymentRequest
from payments.services.requests import apply_move, lock_request
from payments.services.settlement import check_payable, mark_paid
from payments.workflow import PAYABLE, PaymentStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IpnAnswer:
    """The reply the protocol expects (VNPAY RspCode and Message)."""

    code: str
    message: str


CONFIRMED = IpnAnswer("00", "Confirm Success")
NOT_FOUND = IpnAnswer("01", "Order not found")
ALREADY = IpnAnswer("02", "Order already confirmed")
EXPIRED = IpnAnswer("02", "Order expired")
BAD_AMOUNT = IpnAnswer("04", "Invalid amount")
BAD_SIGNATURE = IpnAnswer("97", "Invalid signature")
UNKNOWN = IpnAnswer("99", "Unknown error")
# A caller outside the gateway's published addresses: the gateway retries an
# answer other than 00/02, so a genuine bank behind a new address is not lost.
FORBIDDEN_SOURCE = IpnAnswer("99", "Source address not allowed")


@transaction.atomic
def payment_start(
    *,
    request_uuid: UUID | str,
    actor: User,
    gateway: Gateway,
    return_url: str,
    client_address: str,
    now: datetime | None = None,
) -> tuple[PaymentAttempt, str]:
    """The citizen (the dossier's owner) starts paying: a new attempt with our own
    reference, and the gateway URL to redirect to."""
    now = now or timezone.now()
    request = lock_request(request_uuid)
    if request.dossier.owner_id != actor.pk:
        raise NotFound("not_found", _("Không tìm thấy yêu cầu thanh toán."))
    if request.dossier.status in FINAL_STATUSES:
        raise TransitionNotAllowed(
            "dossier_closed", _("Hồ sơ đã kết thúc; không thanh toán được nữa.")
        )
    _refuse_if_late(request, now)
    check_payable(request)
    if request.total <= 0:
        raise DomainError("nothing_owed", _("Không có khoản nào phải nộp."))
    apply_move(request, "start")
    request.save(update_fields=["status"])
    attempt = PaymentAttempt.objects.create(
        request=request,
        gateway=gateway.name,
        reference=f"{timezone.localtime(now):%y%m%d}{secrets.token_hex(6).upper()}",
        amount=request.total,
        created_at=now,
    )
    order = PaymentOrder(
        reference=attempt.reference,
        amount=attempt.amount,
        description=f"Nop phi ho so {request.dossier.code}",
        return_url=return_url,
        client_address=client_address,
        created_at=now,
        expires_at=min(
            now + timedelta(minutes=settings.PAYMENT_ATTEMPT_MINUTES),
            request.expires_at,
        ),
    )
    return attempt, gateway.payment_url(order)


def _refuse_if_late(request: PaymentRequest, now: datetime) -> None:
    """An expired request cannot be paid (the sweep records the expiry)."""
    if request.status == PaymentStatus.EXPIRED or (
        request.status in PAYABLE and request.expires_at <= now
    ):
        raise TransitionNotAllowed("expired", _("Yêu cầu thanh toán đã quá hạn."))


def payment_callback(
    *, gateway: Gateway, params: dict[str, str], client_address: str | None = None
) -> IpnAnswer:
    """Handle a gateway's server-to-server callback; the only way to pay online.

    Checks the signature first, then, under the request's row lock: the reference,
    whether this attempt was already answered (a replay, or a concurrent duplicate
    waiting on the lock: "already confirmed", nothing changes), the amount and the
    deadline. Always records the callback with the answer given. A gateway with an
    address allow-list (VNPAY_IPN_ALLOWED_IPS) is heard only from those addresses,
    before anything else is looked at.
    """
    if not gateway.allows(client_address or ""):
        logger.warning(
            "%s callback from %s refused: address not allowed.",
            gateway.name,
            client_address,
        )
        _log(gateway, params, None, FORBIDDEN_SOURCE, None, client_address, "address")
        return FORBIDDEN_SOURCE
    callback = gateway.verify(params)
    if callback is None:
        logger.warning("Forged or malformed %s callback refused.", gateway.name)
        _log(gateway, params, None, BAD_SIGNATURE, None, client_address, "signature")
        return BAD_SIGNATURE
    try:
        with transaction.atomic():
            answer, note, attempt = _apply(gateway, callback)
            _log(gateway, params, callback, answer, attempt, client_address, note)
    except (IntegrityError, DomainError):
        logger.exception("Callback %s of %s failed.", callback.reference, gateway.name)
        _log(gateway, params, callback, UNKNOWN, None, client_address, "error")
        return UNKNOWN
    if answer.code != CONFIRMED.code:
        logger.warning(
            "Callback %s of %s answered %s (%s).",
            callback.reference,
            gateway.name,
            answer.code,
            note,
        )
    return answer


def _apply(
    gateway: Gateway, callback: Callback
) -> tuple[IpnAnswer, str, PaymentAttempt | None]:
    found = PaymentAttempt.objects.filter(
        gateway=gateway.name, reference=callback.reference
    ).first()
    if found is None:
        return NOT_FOUND, "unknown_reference", None
    request = lock_request(found.request_id)
    attempt = PaymentAttempt.objects.get(pk=found.pk)  # read again under the lock
    if attempt.outcome != PaymentAttempt.Outcome.STARTED:
        return ALREADY, "replay", attempt
    if request.status == PaymentStatus.PAID:
        # Paid already through another attempt: money taken twice must go back.
        return ALREADY, "paid_twice" if callback.succeeded else "replay", attempt
    if callback.amount != attempt.amount:
        _keep_raw(attempt, callback)
        return BAD_AMOUNT, "amount_mismatch", attempt
    now = timezone.now()
    if request.status not in PAYABLE or request.expires_at <= now:
        if request.status in PAYABLE:
            apply_move(request, "expire")
            request.save(update_fields=["status"])
        _keep_raw(attempt, callback)
        return EXPIRED, "late" if callback.succeeded else "late_failure", attempt
    _finish_attempt(attempt, callback, now)
    if callback.succeeded:
        mark_paid(
            request,
            method=Method.ONLINE,
            now=now,
            gateway=gateway.name,
            platform=gateway.platform,
        )
        return CONFIRMED, "paid", attempt
    apply_move(request, "fail")
    request.save(update_fields=["status"])
    return CONFIRMED, "cancelled" if callback.cancelled else "failed", attempt


def _finish_attempt(attempt: PaymentAttempt, callback: Callback, now: datetime) -> None:
    outcomes = PaymentAttempt.Outcome
    if callback.succeeded:
        attempt.outcome = outcomes.SUCCEEDED
    else:
        attempt.outcome = outcomes.CANCELLED if callback.cancelled else outcomes.FAILED
    attempt.transaction_ref = callback.transaction_ref
    attempt.response_code = callback.response_code
    attempt.bank_code = callback.bank_code
    attempt.completed_at = now
    attempt.raw_callback = callback.raw
    attempt.save()


def _keep_raw(attempt: PaymentAttempt, callback: Callback) -> None:
    attempt.raw_callback = callback.raw
    attempt.save(update_fields=["raw_callback"])


def _log(
    gateway: Gateway,
    params: dict[str, str],
    callback: Callback | None,
    answer: IpnAnswer,
    attempt: PaymentAttempt | None,
    client_address: str | None,
    note: str,
) -> None:
    GatewayCallback.objects.create(
        gateway=gateway.name,
        reference=(callback.reference if callback else params.get("vnp_TxnRef", ""))[
            :40
        ],
        transaction_ref=callback.transaction_ref[:40] if callback else "",
        amount=callback.amount if callback else None,
        succeeded=bool(callback and callback.succeeded),
        answer=answer.code,
        note=note,
        attempt=attempt,
        raw={key: str(value)[:500] for key, value in list(params.items())[:60]},
        client_address=client_address,
    )
