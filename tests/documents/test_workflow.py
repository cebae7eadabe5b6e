"""The tables of documents.workflow, written out by hand (the spec)."""

import itertools

import pytest

from documents.workflow import (
    INCOMING_TRANSITIONS,
    OUTGOING_TRANSITIONS,
    IncomingStatus,
    OutgoingStatus,
    transition_for,
)

# (status, action) -> target; every pair not listed is refused.
INCOMING_ALLOWED = {
    ("arrived", "register"): "registered",
    ("arrived", "return"): "returned",
    ("registered", "assign"): "assigned",
    ("assigned", "assign"): "assigned",
    ("in_progress", "assign"): "assigned",
    ("assigned", "start"): "in_progress",
    ("assigned", "complete"): "done",
    ("in_progress", "complete"): "done",
}
OUTGOING_ALLOWED = {
    ("draft", "submit"): "in_review",
    ("in_review", "send_back"): "draft",
    ("in_review", "approve"): "approved",
    ("approved", "issue"): "issued",
}
INCOMING_ACTIONS = ["register", "return", "assign", "start", "complete"]
OUTGOING_ACTIONS = ["submit", "send_back", "approve", "issue"]


@pytest.mark.parametrize(
    ("status", "action"), itertools.product(IncomingStatus.values, INCOMING_ACTIONS)
)
def test_incoming_transitions(status, action):
    transition = transition_for(INCOMING_TRANSITIONS, action, status)
    assert (transition.target if transition else None) == INCOMING_ALLOWED.get(
        (status, action)
    )


@pytest.mark.parametrize(
    ("status", "action"), itertools.product(OutgoingStatus.values, OUTGOING_ACTIONS)
)
def test_outgoing_transitions(status, action):
    transition = transition_for(OUTGOING_TRANSITIONS, action, status)
    assert (transition.target if transition else None) == OUTGOING_ALLOWED.get(
        (status, action)
    )


def test_roles_of_each_action():
    roles = {
        t.action: set(t.roles) for t in INCOMING_TRANSITIONS + OUTGOING_TRANSITIONS
    }
    assert roles == {
        "register": {"clerk"},
        "return": {"clerk"},
        "assign": {"leader"},
        "start": {"handler"},
        "complete": {"handler", "leader"},
        "submit": {"officer"},
        "send_back": {"leader"},
        "approve": {"leader"},
        "issue": {"clerk"},
        "replace": {"leader"},
        "revoke": {"leader"},
        "amend": {"leader"},
    }
