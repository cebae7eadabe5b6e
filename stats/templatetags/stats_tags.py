"""Formatting of statistics cells: numbers in the reader's language, a dash for
"not available", and links from a dossier code to the dossier."""

from decimal import Decimal
from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

from core.templatetags.numbers import format_number

register = template.Library()


@register.filter
def cell(value: Any) -> str:
    if value is None or value == "":
        return "—" if value is None else ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal):
        return format_number(value)
    return str(value)


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
