"""The working-day calendar: every deadline of the portal is counted here.

A working day is Monday to Friday, minus Vietnamese public holidays (the holidays
package), plus the swapped working Saturdays it knows, with the administrators'
overrides (CalendarOverride) winning over both. Within a working day time runs only in
the working periods (settings.WORKING_PERIODS, 8 hours by default).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import holidays
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

MAX_SEARCH_DAYS = 3660
CACHE_KEY = "egov:calendar:overrides"


class WorkingCalendar:
    """Answers working-time questions for given overrides; pure and thread-safe."""

    def __init__(
        self,
        *,
        days_off: Iterable[date] = (),
        working_days: Iterable[date] = (),
        periods: tuple[tuple[time, time], ...] | None = None,
        cutoff: time | None = None,
    ) -> None:
        self.extra_days_off = frozenset(days_off)
        self.extra_working_days = frozenset(working_days)
        self.periods = periods or settings.WORKING_PERIODS
        self.cutoff = cutoff or settings.RECEPTION_CUTOFF
        self.day_length = sum(
            (_span(day_start, day_end) for day_start, day_end in self.periods),
            timedelta(),
        )

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off:
            return False
        holidays_of_year, working_saturdays = _package_year(day.year)
        if day in working_saturdays:
            return True
        return day.weekday() < 5 and day not in holidays_of_year

    def holiday_name(self, day: date) -> str | None:
        """The Vietnamese name of the public holiday on `day`, if any."""
        return _package_year(day.year)[0].get(day)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        for offset in range(1, MAX_SEARCH_DAYS):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise ValueError("No working day within ten years; check the overrides.")

    def add_working_time(self, start: datetime, duration: timedelta) -> datetime:
        """The moment when `duration` of working time has passed after `start`.

        A start outside working time begins at the next working period, so a zero
        duration gives the moment the clock would start.
        """
        if duration < timedelta():
            raise ValueError("duration must not be negative")
        local = timezone.localtime(start)
        day, cursor = local.date(), local.time()
        remaining = duration
        for _step in range(MAX_SEARCH_DAYS):
            if self.is_working_day(day):
                for period_start, period_end in self.periods:
                    if cursor >= period_end:
                        continue
                    begin = max(cursor, period_start)
                    available = _span(begin, period_end)
                    if remaining <= available:
                        return _aware(day, begin) + remaining
                    remaining -= available
            day, cursor = day + timedelta(days=1), time.min
        raise ValueError("No working time within ten years; check the overrides.")

    def add_working_days(self, start: datetime, days: Decimal | int) -> datetime:
        """`start` plus `days` working days; half days are allowed (0.5 = 4 hours)."""
        return self.add_working_time(start, self.day_length * float(days))

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from `start` to `end`; negative when `end` comes first."""
        if end < start:
            return -self.working_time_between(end, start)
        first, last = timezone.localtime(start), timezone.localtime(end)
        total = timedelta()
        day = first.date()
        while day <= last.date():
            if self.is_working_day(day):
                for period_start, period_end in self.periods:
                    begin = max(_aware(day, period_start), first)
                    finish = min(_aware(day, period_end), last)
                    if finish > begin:
                        total += finish - begin
            day += timedelta(days=1)
        return total

    def working_days_between(self, start: datetime, end: datetime) -> Decimal:
        """Working time from `start` to `end` in working days, to two decimals."""
        ratio = self.working_time_between(start, end) / self.day_length
        return Decimal(str(ratio)).quantize(Decimal("0.01"))

    def clock_start(self, received_at: datetime) -> datetime:
        """When the processing clock starts for a dossier received at `received_at`.

        Received on a working day before the afternoon cut-off: at once (or at the next
        working period). After the cut-off, or on a day off: at the start of the next
        working day (DOMAIN.md decision 5).
        """
        local = timezone.localtime(received_at)
        day = local.date()
        if self.is_working_day(day) and local.time() < self.cutoff:
            return self.add_working_time(local, timedelta())
        return _aware(self.next_working_day(day), self.periods[0][0])

    def appointment(self, received_at: datetime, days: Decimal | int) -> datetime:
        """The appointment (due moment) for a dossier needing `days` working days."""
        return self.add_working_days(self.clock_start(received_at), days)


def get_calendar() -> WorkingCalendar:
    """The calendar with the administrators' overrides (cached briefly)."""
    overrides = cache.get(CACHE_KEY)
    if overrides is None:
        from core.models import CalendarOverride

        overrides = list(CalendarOverride.objects.values_list("date", "kind"))
        cache.set(CACHE_KEY, overrides, settings.CALENDAR_CACHE_SECONDS)
    return WorkingCalendar(
        days_off=[day for day, kind in overrides if kind == "day_off"],
        working_days=[day for day, kind in overrides if kind == "working_day"],
    )


def calendar_invalidate() -> None:
    """Forget cached overrides; called whenever an administrator changes one."""
    cache.delete(CACHE_KEY)


@functools.cache
def _package_year(year: int) -> tuple[dict[date, str], frozenset[date]]:
    """Public holidays and swapped working Saturdays of `year` from the package."""
    calendar = holidays.country_holidays("VN", years=year, language="vi")
    saturdays = frozenset(day for day in calendar.weekend_workdays if day.year == year)
    return dict(calendar), saturdays


def _span(begin: time, end: time) -> timedelta:
    return datetime.combine(date.min, end) - datetime.combine(date.min, begin)


def _aware(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))
