"""Moves under the row lock, and codes under concurrency, on real connections."""

import pytest

from core.exceptions import TransitionNotAllowed
from feedback import services
from feedback.models import Feedback
from tests.concurrency import run_together
from tests.feedback.factories import advance, send

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_approvals_at_once_approve_once(world):
    feedback = advance(world, send(world), "answered")

    def approve(index):
        return services.feedback_apply_action(
            code=feedback.code, action="approve", actor=world.leader
        )

    results = run_together(2, approve)
    refused = [r for r in results if isinstance(r, TransitionNotAllowed)]
    assert len(refused) == 1 and refused[0].code == "state", results
    assert feedback.events.filter(action="approve").count() == 1


def test_parallel_senders_get_distinct_codes(world):
    results = run_together(6, lambda index: send(world))
    codes = {r.code for r in results if isinstance(r, Feedback)}
    assert len(codes) == 6, results
