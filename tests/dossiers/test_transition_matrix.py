"""The workflow table pinned by hand: status × action × role → allowed or refused.

Each cell lists the four actors in the order applicant (the dossier's owner), clerk
of the receiving counter, officer assigned to the dossier, leader of the processing
agency: "+" allowed, "r" refused for the role ("role"), "s" refused in this status
("state"), "g" refused by the guard (here: a payment asked while nothing is billed).
Written from DOMAIN.md §1, never derived from dossiers.workflow.TRANSITIONS.
"""

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from core.calendar import get_calendar
from core.exceptions import TransitionNotAllowed
from dossiers import services, workflow
from dossiers.models import Dossier, DossierEvent, DossierFile
from tests.accounts.factories import AgencyFactory, StaffFactory
from tests.dossiers.conftest import draft
from tests.dossiers.factories import pdf

pytestmark = pytest.mark.django_db

ACTIONS = (
    "submit", "withdraw", "intake", "receive", "return_for_supplement", "refuse",
    "supply", "assign", "request_supplement", "forward", "send_back", "approve",
    "transfer", "return_result", "apologize", "request_withdrawal", "stop",
    "request_payment", "settle_payment",
)  # fmt: skip
STATE = "ssss"
# The cells the status allows; every other (status, action) is STATE. "intake"
# creates a dossier and is refused on every existing one.
MATRIX: dict[str, dict[str, str]] = {
    "draft": {"submit": "+rrr", "withdraw": "+rrr"},
    "submitted": {
        "withdraw": "+rrr", "receive": "r+rr", "return_for_supplement": "r+rr",
        "refuse": "r+rr",
    },
    "incomplete": {"withdraw": "+rrr", "supply": "++rr"},
    "refused": {},
    "received": {
        "assign": "rr++", "transfer": "rr++", "apologize": "rr++",
        "request_withdrawal": "+rrr", "stop": "rr++", "request_payment": "rggg",
    },
    "awaiting_payment": {"settle_payment": "++rr", "stop": "r+r+"},
    "processing": {
        "assign": "rr++", "request_supplement": "rr++", "forward": "rr+r",
        "transfer": "rr++", "apologize": "rr++", "request_withdrawal": "+rrr",
        "stop": "rr++", "request_payment": "rggg",
    },
    "supplement_requested": {
        "supply": "++rr", "apologize": "rr++", "request_withdrawal": "+rrr",
        "stop": "rr++",
    },
    "awaiting_approval": {
        "request_supplement": "rr++", "send_back": "rrr+", "approve": "rrr+",
        "apologize": "rr++", "request_withdrawal": "+rrr", "stop": "rr++",
    },
    "result_ready": {"return_result": "r+rr", "request_payment": "rggg"},
    "awaiting_result_payment": {"settle_payment": "++rr"},
    "returned": {},
    "withdrawal_requested": {"stop": "r+++"},
    "withdrawn": {},
    "stopped": {},
}  # fmt: skip
# Where an allowed action leads ("" keeps the status: the apology).
TARGETS = {
    "submit": "submitted", "withdraw": "withdrawn", "receive": "received",
    "return_for_supplement": "incomplete", "refuse": "refused", "assign": "processing",
    "request_supplement": "supplement_requested", "forward": "awaiting_approval",
    "send_back": "processing", "approve": "result_ready", "transfer": "processing",
    "return_result": "returned", "apologize": "", "request_withdrawal":
    "withdrawal_requested", "stop": "stopped", "request_payment": "awaiting_payment",
}  # fmt: skip
SUPPLY_TARGETS = {"incomplete": "submitted", "supplement_requested": "processing"}
# Where the fees were awaited from: back to the stage the dossier waited at (the
# matrix's waiting dossier waited from processing).
SETTLE_TARGETS = {
    "awaiting_payment": "processing",
    "awaiting_result_payment": ("result_ready"),
}
REQUEST_PAYMENT_TARGETS = {"result_ready": "awaiting_result_payment"}
CELLS = [
    (status, action, row.get(action, STATE))
    for status, row in MATRIX.items()
    for action in ACTIONS
]


class Rollback(Exception):
    pass


def test_the_matrix_covers_every_status_and_action():
    assert set(MATRIX) == set(workflow.DossierStatus.values)
    assert set(ACTIONS) == set(workflow.ACTIONS)


@pytest.mark.parametrize(("status", "action", "cell"), CELLS)
def test_transition_matrix(world, status, action, cell):
    dossier = _dossier_in(world, status)
    actors = (world.citizen, world.clerk, world.officer, world.leader)
    outcomes = "".join(
        _attempt(world, dossier, action, actor, status) for actor in actors
    )
    assert outcomes == cell


def _dossier_in(world, status):
    """A complete dossier with a result file, put in `status`, assigned to the
    world's officer (so that "r" for the officer never means "not yours")."""
    dossier = draft(world)
    services.dossier_file_add(
        dossier=dossier, actor=world.citizen, upload=pdf("ket-qua.pdf")
    )
    DossierFile.objects.filter(dossier=dossier, original_name="ket-qua.pdf").update(
        kind=DossierFile.Kind.RESULT
    )
    code = f"000.00.02.H36-261202-{dossier.pk % 10000:04d}"
    Dossier.objects.filter(pk=dossier.pk).update(
        status=status, code=code, assignee=world.officer
    )
    if status == "awaiting_payment":
        # How it got there: the wait ends back in processing.
        DossierEvent.objects.create(
            dossier=dossier, action="request_payment", from_status="processing",
            to_status=status,
        )  # fmt: skip
    return Dossier.objects.get(pk=dossier.pk)


def _inputs(world, action):
    """Valid inputs, so that an allowed cell succeeds past its guard."""
    calendar = get_calendar()
    later = calendar.add_working_days(calendar.clock_start(timezone.now()), 30)
    return {
        "assign": {"assignee": world.officer},
        "transfer": {"agency": AgencyFactory(), "note": "Liên thông"},
        "apologize": {"new_due_at": later, "note": "Chờ xác minh"},
    }.get(action, {"note": "Nội dung"})


def _attempt(world, dossier, action, actor, status):
    try:
        with transaction.atomic():
            changed = services.dossier_apply_action(
                code=dossier.code, action=action, actor=actor, **_inputs(world, action)
            )
            by_status = {
                "supply": SUPPLY_TARGETS, "settle_payment": SETTLE_TARGETS,
                "request_payment": REQUEST_PAYMENT_TARGETS,
            }.get(action, {})  # fmt: skip
            target = by_status[status] if status in by_status else TARGETS[action]
            assert changed.status == (target or status), (action, changed.status)
            raise Rollback
    except Rollback:
        return "+"
    except TransitionNotAllowed as error:
        return {"state": "s", "role": "r"}.get(error.code, "g")


def test_a_clerk_cannot_return_a_result_the_leader_has_not_signed(world):
    dossier = _dossier_in(world, "awaiting_approval")
    with pytest.raises(TransitionNotAllowed) as error:
        services.dossier_apply_action(
            code=dossier.code, action="return_result", actor=world.clerk
        )
    assert error.value.code == "state"


def test_an_officer_of_another_agency_is_refused_for_the_role(world):
    dossier = _dossier_in(world, "received")
    stranger = StaffFactory(roles=[Role.OFFICER, Role.LEADER])
    with pytest.raises(TransitionNotAllowed) as error:
        services.dossier_apply_action(
            code=dossier.code, action="assign", actor=stranger, assignee=stranger
        )
    assert error.value.code == "role"
