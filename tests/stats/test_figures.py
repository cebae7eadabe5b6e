"""Figures of the hand-computed world of tests/stats/worlds.py, every one known."""

from decimal import Decimal

import pytest

from accounts.permissions import agency_descendant_ids
from stats.figures import Scope, figures_for, grouped, indicators, monthly
from stats.periods import Period
from tests.stats.worlds import at

pytestmark = pytest.mark.django_db

MAY = Period.month(2026, 5)
AFTER_JUNE = at(6, 10, 10)  # "now" for past periods (any moment after them)


def department(may):
    return Scope(agency_ids=frozenset({may.world.department.pk}))


def test_may_of_the_department(may):
    f = figures_for(MAY, department(may), now=AFTER_JUNE)
    assert (f.carried_over, f.received_new, f.received) == (2, 9, 11)
    assert (f.received_online, f.received_counter, f.received_post) == (8, 1, 0)
    assert (f.resolved_early, f.resolved_on_time, f.resolved_late) == (1, 4, 2)
    assert f.resolved == 7
    assert (f.resolved_result, f.stopped, f.withdrawn) == (5, 1, 1)
    assert (f.in_progress, f.in_progress_on_time, f.in_progress_overdue) == (4, 2, 2)
    assert f.supplement_requests == 5
    assert (f.refused, f.returned_incomplete, f.withdrawn_unreceived) == (1, 1, 1)
    assert f.all_withdrawn == 2
    assert (f.digitized, f.rated, f.satisfied) == (4, 2, 1)


def test_may_rates(may):
    f = figures_for(MAY, department(may), now=AFTER_JUNE)
    assert f.on_time_rate == Decimal("71.43")  # 5 / 7
    assert f.online_rate == Decimal("88.89")  # 8 / 9
    assert f.digitization_rate == Decimal("80.00")  # 4 / 5
    assert f.satisfaction_rate == Decimal("50.00")  # 1 / 2
    assert f.online_payment_rate is None  # no payments in the portal yet


def test_may_indicators_of_decision_766(may):
    f = figures_for(MAY, department(may), now=AFTER_JUNE)
    found = {item.code: item for item in indicators(f)}
    # 2.1: (early 1 + on time 4 + in progress within time 2) / (7 + 4)
    assert (found["2.1"].numerator, found["2.1"].denominator) == (7, 11)
    assert found["2.1"].rate == Decimal("63.64")
    assert found["2.1"].points == Decimal("12.73")
    assert found["3.3"].attainment == Decimal("100.00")
    assert found["3.6"].rate is None and found["3.6"].points is None
    assert found["4.2"].rate == Decimal("80.00")
    # 5.4: 100 - late 2/7 (28.57) - unsatisfied 1/7 (14.29)
    assert found["5.4"].rate == Decimal("57.14")
    assert found["5.4"].attainment == Decimal("63.49")
    assert found["5.4"].points == Decimal("3.81")


def test_april_and_its_carry_over_into_may(may):
    f = figures_for(Period.month(2026, 4), department(may), now=AFTER_JUNE)
    assert (f.carried_over, f.received_new, f.resolved_early) == (0, 3, 1)
    assert (f.in_progress, f.in_progress_on_time, f.in_progress_overdue) == (2, 1, 1)


def test_june_so_far_counts_overdue_at_this_moment(may):
    june = Period.month(2026, 6)
    morning = figures_for(june, department(may), now=at(6, 10, 10))
    assert (morning.carried_over, morning.received_new, morning.resolved_late) == (
        4,
        1,
        1,
    )
    # K and M are overdue; P falls due at 17:00 today, L waits for a supplement.
    assert (morning.in_progress, morning.in_progress_overdue) == (4, 2)
    evening = figures_for(june, department(may), now=at(6, 10, 18))
    assert evening.in_progress_overdue == 3


def test_whole_province_includes_the_commune(may):
    scope = Scope(agency_ids=frozenset(agency_descendant_ids([may.world.province.pk])))
    f = figures_for(MAY, scope, now=AFTER_JUNE)
    assert (f.received_new, f.received_counter, f.resolved_early) == (10, 2, 2)
    by_level = grouped(MAY, ["level"], scope, now=AFTER_JUNE)
    assert by_level[("commune",)].resolved_early == 1
    assert by_level[("province",)].received == 11


def test_breakdown_by_field_and_filter_by_procedure(may):
    by_field = grouped(MAY, ["field"], now=AFTER_JUNE)
    assert by_field[(may.p3.field_id,)].received_new == 1
    assert by_field[(may.world.procedure.field_id,)].received_new == 9
    only_p2 = figures_for(MAY, Scope(procedure_id=may.p2.pk), now=AFTER_JUNE)
    assert (only_p2.received_new, only_p2.resolved_on_time, only_p2.digitized) == (
        1,
        1,
        0,
    )
    assert (only_p2.rated, only_p2.satisfied) == (1, 0)


def test_quarter_and_a_span_crossing_months(may):
    q2 = figures_for(Period.quarter(2026, 2), department(may), now=AFTER_JUNE)
    # April to June: all but nothing carried from March; 13 received (A..P but H, I).
    assert (q2.carried_over, q2.received_new) == (0, 13)
    span = figures_for(Period(at(4, 28).date(), at(5, 4).date()), department(may),
                       now=AFTER_JUNE)  # fmt: skip
    # Carried over: M (due 28/4, open); received A (28/4) and B (4/5); resolved A.
    assert (span.carried_over, span.received_new, span.resolved_early) == (1, 2, 1)
    assert span.in_progress_overdue == 1  # M


def test_monthly_trend(may):
    months = monthly(Period(at(4, 1).date(), at(6, 30).date()), department(may),
                     now=AFTER_JUNE)  # fmt: skip
    assert [(p.start.month, f.received_new, f.resolved) for p, f in months] == [
        (4, 3, 1),
        (5, 9, 7),
        (6, 1, 1),
    ]
