"""Cells safe to open in a spreadsheet program (CSV and XLSX exports)."""

from typing import TypeVar

# What spreadsheet programs read as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def formula_safe(value: T) -> T | str:
    """Text that could start a formula, quoted with ' so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
