from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.calendar import WorkingCalendar, calendar_invalidate, get_calendar
from core.models import CalendarOverride

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
calendar = WorkingCalendar()


def at(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


moments = st.datetimes(
    min_value=datetime(2024, 1, 1),  # noqa: DTZ001 (naive bounds; zone added below)
    max_value=datetime(2027, 12, 31),  # noqa: DTZ001
).map(lambda moment: moment.replace(tzinfo=TZ))
durations = st.integers(min_value=0, max_value=60 * 8 * 40).map(
    lambda minutes: timedelta(minutes=minutes)
)
positive_durations = st.integers(min_value=1, max_value=60 * 8 * 40).map(
    lambda minutes: timedelta(minutes=minutes)
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 17), False),  # Lunar New Year
        (date(2026, 4, 27), False),  # Hùng Kings' day, observed
        (date(2026, 9, 2), False),  # National Day
        (date(2026, 8, 31), False),  # day off swapped for Saturday 22/8
        (date(2026, 8, 22), True),  # the swapped working Saturday
        (date(2025, 4, 26), True),  # working Saturday of 2025
        (date(2026, 11, 21), False),  # an ordinary Saturday
        (date(2026, 11, 25), True),  # an ordinary Wednesday
    ],
)
def test_is_working_day_follows_vietnamese_holidays(day, working):
    assert calendar.is_working_day(day) is working


def test_holiday_name_is_in_vietnamese():
    assert "Tết" in calendar.holiday_name(date(2026, 2, 17))


def test_adding_one_day_from_morning_lands_next_day_same_time():
    assert calendar.add_working_days(at(2026, 11, 25, 9), 1) == at(2026, 11, 26, 9)


def test_adding_days_skips_weekend():
    # Friday 10:00 + 1 working day = Monday 10:00.
    assert calendar.add_working_days(at(2026, 11, 27, 10), 1) == at(2026, 11, 30, 10)


def test_adding_days_skips_tet():
    # Friday 13/2/2026 + 1 working day: Tết runs Mon 16/2 to Fri 20/2.
    assert calendar.add_working_days(at(2026, 2, 13, 8), 1) == at(2026, 2, 23, 8)


def test_half_day_crosses_lunch_break():
    # 10:00 + 4 working hours = 1:30 before noon + 2:30 after 13:00.
    assert calendar.add_working_days(at(2026, 11, 25, 10), Decimal("0.5")) == at(
        2026, 11, 25, 15, 30
    )


def test_full_day_from_start_ends_at_close():
    assert calendar.add_working_days(at(2026, 11, 25, 7, 30), 1) == at(2026, 11, 25, 17)


def test_negative_duration_is_refused():
    with pytest.raises(ValueError, match="negative"):
        calendar.add_working_time(at(2026, 11, 25, 9), timedelta(hours=-1))


@pytest.mark.parametrize(
    ("received", "clock_start"),
    [
        (at(2026, 11, 25, 9), at(2026, 11, 25, 9)),  # during working hours
        (at(2026, 11, 25, 12), at(2026, 11, 25, 13)),  # lunch: after the break
        (at(2026, 11, 25, 6), at(2026, 11, 25, 7, 30)),  # early: at opening
        (at(2026, 11, 25, 15, 30), at(2026, 11, 26, 7, 30)),  # after 15:00
        (at(2026, 11, 25, 20), at(2026, 11, 26, 7, 30)),  # at night, online
        (at(2026, 11, 28, 10), at(2026, 11, 30, 7, 30)),  # Saturday
        (at(2026, 11, 24, 10), at(2026, 11, 25, 7, 30)),  # Vietnam Cultural Day
    ],
)
def test_clock_start_follows_reception_rules(received, clock_start):
    assert calendar.clock_start(received) == clock_start


def test_appointment_after_cutoff_counts_from_next_day():
    # Received Wed 15:30 with 3 working days: Thu, Fri, Mon → Mon 17:00.
    assert calendar.appointment(at(2026, 11, 25, 15, 30), 3) == at(2026, 11, 30, 17)


def test_working_days_between_counts_only_working_time():
    start, end = at(2026, 11, 27, 9), at(2026, 11, 30, 9)  # Friday to Monday
    assert calendar.working_days_between(start, end) == Decimal("1.00")
    assert calendar.working_days_between(end, start) == Decimal("-1.00")


@pytest.mark.django_db
def test_overrides_win_over_the_package():
    CalendarOverride.objects.create(date=date(2026, 11, 26), kind="day_off", name="Bão")
    CalendarOverride.objects.create(
        date=date(2026, 2, 17), kind="working_day", name="Làm bù"
    )
    calendar_invalidate()
    current = get_calendar()
    assert not current.is_working_day(date(2026, 11, 26))
    assert current.is_working_day(date(2026, 2, 17))


@pytest.mark.django_db
def test_calendar_cache_is_invalidated():
    assert get_calendar().is_working_day(date(2026, 11, 26))
    CalendarOverride.objects.create(date=date(2026, 11, 26), kind="day_off", name="Bão")
    assert get_calendar().is_working_day(date(2026, 11, 26))  # still cached
    calendar_invalidate()
    assert not get_calendar().is_working_day(date(2026, 11, 26))


@settings(max_examples=150, deadline=None)
@given(start=moments, duration=durations)
def test_time_between_inverts_adding(start, duration):
    end = calendar.add_working_time(start, duration)
    assert calendar.working_time_between(start, end) == duration


@settings(max_examples=150, deadline=None)
# `second` is positive: a first step may end exactly at a period's end (11:30),
# and adding zero there gives the moment the clock would start (13:00), as
# add_working_time documents, while `first + 0` stays at 11:30.
@given(start=moments, first=durations, second=positive_durations)
def test_adding_is_associative(start, first, second):
    in_two_steps = calendar.add_working_time(
        calendar.add_working_time(start, first), second
    )
    assert in_two_steps == calendar.add_working_time(start, first + second)


@settings(max_examples=150, deadline=None)
@given(start=moments, shorter=durations, extra=durations)
def test_adding_is_monotonic(start, shorter, extra):
    assert calendar.add_working_time(start, shorter) <= calendar.add_working_time(
        start, shorter + extra
    )


@settings(max_examples=150, deadline=None)
@given(start=moments, duration=durations.filter(lambda d: d > timedelta()))
def test_result_lies_in_working_hours_of_a_working_day(start, duration):
    end = calendar.add_working_time(start, duration).astimezone(TZ)
    assert calendar.is_working_day(end.date())
    assert any(begin < end.time() <= finish for begin, finish in calendar.periods)


@settings(max_examples=100, deadline=None)
@given(received=moments)
def test_clock_start_is_never_before_reception_and_is_working_time(received):
    start = calendar.clock_start(received)
    assert start >= received
    assert calendar.is_working_day(start.astimezone(TZ).date())
