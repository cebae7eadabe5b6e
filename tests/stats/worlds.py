"""A small world driven through the real services, whose every figure is known.

Sixteen dossiers of a provincial department (procedure P: 5 working days, field
"Hộ tịch"; P2: the same without components to scan) and one of a commune, around
May 2026. Holidays on the way: Mon 27/4 (Hùng Kings, observed), Thu 30/4 and Fri
1/5. Deadlines below are worked out by hand (8 working hours a day, 07:30-11:30 and
13:00-17:00) and checked by the world itself.

Received / legal deadline / what happens / what May shows:

- A: Tue 28/4 09:00 / Thu 7/5 09:00 / signed Mon 4/5, rated 5 / carried over, early
- B (P2): Mon 4/5 08:00 / Mon 11/5 08:00 / signed 11/5 07:45, rated 2 / on time,
  not digitised
- C: Tue 5/5 10:00 / Tue 12/5 10:00 / apology with a new date 15/5, signed Wed 13/5 /
  late (overdue from 12/5 to 13/5 whatever the apology says)
- D: Wed 6/5 09:00 / Wed 13/5 09:00, then Thu 14/5 09:00 after a pause from Fri 8/5
  09:00 to Mon 11/5 09:00 (8 working hours) / signed 14/5 08:30 / on time
- E: Thu 7/5 09:00 / - / supplements asked 8/5 and 11/5, signed 12/5 / late (two
  requests), overdue from the second request
- F: Thu 7/5 10:00 / Thu 14/5 10:00 / paused 11/5 10:00, stopped 29/5 / stopped, on
  time (judged at the request)
- G: Thu 7/5 11:00 / - / withdrawal asked and stopped 8/5 / withdrawn, on time
- H: refused at reception 12/5; I: returned incomplete 13/5, withdrawn 14/5
- J: Mon 18/5 09:00 / Mon 25/5 09:00 / signed Tue 2/6 / in progress, overdue
- K (counter): Fri 29/5 09:00 / Fri 5/6 09:00 / open / in progress, within time
- L: Mon 25/5 09:00 / Mon 1/6 09:00 / paused since Wed 27/5 / in progress, in time
- M: Mon 20/4 09:00 / Tue 28/4 09:00 / open / carried over, overdue
- N: Wed 1/4 09:00 / Wed 8/4 09:00 / signed Fri 3/4 / April only
- O (commune, P3, 2 days): Tue 12/5 09:00 / Thu 14/5 09:00 / signed 12/5 / early
- P: Wed 3/6 15:00, after the cut-off / Wed 10/6 17:00 / open / June
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import time_machine
from django.utils import timezone

from accounts.models import Role
from dossiers import services
from dossiers.models import Dossier
from procedures.models import Procedure
from tests.accounts.factories import AgencyFactory, StaffFactory
from tests.dossiers.conftest import World, act
from tests.dossiers.factories import FieldFactory, ProcedureFactory, pdf


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(
        2026, month, day, hour, minute, tzinfo=timezone.get_current_timezone()
    )


@dataclass
class May:
    world: World
    commune: object
    p2: Procedure
    p3: Procedure
    dossiers: dict[str, Dossier]


class Driver:
    def __init__(self, world: World) -> None:
        self.world = world

    def when(self, moment: datetime, action, *args, **kwargs):
        with time_machine.travel(moment, tick=False):
            return action(*args, **kwargs)

    def act(self, moment, dossier, action, actor, **data):
        return self.when(moment, act, dossier, action, actor, **data)

    def online(self, moment, procedure=None, agency=None) -> Dossier:
        """Filed online and received by the clerk at `moment`."""
        world = self.world
        procedure = procedure or world.procedure
        with time_machine.travel(moment.replace(minute=0) - _minutes(10), tick=False):
            dossier = services.dossier_create_online(
                owner=world.citizen,
                procedure=procedure,
                processing_agency=agency or world.department,
                applicant=services.Applicant.of_user(world.citizen),
            )
            for component in procedure.components.all():
                services.dossier_file_add(
                    dossier=dossier, actor=world.citizen, upload=pdf(),
                    component=component,
                )  # fmt: skip
            dossier = act(dossier, "submit", world.citizen)
        return dossier

    def received(self, moment, procedure=None) -> Dossier:
        dossier = self.online(moment, procedure)
        return self.act(moment, dossier, "receive", self.world.clerk)

    def assigned(self, moment, procedure=None) -> Dossier:
        dossier = self.received(moment, procedure)
        return self.act(
            moment.replace(hour=moment.hour + 1) if moment.hour < 16 else moment,
            dossier, "assign", self.world.leader, assignee=self.world.officer,
        )  # fmt: skip

    def signed(self, moment, dossier, officer=None, leader=None) -> Dossier:
        officer = officer or self.world.officer
        leader = leader or self.world.leader
        with time_machine.travel(moment - _minutes(10), tick=False):
            services.dossier_file_add(
                dossier=dossier, actor=officer, upload=pdf("ket-qua.pdf"),
                kind="result",
            )  # fmt: skip
            dossier = act(dossier, "forward", officer)
        return self.act(moment, dossier, "approve", leader)

    def rated(self, moment, dossier, overall) -> None:
        dossier = self.act(moment, dossier, "return_result", self.world.clerk)
        scores = dict.fromkeys(
            ("overall", "on_time", "staff_attitude", "publicity", "online_quality"),
            overall,
        )
        self.when(
            moment.replace(hour=15),
            services.rating_submit,
            dossier=dossier, actor=self.world.citizen, scores=scores, contacts=1,
        )  # fmt: skip


def _minutes(n: int):
    from datetime import timedelta

    return timedelta(minutes=n)


def build_may(world: World) -> May:
    go = Driver(world)
    w = world
    field = FieldFactory(slug="chung-thuc", name="Chứng thực")
    commune = AgencyFactory(commune=True, parent=w.province)
    p2 = ProcedureFactory(agencies=[w.department], components=[])
    p3 = ProcedureFactory(
        agencies=[commune], field=field, processing_time=2,
        level_province=False, level_commune=True,
    )  # fmt: skip
    commune_officer = StaffFactory(agency=commune, roles=[Role.OFFICER])
    commune_leader = StaffFactory(agency=commune, roles=[Role.LEADER])
    d: dict[str, Dossier] = {}

    d["N"] = go.assigned(at(4, 1))
    d["N"] = go.signed(at(4, 3, 10), d["N"])
    d["M"] = go.assigned(at(4, 20))
    d["A"] = go.assigned(at(4, 28))
    d["A"] = go.signed(at(5, 4, 10), d["A"])
    go.rated(at(5, 5, 8), d["A"], 5)

    d["B"] = go.assigned(at(5, 4, 8), p2)
    d["B"] = go.signed(at(5, 11, 7, 45), d["B"])
    go.rated(at(5, 11, 9), d["B"], 2)

    d["C"] = go.assigned(at(5, 5, 10))
    d["C"] = go.act(at(5, 11), d["C"], "apologize", w.leader,
                    note="Chờ xác minh", new_due_at=at(5, 15, 17))  # fmt: skip
    d["C"] = go.signed(at(5, 13), d["C"])

    d["D"] = go.assigned(at(5, 6))
    d["D"] = go.act(at(5, 8), d["D"], "request_supplement", w.officer, note="Thiếu")
    d["D"] = go.act(at(5, 11), d["D"], "supply", w.clerk, note="Đã bổ sung")
    d["D"] = go.signed(at(5, 14, 8, 30), d["D"])

    d["E"] = go.assigned(at(5, 7))
    d["E"] = go.act(at(5, 8, 10), d["E"], "request_supplement", w.officer, note="1")
    d["E"] = go.act(at(5, 8, 14), d["E"], "supply", w.clerk, note="Đã bổ sung")
    d["E"] = go.act(at(5, 11, 10), d["E"], "request_supplement", w.officer, note="2")
    d["E"] = go.act(at(5, 11, 15), d["E"], "supply", w.clerk, note="Đã bổ sung")
    d["E"] = go.signed(at(5, 12, 10), d["E"])

    d["F"] = go.assigned(at(5, 7, 10))
    d["F"] = go.act(at(5, 11, 10), d["F"], "request_supplement", w.officer, note="x")
    d["F"] = go.act(at(5, 29, 10), d["F"], "stop", w.leader, note="Không bổ sung")

    d["G"] = go.received(at(5, 7, 11))
    d["G"] = go.act(at(5, 8), d["G"], "request_withdrawal", w.citizen)
    d["G"] = go.act(at(5, 8, 10), d["G"], "stop", w.clerk, note="Công dân rút")

    d["H"] = go.online(at(5, 12))
    d["H"] = go.act(at(5, 12, 10), d["H"], "refuse", w.clerk, note="Sai thẩm quyền")

    d["I"] = go.online(at(5, 13))
    d["I"] = go.act(at(5, 13, 10), d["I"], "return_for_supplement", w.clerk,
                    note="Thiếu bản sao")  # fmt: skip
    d["I"] = go.act(at(5, 14), d["I"], "withdraw", w.citizen)

    d["J"] = go.assigned(at(5, 18))
    d["L"] = go.assigned(at(5, 25))
    d["L"] = go.act(at(5, 27), d["L"], "request_supplement", w.officer, note="x")
    d["K"] = go.when(
        at(5, 29), services.dossier_intake,
        clerk=w.clerk, procedure=w.procedure, processing_agency=w.department,
        applicant=services.Applicant.of_user(w.citizen),
        components=[(c, pdf()) for c in w.procedure.components.all()],
    )  # fmt: skip

    d["O"] = go.when(
        at(5, 12), services.dossier_intake,
        clerk=w.clerk, procedure=p3, processing_agency=commune,
        applicant=services.Applicant.of_user(w.citizen),
        components=[(c, pdf()) for c in p3.components.all()],
    )  # fmt: skip
    d["O"] = go.act(at(5, 12, 10), d["O"], "assign", commune_leader,
                    assignee=commune_officer)  # fmt: skip
    d["O"] = go.signed(at(5, 12, 15), d["O"], commune_officer, commune_leader)

    d["J"] = go.signed(at(6, 2, 10), d["J"])
    d["P"] = go.received(at(6, 3, 15))
    _check_deadlines(d)
    return May(world, commune, p2, p3, d)


DEADLINES = {
    "A": at(5, 7),
    "B": at(5, 11, 8),
    "C": at(5, 12, 10),
    "D": at(5, 14),
    "F": at(5, 14, 10),
    "J": at(5, 25),
    "K": at(6, 5),
    "L": at(6, 1),
    "M": at(4, 28),
    "N": at(4, 8),
    "O": at(5, 14),
    "P": at(6, 10, 17),
}


def _check_deadlines(dossiers: dict[str, Dossier]) -> None:
    """The world is what the table says (a wrong world would prove nothing)."""
    for name, due in DEADLINES.items():
        actual = Dossier.objects.get(pk=dossiers[name].pk).legal_due_at
        assert actual == due, (name, actual, due)
