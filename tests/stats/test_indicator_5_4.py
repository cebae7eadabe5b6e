"""Indicator 5.4 of Decision 766 on a month built by hand: ten dossiers of the
department resolved in July 2026 (no public holiday), received Mon 6/7 09:00, due
Mon 13/7 09:00 (5 working days).

    n1, n5, n6  signed 8/7                                   satisfying
    n2        signed 8/7, rated 5 ("Rất hài lòng")            satisfying
    n3        signed 8/7, rated 3 ("Bình thường": no dislike)  satisfying
    n4        signed 8/7, feedback 20/7 marked spam 21/7      satisfying
    late      signed 14/7 (after its deadline)                late
    feedback  signed 8/7; feedback sent 7/7 and 20/7          with feedback (once)
    disliked  signed 8/7, rated 2 ("Không hài lòng")          disliked
    both      signed 14/7, rated 1 ("Rất không hài lòng")     late and disliked

Resolved 10; late 2, disliked 2, with feedback 1; dissatisfied (each dossier once)
4. 5.4 = 100% − 4/10 = 60.00%; attainment 60 / 90 = 66.67%; points 6 × 66.67% =
4.00. (Adding the late rate and the rate of feedback-or-dislike, as the formula's
words could be read, would give 100 − 20 − 30 = 50%: the dossier "both" would be
subtracted twice.)
"""

from decimal import Decimal

import pytest
import time_machine

from feedback import services as feedback_services
from feedback.models import FeedbackChannel
from stats.figures import Scope, figures_for, indicators
from stats.periods import Period
from stats.services import stats_rebuild
from tests.stats.test_services import buckets, trackers
from tests.stats.worlds import Driver, at

pytestmark = pytest.mark.django_db

JULY = Period.month(2026, 7)
ASKED = at(8, 3, 10)


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    settings.FEEDBACK_LIMIT_PER_ADDRESS = 10_000
    settings.FEEDBACK_LIMIT_PER_CONTACT = 10_000


def send_feedback(go, moment, dossier):
    citizen = go.world.citizen
    return go.when(
        moment,
        feedback_services.feedback_submit,
        actor=citizen,
        sender=feedback_services.Sender.of_user(citizen),
        content=feedback_services.Content(
            kind="conduct", subject="Hồ sơ chậm", text="Cán bộ hẹn nhiều lần.",
            dossier=dossier,
        ),
        channel=FeedbackChannel.ONLINE,
        address="203.0.113.7",
    )  # fmt: skip


def mark_spam(go, moment, feedback):
    with time_machine.travel(moment, tick=False):
        feedback_services.feedback_apply_action(
            code=feedback.code, action="mark_spam", actor=go.world.leader,
            note="Quảng cáo.",
        )  # fmt: skip


def signed(go, day):
    dossier = go.assigned(at(7, 6))
    return go.signed(at(7, day, 10), dossier)


@pytest.fixture
def july(world):
    go = Driver(world)
    made = {name: signed(go, 8) for name in ("n1", "n2", "n3", "n4", "n5", "n6")}
    go.rated(at(7, 9), made["n2"], 5)
    go.rated(at(7, 9), made["n3"], 3)
    made["late"] = signed(go, 14)
    made["feedback"] = go.assigned(at(7, 6))
    send_feedback(go, at(7, 7), made["feedback"])  # while it is processed
    made["feedback"] = go.signed(at(7, 8, 10), made["feedback"])
    send_feedback(go, at(7, 20), made["feedback"])  # and again after
    made["disliked"] = signed(go, 8)
    go.rated(at(7, 9), made["disliked"], 2)
    made["both"] = signed(go, 14)
    go.rated(at(7, 15), made["both"], 1)
    return go, made


def department(world):
    return Scope(agency_ids=frozenset({world.department.pk}))


def test_each_dossier_is_subtracted_once_whatever_its_reasons(world, july):
    go, made = july
    spam = send_feedback(go, at(7, 20, 11), made["n4"])
    # A feedback on n4 counts against it, until staff find it is spam.
    f = figures_for(JULY, department(world), now=ASKED)
    assert (f.with_feedback, f.dissatisfied) == (2, 5)
    mark_spam(go, at(7, 21), spam)

    f = figures_for(JULY, department(world), now=ASKED)
    assert (f.resolved, f.resolved_late) == (10, 2)
    assert (f.rated, f.disliked, f.with_feedback) == (4, 2, 1)
    assert f.dissatisfied == 4
    found = {item.code: item for item in indicators(f)}["5.4"]
    assert (found.numerator, found.denominator) == (6, 10)
    assert found.rate == Decimal("60.00")
    assert found.attainment == Decimal("66.67")
    assert found.points == Decimal("4.00")
    assert "quá hạn 2, không hài lòng 2, có phản ánh 1" in str(found.note)


def test_a_rebuild_finds_the_same_figures(world, july):
    go, made = july
    spam = send_feedback(go, at(7, 20, 11), made["n4"])
    mark_spam(go, at(7, 21), spam)
    incremental, kept = buckets(), trackers()
    stats_rebuild()
    assert buckets() == incremental
    assert trackers() == kept
    f = figures_for(JULY, department(world), now=ASKED)
    assert (f.dissatisfied, f.disliked, f.with_feedback) == (4, 2, 1)


def test_no_resolved_dossier_gives_no_rate(world):
    f = figures_for(JULY, department(world), now=ASKED)
    found = {item.code: item for item in indicators(f)}["5.4"]
    assert (found.numerator, found.denominator) == (0, 0)
    assert found.rate is None and found.points is None


def test_a_feedback_on_a_dossier_still_open_counts_when_it_is_resolved(world):
    go = Driver(world)
    dossier = go.assigned(at(7, 6))
    send_feedback(go, at(7, 7), dossier)
    f = figures_for(JULY, department(world), now=at(7, 7, 12))
    assert (f.resolved, f.with_feedback, f.dissatisfied) == (0, 0, 0)
    go.signed(at(7, 8, 10), dossier)
    f = figures_for(JULY, department(world), now=ASKED)
    assert (f.resolved, f.with_feedback, f.dissatisfied) == (1, 1, 1)
    assert {item.code: item for item in indicators(f)}["5.4"].rate == Decimal("0.00")
