"""Numbers as the reader writes them: in Vietnamese 1.234,5 (a dot groups the
thousands, a comma marks the decimals), in English 1,234.5.

Django's own `floatformat` and `number_format` do not group thousands for the
Vietnamese locale unless USE_THOUSAND_SEPARATOR is on for the whole site (which
would also group years and codes), so every figure shown on the statistics pages
and in their charts goes through this one filter.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.formats import get_format

register = template.Library()

DASH = "—"


def format_number(value: Any, decimals: int | None = None) -> str:
    """A number grouped and with the active language's separators; None is a dash.

    Integers have no decimals unless asked; other numbers have two unless asked,
    rounded half up as the rates are.
    """
    if value is None or value == "":
        return DASH
    if isinstance(value, bool):
        return str(value)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if decimals is None:
        decimals = 0 if isinstance(value, int) else 2
    exponent = Decimal(1).scaleb(-decimals)
    text = f"{number.quantize(exponent, rounding=ROUND_HALF_UP):,.{decimals}f}"
    thousands = str(get_format("THOUSAND_SEPARATOR"))
    decimal = str(get_format("DECIMAL_SEPARATOR"))
    return "".join(
        thousands if char == "," else decimal if char == "." else char for char in text
    )


@register.filter
def number(value: Any, decimals: Any = None) -> str:
    """`{{ value|number }}`, `{{ rate|number:1 }}`."""
    return format_number(value, None if decimals is None else int(decimals))


@register.filter
def percent(value: Any, decimals: Any = None) -> str:
    """`{{ rate|percent }}`: 87,5% (a dash, without the sign, when there is none)."""
    text = number(value, decimals)
    return text if text == DASH else f"{text}%"
