"""How processing times and fees read on pages, in the kiosk and in the API."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from procedures.models import (
    Channel,
    ChannelOption,
    FeeItem,
    FeeStatus,
    Procedure,
    TimeUnit,
)

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


# The ways of filing a page may choose between, by their slug in the address.
CHANNEL_SLUGS = {"truc-tiep": Channel.COUNTER, "truc-tuyen": Channel.ONLINE}


@dataclass(frozen=True)
class ChannelFees:
    """What a procedure costs when filed one way: the fee items that apply to that
    channel (or to every channel), the amount when a single fixed item applies (items
    are often per case or per copy, so several are never added up), and the
    published time and fee text of that channel."""

    channel: str
    items: list[FeeItem]
    total: int | None
    option: ChannelOption | None

    @property
    def label(self) -> str:
        return str(Channel(self.channel).label)


def chosen_channel(procedure: Procedure, slug: str | None) -> str:
    """The channel of `slug`; the counter when it names none or one the procedure
    does not offer (every procedure can be filed at the counter)."""
    channel = CHANNEL_SLUGS.get(slug or "", Channel.COUNTER)
    if channel == Channel.ONLINE and not procedure.files_online:
        return Channel.COUNTER
    return channel


def channel_fees(procedure: Procedure, channel: str) -> ChannelFees:
    """Uses the prefetched fee items and channel options."""
    items = [
        item for item in procedure.fee_items.all() if item.channel in ("", channel)
    ]
    single = len(items) == 1 and items[0].amount_max is None
    total = items[0].amount if single else None
    option = next(
        (o for o in procedure.channel_options.all() if o.channel == channel), None
    )
    return ChannelFees(channel, items, total, option)
