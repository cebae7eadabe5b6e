"""Working time as a number line, for replaying deadlines in bulk.

`core.calendar.WorkingCalendar` answers one question at a time by walking the days.
Statistics replay the deadlines of every paused dossier (and the seed computes a
million appointments), so this timeline numbers every moment by the working time
elapsed since an anchor day: the difference of two positions is the working time
between them, and a position turns back into the *earliest* moment that has it
(17:00 rather than 07:30 next morning), which is what `add_working_time` returns.
It uses the calendar's own working days and periods, so both always agree.
"""

from __future__ import annotations

import bisect
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from core.calendar import WorkingCalendar

ANCHOR = date(2015, 1, 1)
MICRO = timedelta(microseconds=1)


def _micros(moment: time) -> int:
    return (moment.hour * 3600 + moment.minute * 60 + moment.second) * 10**6 + (
        moment.microsecond
    )


class WorkTimeline:
    """Positions in microseconds of working time since `ANCHOR` (lazily extended)."""

    def __init__(self, calendar: WorkingCalendar) -> None:
        self.calendar = calendar
        self.periods = [
            (_micros(start), _micros(end)) for start, end in calendar.periods
        ]
        self.day_length = sum(end - start for start, end in self.periods)
        # ends[i]: working time elapsed at the end of day ANCHOR + i.
        self.ends: list[int] = []

    def _extend_to(self, day: date) -> None:
        target = (day - ANCHOR).days
        if target < 0:
            raise ValueError("Dates before 2015 are outside the statistics timeline.")
        while len(self.ends) <= target:
            current = ANCHOR + timedelta(days=len(self.ends))
            previous = self.ends[-1] if self.ends else 0
            working = self.calendar.is_working_day(current)
            self.ends.append(previous + (self.day_length if working else 0))

    def _day_start(self, day: date) -> int:
        self._extend_to(day)
        index = (day - ANCHOR).days
        return self.ends[index - 1] if index else 0

    def position(self, moment: datetime) -> int:
        local = moment.astimezone(timezone.get_default_timezone())
        day = local.date()
        start = self._day_start(day)
        if not self.calendar.is_working_day(day):
            return start
        now = _micros(local.time())
        inside = sum(max(0, min(now, end) - begin) for begin, end in self.periods)
        return start + inside

    def moment(self, position: int) -> datetime:
        """The earliest moment at `position` (a period's end before the next start)."""
        if position < 0:
            raise ValueError("Position before the timeline's anchor.")
        while not self.ends or self.ends[-1] < position:
            self._extend_to(ANCHOR + timedelta(days=len(self.ends) + 30))
        index = bisect.bisect_left(self.ends, position)
        day = ANCHOR + timedelta(days=index)
        offset = position - (self.ends[index - 1] if index else 0)
        for begin, end in self.periods:
            if offset <= end - begin:
                return _at(day, begin + offset)
            offset -= end - begin
        return _at(day, self.periods[-1][1])  # pragma: no cover (offset fits the day)

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from `start` to `end` (as working_time_between)."""
        return (self.position(end) - self.position(start)) * MICRO

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """As WorkingCalendar.add_working_time (a zero duration starts the clock)."""
        if duration < timedelta():
            raise ValueError("duration must not be negative")
        if duration == timedelta():
            return self._clock_at(start)
        return self.moment(self.position(start) + duration // MICRO)

    def subtract(self, end: datetime, duration: timedelta) -> datetime:
        """The earliest moment from which `duration` of working time reaches `end`."""
        return self.moment(self.position(end) - duration // MICRO)

    def _clock_at(self, start: datetime) -> datetime:
        local = start.astimezone(timezone.get_default_timezone())
        now = _micros(local.time())
        if self.calendar.is_working_day(local.date()):
            for begin, end in self.periods:
                if now < end:
                    return local if now >= begin else _at(local.date(), begin)
        position = self.position(start)
        return self.moment(position + 1) - MICRO


def _at(day: date, micros: int) -> datetime:
    naive = datetime.combine(day, time.min) + micros * MICRO
    return naive.replace(tzinfo=timezone.get_default_timezone())


_TIMELINES: dict[tuple[object, ...], WorkTimeline] = {}


def timeline_for(calendar: WorkingCalendar) -> WorkTimeline:
    """One timeline per set of overrides, kept for the life of the process."""
    key = (
        calendar.extra_days_off,
        calendar.extra_working_days,
        tuple(calendar.periods),
    )
    timeline = _TIMELINES.get(key)
    if timeline is None:
        if len(_TIMELINES) > 8:
            _TIMELINES.clear()
        timeline = _TIMELINES[key] = WorkTimeline(calendar)
    return timeline
