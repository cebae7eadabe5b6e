""" "Sắp đến hạn" means at most one working day left, also after working hours."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from dossiers import display, selectors

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def processing(due_at):
    return SimpleNamespace(due_at=due_at, resolved_at=None, status="processing")


def test_after_hours_an_appointment_at_the_end_of_tomorrow_is_due_soon():
    now = datetime(2026, 12, 2, 18, 0, tzinfo=VN)  # Wednesday, after 17:00
    soon = selectors.due_soon_limit(now)
    assert soon == datetime(2026, 12, 3, 17, 0, tzinfo=VN)  # one working day on
    assert display.due_mark(processing(soon), now, soon) == "due_soon"
    friday_morning = datetime(2026, 12, 4, 8, 0, tzinfo=VN)
    assert display.due_mark(processing(friday_morning), now, soon) == ""
    tuesday = datetime(2026, 12, 1, 17, 0, tzinfo=VN)
    assert display.due_mark(processing(tuesday), now, soon) == "overdue"


def test_in_the_morning_an_appointment_at_the_end_of_today_is_due_soon():
    now = datetime(2026, 12, 2, 7, 5, tzinfo=VN)  # before the doors open
    soon = selectors.due_soon_limit(now)
    assert soon == datetime(2026, 12, 2, 17, 0, tzinfo=VN)
    assert display.due_mark(processing(soon), now, soon) == "due_soon"
