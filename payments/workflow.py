"""The payment state machine: the only definition of a request's statuses and moves.

Like dossiers.workflow it never touches the database; payments.services applies it
under a row lock on the PaymentRequest. Who acts is checked by the services (a
verified gateway callback, the citizen, a clerk in scope), not here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Chờ thanh toán")
    PAID = "paid", _("Đã thanh toán")
    FAILED = "failed", _("Thanh toán không thành công")
    EXPIRED = "expired", _("Quá hạn thanh toán")
    CANCELLED = "cancelled", _("Đã hủy yêu cầu")
    REFUNDED = "refunded", _("Đã hoàn tiền")


@dataclass(frozen=True)
class Move:
    action: str
    sources: frozenset[str]
    target: str


S = PaymentStatus
# A failed attempt leaves the request open: the citizen may try again.
PAYABLE = frozenset({S.PENDING, S.FAILED})

MOVES: tuple[Move, ...] = (
    # A verified gateway callback, or a clerk taking cash or card at the counter.
    Move("confirm", PAYABLE, S.PAID),
    # The gateway reported a failure or the citizen cancelled at the bank.
    Move("fail", PAYABLE, S.FAILED),
    Move("start", PAYABLE, S.PENDING),
    Move("expire", PAYABLE, S.EXPIRED),
    # Staff withdraw a request (waived, or replaced by a new one).
    Move("cancel", PAYABLE | {S.EXPIRED}, S.CANCELLED),
    # Refunds: the last part (or the whole) makes the request refunded; a part
    # leaves it paid for the rest.
    Move("refund", frozenset({S.PAID}), S.REFUNDED),
    Move("refund_part", frozenset({S.PAID}), S.PAID),
)
ACTIONS = tuple(sorted({move.action for move in MOVES}))


def move_for(action: str, status: str) -> Move | None:
    for move in MOVES:
        if move.action == action and status in move.sources:
            return move
    return None
