"""Decision 766 indicators beyond the dossier figures, and the satisfaction rule,
with values worked out by hand."""

from decimal import Decimal

import pytest
import time_machine

from dossiers import services
from dossiers.models import SatisfactionRating
from procedures.models import ChannelOption
from stats import catalogue
from stats.figures import Scope, figures_for
from stats.periods import Period
from tests.accounts.factories import AgencyFactory
from tests.dossiers.conftest import act
from tests.procedures.factories import ComponentFactory, ProcedureFactory
from tests.stats.worlds import at

pytestmark = pytest.mark.django_db

MAY = Period.month(2026, 5)


def test_a_neutral_rating_is_not_a_satisfied_one_and_criteria_are_scored(may):
    # C was signed on 13/5; returned and rated "Bình thường" overall on 20/5,
    # on the nine criteria of DOMAIN.md §5.1.
    dossier = may.dossiers["C"]
    scores = {
        "overall": 3,
        "on_time": 3,  # 1 point
        "agencies_time": 4,  # 2
        "publicity": 3,  # 1
        "staff_attitude": 5,  # 2
        "feedback_handling": 2,  # 0
        "online_quality": 4,  # 2
    }
    with time_machine.travel(at(5, 20, 9), tick=False):
        dossier = act(dossier, "return_result", may.world.clerk)
        rating = services.rating_submit(
            dossier=dossier,
            actor=may.world.citizen,
            scores=scores,
            contacts=2,  # 1
            agencies_contacted=1,  # 2
            one_stop=True,  # 2
        )
    scope = Scope(agency_ids=frozenset({may.world.department.pk}))
    f = figures_for(MAY, scope, now=at(6, 10, 10))

    # Ratings in May: A 5 (satisfied), B 2, C 3: one satisfied out of three.
    assert (f.rated, f.satisfied) == (3, 1)
    assert f.satisfaction_rate == Decimal("33.33")
    # 1 + 2 + 1 + 2 + 2 + 1 + 2 + 0 + 2 = 13 of 18; A and B predate the criteria.
    assert (rating.points, rating.band) == (13, "Tốt")
    assert (f.scored, f.score_points, f.average_score) == (1, 13, Decimal("13.00"))
    assert not SatisfactionRating(overall=3).is_satisfied
    assert SatisfactionRating(overall=4).is_satisfied


def complete(procedure):
    ChannelOption.objects.create(procedure=procedure, position=1, channel="counter")
    ComponentFactory(procedure=procedure)


def test_catalogue_indicators_of_an_agency():
    agency, other = AgencyFactory(), AgencyFactory()
    p1 = ProcedureFactory(
        agencies=[agency], fee_status="charged", steps="Bước 1", target="Công dân",
        agency_text="Sở Tư pháp", processing_time_text="05 ngày làm việc",
    )  # fmt: skip
    complete(p1)
    ProcedureFactory(agencies=[agency], full_online=True, fee_status="charged")
    ProcedureFactory(agencies=[agency], counter_only=True, free=True)
    ProcedureFactory(agencies=[other])
    ProcedureFactory(agencies=[agency], unpublished=True)

    counts = catalogue.catalogue_counts(
        Scope(agency_ids=frozenset({agency.pk})), {p1.pk}
    )
    found = {i.code: i for i in catalogue.catalogue_indicators(counts)}

    # Three public procedures of the agency; only the first is published whole.
    assert (found["1.3"].numerator, found["1.3"].denominator) == (1, 3)
    assert found["1.3"].rate == Decimal("33.33")
    # Two of three online (levels 3 and 4): 66.67%; of the 80% goal 66.67 / 80 =
    # 83.3375, rounded 83.34 (attainment is taken from the published rate).
    assert found["3.1"].rate == Decimal("66.67")
    assert found["3.1"].attainment == Decimal("83.34")
    # One of the two online services had an online dossier in the period.
    assert (found["3.2"].numerator, found["3.2"].denominator) == (1, 2)
    # Two charge a fee; the level-4 one takes online payment.
    assert (found["3.5"].numerator, found["3.5"].denominator) == (1, 2)


def test_the_index_table_lists_every_indicator_and_why_some_have_no_data(client, may):
    client.force_login(may.world.leader)
    with time_machine.travel(at(6, 10, 10), tick=False):
        response = client.get("/thong-ke/bao-cao/?period=month&year=2026&month=5")
    rows = response.context["indicators"].rows
    codes = [row[0] for row in rows]

    assert codes == [
        "1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "3.1", "3.2", "3.3", "3.5",
        "3.6", "4.1", "4.2", "4.3", "4.4", "4.5", "5.1", "5.2", "5.3", "5.4",
    ]  # fmt: skip
    no_data = {row[0]: row[-1] for row in rows if row[4] is None}
    assert no_data["1.1"].startswith("Chưa có số liệu")
    # No feedback received in May: 5.1 has nothing to divide by.
    assert "5.1" in no_data and rows[codes.index("5.1")][3] == 0
    assert "3.1" not in no_data
