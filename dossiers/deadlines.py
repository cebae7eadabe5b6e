"""The appointment of a dossier from its procedure's legal processing time, and
whether a step was handed over early, on time or late.

The time's unit decides the counting (DOMAIN.md §2.4): working days and hours run on
the working-day calendar from the moment the clock starts; "same day" ends with the
working day the clock starts in; calendar days and months end with the last day, or
with the next working day when the last day is a day off (Civil Code counting).
"""

import calendar as month_calendar
from datetime import date, datetime, timedelta

from django.utils import timezone

from core.calendar import WorkingCalendar
from dossiers.models import DossierStep
from procedures.models import Procedure, TimeUnit


def appointment_for(
    procedure: Procedure, received_at: datetime, calendar: WorkingCalendar
) -> datetime | None:
    """When the result is due; None when the procedure states no time."""
    amount, unit = procedure.processing_time, procedure.processing_time_unit
    start = calendar.clock_start(received_at)
    if unit == TimeUnit.SAME_DAY:
        return _end_of_day(start.date(), calendar)
    if amount is None:
        return None
    if unit == TimeUnit.HOURS:
        return calendar.add_working_time(start, timedelta(hours=amount))
    if unit == TimeUnit.DAYS:
        return _end_of_day(
            _working_on_or_after(start.date() + timedelta(days=amount), calendar),
            calendar,
        )
    if unit == TimeUnit.MONTHS:
        return _end_of_day(
            _working_on_or_after(_add_months(start.date(), amount), calendar), calendar
        )
    return calendar.add_working_days(start, amount)


def _end_of_day(day: date, calendar: WorkingCalendar) -> datetime:
    return timezone.make_aware(datetime.combine(day, calendar.periods[-1][1]))


def _working_on_or_after(day: date, calendar: WorkingCalendar) -> date:
    return day if calendar.is_working_day(day) else calendar.next_working_day(day)


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def step_outcome(due_at: datetime, finished_at: datetime) -> str:
    """Early when handed over on an earlier day, on time on the due day, else late."""
    if finished_at > due_at:
        return DossierStep.Outcome.LATE
    if timezone.localdate(finished_at) < timezone.localdate(due_at):
        return DossierStep.Outcome.EARLY
    return DossierStep.Outcome.ON_TIME


def shift_deadline(
    moment: datetime | None, paused: timedelta, calendar: WorkingCalendar
) -> datetime | None:
    """A deadline moved by the working time a clock pause lasted (DOMAIN.md
    decision 6)."""
    return calendar.add_working_time(moment, paused) if moment else None


def apology_in_time(
    now: datetime, due_at: datetime | None, calendar: WorkingCalendar
) -> bool:
    """The law asks for the apology at least one working day before the due date;
    a later one is still recorded, and marked as such."""
    if due_at is None:
        return False
    return calendar.working_time_between(now, due_at) >= calendar.day_length
