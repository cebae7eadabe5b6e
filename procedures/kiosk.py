"""The touch kiosk (ki-ốt tra cứu) of a one-stop centre: its start screen's tiles by
life event and by field, and how long it waits before starting over.

Life events (sự kiện cuộc sống) group the procedures a person meets at one moment
of life, as the national portal does. Each lists the national master codes
(`Procedure.base_code`, the first two segments of a code) of its procedures: a
provincial copy and the national record share the master code, so one list serves
both catalogues. docs/kiosk.md lists them; edit this table to add one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Seconds without a touch before the kiosk starts over, and how long before that it
# warns (WCAG 2.2.1 asks at least 20 seconds to answer a time-out warning).
IDLE_SECONDS = 120
WARNING_SECONDS = 30
# Fields shown as tiles on the start screen: those with the most procedures.
FIELD_TILES = 12


@dataclass(frozen=True)
class LifeEvent:
    slug: str
    name: str | Promise
    description: str | Promise
    base_codes: tuple[str, ...]


LIFE_EVENTS = (
    LifeEvent(
        "sinh-con",
        _("Sinh con"),
        _("Khai sinh, nhận cha, mẹ, con"),
        ("1.001193", "1.000689", "2.000528", "1.004772"),
    ),
    LifeEvent(
        "ket-hon",
        _("Kết hôn"),
        _("Đăng ký kết hôn, xác nhận tình trạng hôn nhân"),
        ("1.000894", "1.004873", "2.000806"),
    ),
    LifeEvent(
        "nguoi-than-qua-doi",
        _("Người thân qua đời"),
        _("Khai tử, chứng thực di chúc"),
        ("1.000656", "1.001766", "2.001019"),
    ),
    LifeEvent(
        "chuyen-noi-o",
        _("Chuyển nơi ở"),
        _("Đăng ký thường trú, tạm trú"),
        ("1.004222", "1.004194"),
    ),
    LifeEvent(
        "nha-dat",
        _("Nhà ở, đất đai"),
        _("Giấy chứng nhận, tách thửa, giấy phép xây dựng"),
        ("1.012786", "1.012784", "1.012812", "1.013225"),
    ),
    LifeEvent(
        "kinh-doanh",
        _("Mở cửa hàng, doanh nghiệp"),
        _("Hộ kinh doanh, doanh nghiệp tư nhân"),
        ("1.001612", "2.001610"),
    ),
    LifeEvent(
        "ban-sao-giay-to",
        _("Bản sao, chứng thực giấy tờ"),
        _("Chứng thực bản sao, trích lục hộ tịch"),
        ("2.000843", "2.000815", "2.000635"),
    ),
)
BY_SLUG = {event.slug: event for event in LIFE_EVENTS}


def idle_context() -> dict[str, int]:
    """What every kiosk page gives its script (data attributes)."""
    return {"idle_seconds": IDLE_SECONDS, "warning_seconds": WARNING_SECONDS}
