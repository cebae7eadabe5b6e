"""Formatting of statistics cells: numbers in the reader's language, a dash for
"not available", and links from a dossier code to the dossier."""

from decimal import Decimal
from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.formats import get_format, number_format

register = template.Library()


@register.filter
def cell(value: Any) -> str:
    if value is None or value == "":
        return "—" if value is None else ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        return number_format(value, 2)
    if isinstance(value, int):
        return grouped(value)
    return str(value)


def grouped(value: int) -> str:
    """Thousands grouped in the reader's convention (Vietnamese: 87.314); Django's
    Vietnamese locale does not group."""
    return f"{value:,}".replace(",", str(get_format("THOUSAND_SEPARATOR")))


@register.filter
def is_number(value: Any) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


@register.filter
def signed(value: Any) -> str:
    """A change with its sign (+3, −1,50)."""
    if value is None:
        return "—"
    text = cell(abs(value))
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


@register.filter
def dossier_url(code: str) -> str:
    try:
        return reverse("dossiers:detail", args=[code])
    except NoReverseMatch:
        return reverse("dossier-detail", args=[code])
