"""Charts drawn on the server as inline SVG: no JavaScript, printable, accessible.

Each series has a fill pattern as well as a colour (solid, hatched, dotted), every
bar carries its number as text, the chart has a title and a description for screen
readers, and the page shows the same numbers in a table next to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# (colour, pattern) per series; patterns make the series tell apart without colour.
STYLES = (
    ("#1e6b34", "solid"),
    ("#0b4f9c", "hatch"),
    ("#b3261e", "dots"),
    ("#6b4e00", "cross"),
)
WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 64


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int]


def _defs(prefix: str) -> str:
    patterns = []
    for index, (colour, kind) in enumerate(STYLES):
        pid = f"{prefix}-p{index}"
        if kind == "solid":
            body = f'<rect width="8" height="8" fill="{colour}"/>'
        elif kind == "hatch":
            body = (
                f'<rect width="8" height="8" fill="#fff"/>'
                f'<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="{colour}" '
                f'stroke-width="2.5"/>'
            )
        elif kind == "dots":
            body = (
                f'<rect width="8" height="8" fill="#fff"/>'
                f'<circle cx="4" cy="4" r="2.2" fill="{colour}"/>'
            )
        else:
            body = (
                f'<rect width="8" height="8" fill="#fff"/>'
                f'<path d="M0,4 h8 M4,0 v8" stroke="{colour}" stroke-width="2"/>'
            )
        patterns.append(
            f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f"{body}</pattern>"
        )
    return "<defs>" + "".join(patterns) + "</defs>"


def _fill(prefix: str, index: int) -> str:
    colour = STYLES[index % len(STYLES)][0]
    return f'fill="url(#{prefix}-p{index % len(STYLES)})" stroke="{colour}"'


def _nice_max(value: int) -> int:
    if value <= 5:
        return 5
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = int(step * magnitude)
        if top >= value:
            return top
    return value  # pragma: no cover


def stacked_bars(
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
) -> SafeString:
    """Vertical bars per category, the series stacked, with totals above."""
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    top = _nice_max(max(totals, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(categories), 1)
    parts = [_open(chart_id, title, description), _defs(chart_id)]
    parts += _y_axis(top, plot_h, plot_w)
    for i, category in enumerate(categories):
        x = LEFT + i * slot + slot * 0.15
        y: float = TOP + plot_h
        for index, item in enumerate(series):
            value = item.values[i]
            height = plot_h * value / top
            y -= height
            if value:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" '
                    f'height="{height:.1f}" {_fill(chart_id, index)}>'
                    f"<title>{escape(category)}: {escape(item.name)} {value}</title>"
                    "</rect>"
                )
        parts.append(
            f'<text x="{x + slot * 0.35:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
            f'font-size="11">{totals[i]}</text>'
            f'<text x="{x + slot * 0.35:.1f}" y="{TOP + plot_h + 16}" '
            f'text-anchor="middle" font-size="11">{escape(category)}</text>'
        )
    parts.append(_legend(chart_id, [s.name for s in series], TOP + plot_h + 34))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text is escaped above)


def rate_bars(
    chart_id: str,
    title: str,
    description: str,
    items: Sequence[tuple[str, Decimal | None]],
) -> SafeString:
    """Horizontal bars of percentages, the value written at the end of each bar."""
    row, label_w = 26, 230
    height = TOP + row * max(len(items), 1) + 28
    plot_w = WIDTH - label_w - 70
    parts = [_open(chart_id, title, description, height), _defs(chart_id)]
    for i, (label, value) in enumerate(items):
        y = TOP + i * row
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" font-size="12">'
            f"<title>{escape(label)}</title>{escape(short)}</text>"
        )
        width = plot_w * float(value or 0) / 100
        parts.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{width:.1f}" height="16" '
            f"{_fill(chart_id, 0)}/>"
            f'<text x="{label_w + width + 6:.1f}" y="{y + 16}" font-size="12">'
            f"{'—' if value is None else number_format(value, 2) + '%'}</text>"
        )
    axis_y = TOP + row * len(items) + 4
    parts.append(
        f'<line x1="{label_w}" y1="{TOP}" x2="{label_w}" y2="{axis_y}" '
        'stroke="#4a4a52"/>'
        f'<text x="{label_w}" y="{axis_y + 16}" font-size="11">0%</text>'
        f'<text x="{label_w + plot_w}" y="{axis_y + 16}" font-size="11" '
        'text-anchor="end">100%</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text is escaped above)


def _open(chart_id: str, title: str, description: str, height: int = HEIGHT) -> str:
    return (
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="inherit">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(description)}</desc>'
    )


def _y_axis(top: int, plot_h: int, plot_w: int) -> list[str]:
    lines = []
    for step in range(5):
        value = top * step / 4
        y = TOP + plot_h - plot_h * step / 4
        lines.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" '
            'stroke="#d6d6dc"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="11">{value:g}</text>'
        )
    return lines


def _legend(chart_id: str, names: Sequence[str], y: float) -> str:
    items, x = [], LEFT
    for index, name in enumerate(names):
        items.append(
            f'<rect x="{x}" y="{y}" width="16" height="16" {_fill(chart_id, index)}/>'
            f'<text x="{x + 22}" y="{y + 13}" font-size="12">{escape(name)}</text>'
        )
        x += 40 + 8 * len(name)
    return "".join(items)
