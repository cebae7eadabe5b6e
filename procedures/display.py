"""How processing times and fees read on pages, in the kiosk and in the API."""

from django.utils.translation import gettext as _

from procedures.models import FeeStatus, Procedure, TimeUnit

TEXT_PREVIEW = 120


def vnd(amount: int) -> str:
    """12000 → "12.000 đồng" (Vietnamese thousands separator)."""
    return _("%(amount)s đồng") % {"amount": f"{amount:,}".replace(",", ".")}


def time_display(amount: int | None, unit: str, text: str = "") -> str:
    """ "5 ngày làm việc", "Trong ngày", or the published text when it has no number."""
    if unit == TimeUnit.SAME_DAY:
        return _("Trong ngày")
    if amount is not None:
        if unit == TimeUnit.UNSPECIFIED:
            return _("%(amount)s (không ghi đơn vị)") % {"amount": amount}
        label = TimeUnit(unit).label
        return f"{amount} {label}"
    if text:
        short = " ".join(text.split())
        return short if len(short) <= TEXT_PREVIEW else short[:TEXT_PREVIEW] + "…"
    return _("Chưa công bố")


def procedure_time(procedure: Procedure) -> str:
    return time_display(
        procedure.processing_time,
        procedure.processing_time_unit,
        procedure.processing_time_text,
    )


def fee_summary(procedure: Procedure) -> str:
    """One line for result lists; uses the prefetched fee items."""
    if procedure.fee_status == FeeStatus.FREE:
        return _("Miễn phí")
    amounts = sorted({item.amount for item in procedure.fee_items.all() if item.amount})
    if procedure.fee_status == FeeStatus.CHARGED and amounts:
        if len(amounts) == 1:
            return vnd(amounts[0])
        return _("Từ %(low)s đến %(high)s") % {
            "low": vnd(amounts[0]),
            "high": vnd(amounts[-1]),
        }
    if procedure.fee_text:
        return _("Xem chi tiết")
    return _("Chưa công bố")
