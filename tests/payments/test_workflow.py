import itertools

import pytest

from payments.workflow import ACTIONS, PaymentStatus, move_for

# (status, action) → new status; every pair not listed is refused.
ALLOWED = {
    ("pending", "confirm"): "paid",
    ("failed", "confirm"): "paid",
    ("pending", "fail"): "failed",
    ("failed", "fail"): "failed",
    ("pending", "start"): "pending",
    ("failed", "start"): "pending",
    ("pending", "expire"): "expired",
    ("failed", "expire"): "expired",
    ("pending", "cancel"): "cancelled",
    ("failed", "cancel"): "cancelled",
    ("expired", "cancel"): "cancelled",
    ("paid", "refund"): "refunded",
    ("paid", "refund_part"): "paid",
}


@pytest.mark.parametrize(
    ("status", "action"), list(itertools.product(PaymentStatus.values, ACTIONS))
)
def test_only_listed_moves_are_allowed(status, action):
    move = move_for(action, status)
    assert (move.target if move else None) == ALLOWED.get((status, action))
