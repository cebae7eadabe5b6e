"""Charts drawn on the server as inline SVG: no JavaScript, printable, accessible.

This module only lays a chart out (positions, ticks, wrapped labels); the SVG is
written by the templates in `templates/stats/charts/`, which format every number
with core's `number` filter. Each series has a colour from the Okabe–Ito palette
(told apart with any colour blindness) and a fill pattern (told apart in grey), each
bar carries its number, every chart has a visible title with its unit and a
description for screen readers, and the page shows the same numbers in a table.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

# (colour, pattern) per series: Okabe–Ito blue, bluish green, vermillion, orange.
STYLES = (
    ("#0072b2", "solid"),
    ("#009e73", "hatch"),
    ("#d55e00", "dots"),
    ("#e69f00", "cross"),
)
WIDTH = 720
TITLE_H = 28  # the visible title above the plot
NICE_STEPS = (1, 2, 2.5, 5)
# Labels longer than this many characters per line wrap; after LABEL_LINES lines
# they are cut with "…" (the full name is in the bar's tooltip and in the table).
LABEL_CHARS, LABEL_LINES = 30, 2


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int]


@dataclass(frozen=True)
class Tick:
    value: int
    at: float  # y for a vertical axis, x for a horizontal one


@dataclass(frozen=True)
class Segment:
    series: int
    name: str
    value: int
    y: float
    height: float

    @property
    def labelled(self) -> bool:
        """Tall enough to carry its own number."""
        return self.height >= 16


@dataclass
class Column:
    label: str
    lines: list[str]
    x: float
    width: float
    total: int
    top: float
    segments: list[Segment] = field(default_factory=list)

    @property
    def middle(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Row:
    label: str
    lines: list[str]
    y: float
    value: Decimal | None
    width: float


def count_ticks(maximum: int, most: int = 5) -> list[int]:
    """Whole-number ticks from 0 covering `maximum`, at most `most` of them, on a
    step of 1, 2, 2.5 or 5 times a power of ten that is itself a whole number."""
    if maximum <= 0:
        return [0, 1]
    magnitude = 1
    while True:
        for factor in NICE_STEPS:
            step = factor * magnitude
            if step != int(step):
                continue
            count = -(-maximum // int(step))  # ceiling
            if count + 1 <= most:
                return [int(step) * i for i in range(count + 1)]
        magnitude *= 10


def wrap_label(
    label: str, width: int = LABEL_CHARS, lines: int = LABEL_LINES
) -> list[str]:
    """A label on at most `lines` lines of about `width` characters, the last one
    cut with "…" when the label is longer."""
    wrapped = textwrap.wrap(label, width, break_long_words=True) or [""]
    if len(wrapped) <= lines:
        return wrapped
    kept = wrapped[:lines]
    kept[-1] = kept[-1][: width - 1].rstrip() + "…"
    return kept


def stacked_bars(
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
) -> SafeString:
    """Vertical bars per category (counts), the series stacked, totals above."""
    left, right, plot_h = 56, 16, 220
    top = TITLE_H + 20
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    ticks = count_ticks(max(totals, default=0))
    scale = plot_h / ticks[-1]
    base = top + plot_h
    slot = (WIDTH - left - right) / max(len(categories), 1)
    columns = []
    for i, category in enumerate(categories):
        column = Column(
            label=category,
            lines=wrap_label(category, max(int(slot / 7), 4)),
            x=left + i * slot + slot * 0.15,
            width=slot * 0.7,
            total=totals[i],
            top=base - totals[i] * scale,
        )
        y = float(base)
        for index, item in enumerate(series):
            height = item.values[i] * scale
            y -= height
            if item.values[i]:
                column.segments.append(
                    Segment(index, item.name, item.values[i], y, height)
                )
        columns.append(column)
    context = {
        "id": chart_id,
        "title": title,
        "description": description,
        "width": WIDTH,
        "height": base + 70,
        "left": left,
        "right": WIDTH - right,
        "base": base,
        "ticks": [Tick(value, base - value * scale) for value in ticks],
        "columns": columns,
        "legend": _legend(series, base + 44, left),
        "styles": _styles(),
    }
    return SafeString(render_to_string("stats/charts/stacked_bars.svg", context))


def rate_bars(
    chart_id: str,
    title: str,
    description: str,
    items: Sequence[tuple[str, Decimal | None]],
) -> SafeString:
    """Horizontal bars of percentages (0–100), the value written after each bar."""
    label_w, right, row_h = 236, 64, 36
    top = TITLE_H + 12
    plot_w = WIDTH - label_w - right
    rows = [
        Row(
            label=label,
            lines=wrap_label(label),
            y=top + i * row_h,
            value=value,
            width=plot_w * float(value or 0) / 100,
        )
        for i, (label, value) in enumerate(items)
    ]
    bottom = top + row_h * max(len(rows), 1)
    context = {
        "id": chart_id,
        "title": title,
        "description": description,
        "width": WIDTH,
        "height": bottom + 30,
        "top": top,
        "bottom": bottom,
        "label_w": label_w,
        "ticks": [
            Tick(value, label_w + plot_w * value / 100)
            for value in (0, 25, 50, 75, 100)
        ],
        "rows": rows,
        "styles": _styles(),
    }
    return SafeString(render_to_string("stats/charts/rate_bars.svg", context))


def _styles() -> list[dict[str, str | int]]:
    return [
        {"index": index, "colour": colour, "pattern": pattern}
        for index, (colour, pattern) in enumerate(STYLES)
    ]


def _legend(series: Sequence[Series], y: float, x: float) -> list[dict[str, object]]:
    items, at = [], x
    for index, item in enumerate(series):
        items.append({"x": at, "y": y, "name": item.name, "series": index})
        at += 40 + 8 * len(item.name)
    return items
