"""The statistics timeline agrees with the working-day calendar everywhere."""

import random
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from core.calendar import WorkingCalendar
from stats.worktime import WorkTimeline

pytestmark = pytest.mark.django_db


def moments(rng, count):
    start = datetime(2025, 12, 20, tzinfo=timezone.get_current_timezone())
    for _ in range(count):
        minutes = rng.randrange(0, 60 * 24 * 200)
        # Land on period boundaries often: that is where conventions differ.
        if rng.random() < 0.4:
            minutes -= minutes % 30
        yield start + timedelta(minutes=minutes)


def test_timeline_matches_the_calendar():
    calendar = WorkingCalendar(days_off=[date(2026, 3, 3)])
    timeline = WorkTimeline(calendar)
    rng = random.Random(7)  # noqa: S311
    for moment in moments(rng, 400):
        duration = timedelta(minutes=rng.choice([0, 30, 240, 480, 2400, 7777]))
        assert timeline.add(moment, duration) == calendar.add_working_time(
            moment, duration
        ), (moment, duration)
        later = moment + timedelta(hours=rng.randrange(0, 400))
        assert timeline.between(moment, later) == calendar.working_time_between(
            moment, later
        )


def test_subtract_undoes_a_shift_of_the_deadline():
    calendar = WorkingCalendar()
    timeline = WorkTimeline(calendar)
    rng = random.Random(11)  # noqa: S311
    for moment in moments(rng, 300):
        due = calendar.add_working_time(moment, timedelta(hours=rng.randrange(1, 80)))
        shift = timedelta(minutes=rng.choice([0, 30, 480, 1000]))
        assert timeline.subtract(calendar.add_working_time(due, shift), shift) == due
