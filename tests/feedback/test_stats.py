"""Indicators 5.1–5.3 and the per-agency counts on a month built by hand (June
2026, no public holiday), asked on 10/7/2026. Every figure is worked out below.

    A regulation  1/6  answered 5/6, published 8/6, rated satisfied      on time
    B conduct     2/6  answered 30/6 (due 23/6), published, satisfied    late
    C other       3/6  refused 4/6 (due 5/6)                             on time
    D conduct     4/6  merged into A (a repeated feedback)               on time
    E regulation  5/6  spam: left out of everything
    F regulation  8/6  transferred 9/6 to the other agency, unanswered   late
    G other       9/6  answered 10/6, rated unsatisfied, not published   late
    H conduct    10/6  information asked 22/6 (due 17/6)                 late
    I regulation 29/5  answered in June, but received in May: not counted
"""

from datetime import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from stats import feedback_figures, tables
from stats.figures import Scope
from stats.models import StatsFeedback
from stats.periods import Period
from stats.query import StatsQuery
from tests.feedback.factories import ANSWER, act, send
from tests.pdfs import layout_words

pytestmark = pytest.mark.django_db

ASKED = datetime(2026, 7, 10, 10, tzinfo=timezone.get_current_timezone())
JUNE = Period.month(2026, 6)


def at(month, day, hour=9):
    return datetime(2026, month, day, hour, tzinfo=timezone.get_current_timezone())


def on(moment, function, *args, **kwargs):
    with time_machine.travel(moment, tick=False):
        return function(*args, **kwargs)


def answer_and_approve(world, feedback, day, month=6):
    feedback = on(at(month, day), act, feedback, "assign", world.leader,
                  assignee=world.officer)  # fmt: skip
    feedback = on(at(month, day, 10), act, feedback, "answer", world.officer,
                  answer=ANSWER)  # fmt: skip
    return on(at(month, day, 11), act, feedback, "approve", world.leader)


@pytest.fixture
def june(world):
    made = {}
    made["I"] = on(at(5, 29), send, world, kind="regulation")
    answer_and_approve(world, made["I"], 2)
    made["A"] = on(at(6, 1), send, world, kind="regulation")
    a = answer_and_approve(world, made["A"], 5)
    a = on(at(6, 8), act, a, "publish", world.officer,
           public_text="Một công dân hỏi về thời hạn.")  # fmt: skip
    on(at(6, 8, 10), act, a, "rate", world.citizen, satisfied=True)
    made["B"] = on(at(6, 2), send, world, kind="conduct")
    b = answer_and_approve(world, made["B"], 30)
    b = on(at(6, 30, 14), act, b, "publish", world.leader,
           public_text="Một công dân phản ánh hồ sơ trễ hạn.")  # fmt: skip
    on(at(6, 30, 15), act, b, "rate", world.citizen, satisfied=True)
    made["C"] = on(at(6, 3), send, world, kind="other")
    on(at(6, 4, 10), act, made["C"], "reject", world.leader, note="Không thuộc PAKN.")
    made["D"] = on(at(6, 4), send, world, kind="conduct")
    on(at(6, 4, 11), act, made["D"], "merge", world.leader, duplicate_of=made["A"])
    made["E"] = on(at(6, 5), send, world, kind="regulation")
    on(at(6, 5, 10), act, made["E"], "mark_spam", world.leader, note="Quảng cáo.")
    made["F"] = on(at(6, 8), send, world, kind="regulation")
    on(at(6, 9), act, made["F"], "transfer", world.leader, agency=world.other,
       note="Thuộc thẩm quyền của đơn vị khác.")  # fmt: skip
    made["G"] = on(at(6, 9), send, world, kind="other")
    g = answer_and_approve(world, made["G"], 10)
    on(at(6, 10, 15), act, g, "rate", world.citizen, satisfied=False)
    made["H"] = on(at(6, 10), send, world, kind="conduct")
    on(at(6, 22), act, made["H"], "request_info", world.leader, note="Số hồ sơ?")
    return made


def test_indicators_5_1_to_5_3_of_a_hand_built_month(world, june):
    counts = feedback_figures.feedback_counts(
        start=JUNE.start, end=JUNE.end, scope=Scope(), now=ASKED
    )
    # A B C D F G H: seven (E is spam, I was received in May).
    assert counts.received == 7
    # Regulation or conduct: A B D F H.
    assert counts.classified == 5
    # Late: B (answer), F (answer overdue), G (publication overdue), H (request).
    assert (counts.late, counts.on_time) == (4, 3)
    # Neither unsatisfied (G), late (B F G H) nor repeated (D): A and C.
    assert counts.satisfactory == 2
    rates = [item.rate for item in feedback_figures.feedback_indicators(counts)]
    assert rates == [
        Decimal("71.43"),
        Decimal("42.86"),
        Decimal("28.57"),
    ]  # 5/7 3/7 2/7


def test_the_766_table_shows_the_feedback_indicators(world, june):
    query = StatsQuery(JUNE, None, True, "", None, None, Scope())
    table = tables.indicators(query, ASKED)
    rows = {row[0]: row for row in table.rows}
    assert rows["5.1"][2:5] == [5, 7, Decimal("71.43")]
    assert rows["5.2"][2:5] == [3, 7, Decimal("42.86")]
    assert rows["5.3"][2:5] == [2, 7, Decimal("28.57")]


def test_counts_per_agency(world, june):
    query = StatsQuery(JUNE, None, True, "", None, None, Scope())
    table = tables.feedback_table(query, ASKED)
    by_name = {row[0]: row[1:] for row in table.rows}
    department = world.department.short_name or world.department.name
    other = world.other.short_name or world.other.name
    # received, answered on time, late answers, late, published, rated, satisfied, %
    # Department: A B C D G H; answered A G on time, B late; rated A B (satisfied)
    # and G (not).
    assert by_name[department] == [6, 2, 1, 3, 2, 3, 2, Decimal("66.67")]
    # The other agency: F, transferred there, not answered.
    assert by_name[other] == [1, 0, 0, 1, 0, 0, 0, None]
    assert by_name["Tổng cộng"] == [7, 2, 1, 4, 2, 3, 2, Decimal("66.67")]


def test_scope_of_an_agency(world, june):
    counts = feedback_figures.feedback_counts(
        start=JUNE.start,
        end=JUNE.end,
        scope=Scope(agency_ids=frozenset({world.other.pk})),
        now=ASKED,
    )
    assert (counts.received, counts.late) == (1, 1)


def test_a_rebuild_gives_the_same_rows(world, june):
    before = list(StatsFeedback.objects.order_by("pk").values())
    StatsFeedback.objects.all().delete()
    assert feedback_figures.feedback_stats_rebuild() == 9
    assert list(StatsFeedback.objects.order_by("pk").values()) == before


def test_before_its_deadline_an_open_feedback_is_on_time(world, june):
    # At 10:00 on 12/6 F's answer (due 30/6) and G's publication (due 12/6 at
    # 11:00) are still in time.
    counts = feedback_figures.feedback_counts(
        start=JUNE.start, end=JUNE.end, scope=Scope(), now=at(6, 12, 10)
    )
    # Late flags recorded by later moves still count (B's answer, H's request):
    # the figures read today's facts; only the pending deadlines depend on `now`.
    assert counts.late == 2


def pdf_text(client, querystring):
    with time_machine.travel(ASKED, tick=False):
        response = client.get(f"/thong-ke/bao-cao.pdf?{querystring}")
    assert response.status_code == 200
    return layout_words(response.content)


def test_the_report_pdf_prints_the_feedback_of_the_leaders_agency(client, world, june):
    client.force_login(world.leader)
    text = pdf_text(client, "period=month&year=2026&month=6")
    assert "Phản ánh, kiến nghị theo cơ quan" in text
    # The department's six (A B C D G H; F went to the other agency): received 6,
    # answered on time 2 (A G), late answer 1 (B), late 3 (B G H), published 2
    # (A B), rated 3, satisfied 2, 66,67%.
    assert "6 2 1 3 2 3 2 66,67" in text
    # Indicators 5.1-5.3 of the department in the 766 table (code, numerator,
    # denominator, rate, full from, attained, points of, points): regulation or
    # conduct A B D H = 4/6; on time A C D = 3/6; neither late, unsatisfied nor
    # repeated A C = 2/6; points 5 x 66.67% = 3.33, 5 x 50% = 2.50, 2 x 33.33% = 0.67.
    assert "5.1 4 6 66,67 100,00 66,67 5,00 3,33" in text
    assert "5.2 3 6 50,00 100,00 50,00 5,00 2,50" in text
    assert "5.3 2 6 33,33 100,00 33,33 2,00 0,67" in text


def test_the_report_pdf_of_a_month_without_feedback(client, world, june):
    client.force_login(world.leader)
    text = pdf_text(client, "period=month&year=2026&month=4")
    assert "Phản ánh, kiến nghị theo cơ quan" in text
    assert "Không có số liệu trong kỳ này." in text
