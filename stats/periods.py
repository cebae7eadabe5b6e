"""Reporting periods, and the few buckets that cover any span of days."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

# The statistics timeline starts here (stats.worktime.ANCHOR).
EPOCH = date(2015, 1, 1)
KINDS = ("month", "quarter", "year", "range")


@dataclass(frozen=True)
class Period:
    """Days `start` to `end`, both included."""

    start: date
    end: date
    kind: str = "range"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("A period ends on or after its start.")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), "month")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * (quarter - 1) + 1
        end = cls.month(year, first + 2).end
        return cls(date(year, first, 1), end, "quarter")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), "year")

    @classmethod
    def containing(cls, kind: str, day: date) -> Period:
        if kind == "month":
            return cls.month(day.year, day.month)
        if kind == "quarter":
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        return cls.year(day.year)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period just before: the previous month, quarter, year or span."""
        if self.kind in {"month", "quarter", "year"}:
            return Period.containing(self.kind, self.start - timedelta(days=1))
        return Period(
            self.start - timedelta(days=self.days),
            self.start - timedelta(days=1),
            "range",
        )

    def months(self) -> list[Period]:
        """The calendar months the period touches."""
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(Period.month(day.year, day.month))
            day = months[-1].end + timedelta(days=1)
        return months

    @property
    def label(self) -> str:
        if self.kind == "month":
            return _("Tháng %(m)s/%(y)s") % {
                "m": self.start.month,
                "y": self.start.year,
            }
        if self.kind == "quarter":
            quarter = (self.start.month - 1) // 3 + 1
            return _("Quý %(q)s/%(y)s") % {"q": quarter, "y": self.start.year}
        if self.kind == "year":
            return _("Năm %(y)s") % {"y": self.start.year}
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    @property
    def slug(self) -> str:
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"


Range = tuple[str, date, date]  # grain, first bucket start, last bucket start


def cover(start: date, end: date) -> list[Range]:
    """The fewest day, month and year buckets whose union is exactly start..end."""
    if start > end:
        return []
    first_year = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    last_year = end.year if (end.month, end.day) == (12, 31) else end.year - 1
    if first_year > last_year:
        return _months_and_days(start, end)
    return [
        *_months_and_days(start, date(first_year, 1, 1) - timedelta(days=1)),
        ("y", date(first_year, 1, 1), date(last_year, 1, 1)),
        *_months_and_days(date(last_year + 1, 1, 1), end),
    ]


def _months_and_days(start: date, end: date) -> list[Range]:
    if start > end:
        return []
    first = start if start.day == 1 else _next_month(start)
    last = end.replace(day=1)
    if end != Period.month(end.year, end.month).end:
        last = (last - timedelta(days=1)).replace(day=1)
    if first > last:
        return [("d", start, end)]
    days_before = [("d", start, first - timedelta(days=1))] if start < first else []
    after = _next_month(last)
    days_after = [("d", after, end)] if after <= end else []
    return [*days_before, ("m", first, last), *days_after]


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def flow_cover(start: date, end: date, today: date) -> list[Range]:
    """Buckets holding the flows (received, resolved…) of start..end.

    Nothing has flowed after today, so a period reaching today may be read as if it
    ran to the end of its month or year, whichever takes fewer buckets.
    """
    if end < today:
        return cover(start, end)
    options = [
        cover(start, end),
        cover(start, Period.month(end.year, end.month).end),
        cover(start, date(end.year, 12, 31)),
    ]
    return min(options, key=len)


def until(day: date) -> list[Range]:
    """Buckets of every day from the epoch up to `day` included."""
    return cover(EPOCH, day)
