"""Working-hour budgets of internal workflows against the legal processing time.

Budgets are stored in working hours, 8 to a working day (DOMAIN.md decision 5). The
steps of a procedure must add up to its legal time when that time is in working days,
hours or "same day"; a time in calendar days bounds them from above, since N calendar
days never hold more than N working days.
"""

from django.utils.translation import gettext as _

from procedures.models import TimeUnit

HOURS_PER_WORKING_DAY = 8


def legal_hours(processing_time: int | None, unit: str) -> int | None:
    """The legal time in working hours, when the unit allows an exact answer."""
    if unit == TimeUnit.SAME_DAY:
        return HOURS_PER_WORKING_DAY
    if processing_time is None:
        return None
    if unit == TimeUnit.WORKING_DAYS:
        return processing_time * HOURS_PER_WORKING_DAY
    if unit == TimeUnit.HOURS:
        return processing_time
    return None


def budget_error(
    *, processing_time: int | None, unit: str, step_hours: list[int]
) -> str | None:
    """Why these step budgets do not fit the legal time, or None when they do."""
    if not step_hours:
        return None
    total = sum(step_hours)
    if unit == TimeUnit.DAYS and processing_time is not None:
        ceiling = processing_time * HOURS_PER_WORKING_DAY
        if total > ceiling:
            return _(
                "Tổng thời gian các bước là %(total)s giờ, vượt thời hạn "
                "%(days)s ngày (tối đa %(ceiling)s giờ làm việc)."
            ) % {"total": total, "days": processing_time, "ceiling": ceiling}
        return None
    expected = legal_hours(processing_time, unit)
    if expected is None:
        return _(
            "Thời hạn giải quyết phải tính bằng ngày làm việc, ngày, giờ hoặc "
            "trong ngày thì mới lập được quy trình nội bộ."
        )
    if total != expected:
        return _(
            "Tổng thời gian các bước là %(total)s giờ làm việc, phải bằng thời hạn "
            "giải quyết: %(expected)s giờ làm việc."
        ) % {"total": total, "expected": expected}
    return None
