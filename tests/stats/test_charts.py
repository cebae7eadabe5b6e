"""The server-drawn charts: whole-number ticks for counts, labels that fit, a title
with its unit, and numbers written the Vietnamese way."""

from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.template import Context, Template
from django.utils import translation

from core.templatetags.numbers import format_number
from stats import charts

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    """The visible texts of a chart (tspans joined), in document order."""
    root = ElementTree.fromstring(svg)  # noqa: S314 (our own output)
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def tooltips(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg)  # noqa: S314 (our own output)
    return [node.text or "" for node in root.iter(f"{SVG}title")]


@pytest.mark.parametrize(
    ("maximum", "expected"),
    [
        (0, [0, 1]),
        (3, [0, 1, 2, 3]),
        (4, [0, 1, 2, 3, 4]),
        (5, [0, 2, 4, 6]),
        (7, [0, 2, 4, 6, 8]),
        (87, [0, 25, 50, 75, 100]),
        (1234, [0, 500, 1000, 1500]),
    ],
)
def test_count_ticks_are_whole_numbers(maximum, expected):
    assert charts.count_ticks(maximum) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234567, None, "1.234.567"),
        (1234.5, 1, "1.234,5"),
        (Decimal("87.5"), None, "87,50"),
        (Decimal("0.125"), 2, "0,13"),  # half up, as the rates are rounded
        (Decimal("-1.5"), 1, "-1,5"),
        (0, None, "0"),
        (None, None, "—"),
    ],
)
def test_numbers_in_vietnamese(value, decimals, expected):
    with translation.override("vi"):
        assert format_number(value, decimals) == expected


def test_numbers_in_english():
    with translation.override("en"):
        assert format_number(1234.5, 1) == "1,234.5"
        assert format_number(Decimal("87.5")) == "87.50"


def test_number_and_percent_filters():
    template = Template(
        "{% load numbers %}{{ a|number }} {{ b|number:1 }} "
        "{{ c|percent }} {{ d|percent }}"
    )
    context = Context({"a": 12000, "b": 1234.56, "c": Decimal("87.5"), "d": None})
    with translation.override("vi"):
        assert template.render(context) == "12.000 1.234,6 87,50% —"


def test_a_long_name_wraps_on_two_lines():
    assert charts.wrap_label("Ủy ban nhân dân phường Xuân Hương - Đà Lạt") == [
        "Ủy ban nhân dân phường Xuân",
        "Hương - Đà Lạt",
    ]


def test_a_longer_name_is_cut_with_an_ellipsis():
    name = "Chi cục Kiểm lâm thuộc Sở Nông nghiệp và Phát triển nông thôn tỉnh Lâm Đồng"
    assert charts.wrap_label(name) == [
        "Chi cục Kiểm lâm thuộc Sở Nông",
        "nghiệp và Phát triển nông thô…",
    ]


def test_three_dossiers_a_month_have_ticks_0_1_2_3_not_1_25():
    with translation.override("vi"):
        svg = charts.stacked_bars(
            "c",
            "Hồ sơ đã giải quyết theo tháng (số hồ sơ)",
            "Mô tả",
            ["01/2026", "02/2026"],
            [
                charts.Series("Trước hạn", [1, 2]),
                charts.Series("Đúng hạn", [2, 0]),
                charts.Series("Quá hạn", [0, 1]),
            ],
        )
    shown = texts(svg)
    assert shown[0] == "Hồ sơ đã giải quyết theo tháng (số hồ sơ)"
    assert shown[1:5] == ["0", "1", "2", "3"]  # the y axis
    assert "1,25" not in svg and "1.25" not in svg
    assert "01/2026: Trước hạn 1; Đúng hạn 2" in tooltips(svg)
    assert "Quá hạn" in shown  # the legend


def test_rate_bars_keep_the_full_name_and_write_rates_with_a_comma():
    name = "Ủy ban nhân dân phường Xuân Hương - Đà Lạt"
    with translation.override("vi"):
        svg = charts.rate_bars(
            "r",
            "Tỷ lệ giải quyết đúng hạn (%)",
            "Mô tả",
            [(name, Decimal("87.50")), ("Sở Tư pháp", None)],
        )
    shown = texts(svg)
    assert shown[0] == "Tỷ lệ giải quyết đúng hạn (%)"
    assert shown[1:6] == ["0", "25", "50", "75", "100"]
    assert "Ủy ban nhân dân phường XuânHương - Đà Lạt" in shown  # two tspans
    assert "87,50%" in shown and "—" in shown
    assert f"{name}: 87,50%" in tooltips(svg)
