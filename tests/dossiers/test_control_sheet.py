"""Control sheet (form 06): step clocks and budgets on hand-computed worlds.

Working hours 07:30-11:30 and 13:00-17:00; the reception cut-off is 15:00. The
procedure takes 5 working days (40 h). Every expected moment below is worked out
by hand in its comment.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Role
from dossiers import form_data, routing, services
from dossiers.models import DossierStep
from procedures.models import WorkflowStep
from tests.dossiers.conftest import act, draft
from tests.dossiers.factories import pdf

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, hour, minute=0):
    month = 11 if day > 20 else 12
    return datetime(2026, month, day, hour, minute, tzinfo=TZ)


def act_at(moment, dossier, action, actor, **data):
    with time_machine.travel(moment, tick=False):
        return act(dossier, action, actor, **data)


def steps_of(dossier):
    return list(DossierStep.objects.filter(dossier=dossier).order_by("position"))


def test_default_budgets_add_up_to_the_legal_time_without_a_zero_step(world):
    phases = routing.phases_of(world.procedure)
    # 40 h: reception and assignment 40 // 8 = 5, at most 4; approval 40 // 8 = 5;
    # the officer the rest, 40 - 4 - 4 - 5 = 27.
    assert {key: phase.hours for key, phase in phases.items()} == {
        "reception": 4,
        "assignment": 4,
        "processing": 27,
        "approval": 5,
    }


def test_a_template_without_an_assigning_leader_still_budgets_the_assignment(world):
    for position, (role, hours) in enumerate(
        [(Role.CLERK, 4), (Role.OFFICER, 28), (Role.LEADER, 8)], start=1
    ):
        WorkflowStep.objects.create(
            procedure=world.procedure,
            position=position,
            name=f"Bước {position}",
            role=role,
            hours=hours,
        )
    phases = routing.phases_of(world.procedure)
    # Nobody assigns in the template: 4 h for it, taken from the officer's 28 h.
    assert {key: phase.hours for key, phase in phases.items()} == {
        "reception": 4,
        "assignment": 4,
        "processing": 24,
        "approval": 8,
    }
    dossier = act_at(at(25, 9), draft(world), "submit", world.citizen)
    dossier = act_at(at(25, 9, 30), dossier, "receive", world.clerk)
    dossier = act_at(
        at(25, 10), dossier, "assign", world.leader, assignee=world.officer
    )
    assignment = steps_of(dossier)[1]
    # Opened Wed 09:30, 4 h: 2 h to 11:30, 2 h from 13:00: due 15:00 the same day.
    assert assignment.due_at == at(25, 15)
    assert assignment.outcome == DossierStep.Outcome.ON_TIME


def test_step_clocks_follow_the_cut_off_and_outcomes_are_honest(world):
    # Filed online Wednesday 25/11 at 16:00, after the 15:00 cut-off.
    dossier = act_at(at(25, 16), draft(world), "submit", world.citizen)
    # Received Thursday 10:00: the appointment is 40 h from then: Thu 5.5 h, Fri,
    # Mon, Tue, Wed 32 h, Thu 3/12 2.5 h from 07:30: Thursday 3/12 10:00.
    dossier = act_at(at(26, 10), dossier, "receive", world.clerk)
    assert dossier.receipt_due_at == at(3, 10)
    dossier = act_at(
        at(26, 14), dossier, "assign", world.leader, assignee=world.officer
    )
    services.dossier_file_add(
        dossier=dossier, actor=world.officer, upload=pdf("kq.pdf"), kind="result"
    )
    dossier = act_at(at(30, 16), dossier, "forward", world.officer)
    dossier = act_at(at(1, 15), dossier, "approve", world.leader)
    dossier = act_at(at(2, 9), dossier, "return_result", world.clerk)
    reception, assignment, processing, approval = steps_of(dossier)
    # Reception: started Wed 16:00, the clock starts Thu 07:30; 4 h: Thu 11:30.
    # Handed over Thu 10:00, on the due day: on time.
    assert (reception.due_at, reception.outcome) == (at(26, 11, 30), "on_time")
    # Assignment: Thu 10:00 + 4 h = 1.5 h to 11:30, 2.5 h from 13:00: Thu 15:30.
    assert (assignment.due_at, assignment.outcome) == (at(26, 15, 30), "on_time")
    # Processing: Thu 14:00 + 27 h = Thu 3 h, Fri 8, Mon 8, Tue 8: Tue 1/12 17:00.
    # Forwarded Monday: a day before the due day, early.
    assert (processing.due_at, processing.outcome) == (at(1, 17), "early")
    # Approval: opened Mon 16:00, after the cut-off, so from Tue 07:30; 5 h: 4 h to
    # 11:30, 1 h from 13:00: Tue 14:00. Signed Tue 15:00: late.
    assert (approval.due_at, approval.outcome) == (at(1, 14), "late")
    rows = form_data.hand_overs(dossier)
    assert [row.outcome for row in rows] == [
        "Đúng hạn",
        "Đúng hạn",
        "Trước hạn",
        "Quá hạn",
        "Trước hạn",  # returned Wed 2/12, a day before the legal Thu 3/12 10:00
    ]


def test_the_return_row_is_judged_on_the_legal_date_not_the_apology(world):
    dossier = act_at(at(25, 9), draft(world), "submit", world.citizen)
    # Received Wed 25/11 09:00: due 40 h later, Wed 2/12 09:00.
    dossier = act_at(at(25, 9), dossier, "receive", world.clerk)
    dossier = act_at(
        at(25, 10), dossier, "assign", world.leader, assignee=world.officer
    )
    dossier = act_at(
        at(26, 10),
        dossier,
        "apologize",
        world.officer,
        note="Chờ xác minh",
        new_due_at=at(9, 17),
    )
    services.dossier_file_add(
        dossier=dossier, actor=world.officer, upload=pdf("kq.pdf"), kind="result"
    )
    dossier = act_at(at(3, 9), dossier, "forward", world.officer)
    dossier = act_at(at(3, 10), dossier, "approve", world.leader)
    dossier = act_at(at(4, 9), dossier, "return_result", world.clerk)
    # Returned Fri 4/12, after the legal Wed 2/12 09:00: late whatever the apology
    # promised (DOMAIN.md decision 7).
    assert form_data.hand_overs(dossier)[-1].outcome == "Quá hạn"
