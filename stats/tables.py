"""The tables of the statistics pages, as plain rows: the pages show them, the
exports write them (CSV, XLSX), the PDF report prints them. Every number comes from
stats.figures."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import AdministrativeLevel, Agency
from procedures.models import Field, Procedure
from stats import catalogue, feedback_figures, selectors
from stats import figures as fig
from stats.figures import FIGURE_LABELS, FORM_COLUMNS, Figures
from stats.online_payment import payment_counts
from stats.periods import Period
from stats.query import StatsQuery

Cell = str | int | Decimal | None


@dataclass
class Table:
    slug: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    # Rows that are subtotals or totals (shown in bold, kept in exports).
    strong: set[int] = field(default_factory=set)
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.rows


def _labels(names: Sequence[str]) -> list[str]:
    return [str(FIGURE_LABELS[name]) for name in names]


# --- The period's figures ---

SUMMARY = (
    "received",
    "carried_over",
    "received_new",
    "received_online",
    "received_counter",
    "received_post",
    "resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "in_progress",
    "in_progress_on_time",
    "in_progress_overdue",
    "supplement_requests",
    "late_notices",
    "returned_incomplete",
    "refused",
    "stopped",
    "all_withdrawn",
    "on_time_rate",
    "online_rate",
    "online_payment_rate",
    "digitization_rate",
    "satisfaction_rate",
    "average_score",
    "reuse_rate",
    "file_reuse_rate",
    "eid_rate",
)


def change(current: Cell, previous: Cell) -> Cell:
    if not isinstance(current, int | Decimal) or not isinstance(
        previous, int | Decimal
    ):
        return None
    return current - previous


def summary(query: StatsQuery, now: datetime | None = None) -> Table:
    """The period's figures beside the previous period's, with the change."""
    period = query.period
    current = fig.figures_for(period, query.scope, now)
    previous = fig.figures_for(period.previous(), query.scope, now)
    table = Table(
        "tong-hop",
        _("Số liệu %(period)s") % {"period": period.label},
        [_("Chỉ tiêu"), period.label, period.previous().label, _("Thay đổi")],
    )
    for name in SUMMARY:
        now_value, before = getattr(current, name), getattr(previous, name)
        table.rows.append(
            [str(FIGURE_LABELS[name]), now_value, before, change(now_value, before)]
        )
    return table


def overview(query: StatsQuery, now: datetime | None = None) -> list[dict[str, Any]]:
    """This month, quarter and year, each with its previous period (the cards)."""
    today = timezone.localdate(now)
    cards = []
    for kind in ("month", "quarter", "year"):
        period = Period.containing(kind, today)
        current = fig.figures_for(period, query.scope, now)
        previous = fig.figures_for(period.previous(), query.scope, now)
        cards.append(
            {
                "period": period,
                "previous": period.previous(),
                "figures": current,
                "before": previous,
                "rate_change": change(current.on_time_rate, previous.on_time_rate),
            }
        )
    return cards


def indicators(query: StatsQuery, now: datetime | None = None) -> Table:
    current = fig.figures_for(query.period, query.scope, now)
    table = Table(
        "chi-so-766",
        _("Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)"),
        [
            _("Chỉ số"),
            _("Nội dung"),
            _("Tử số"),
            _("Mẫu số"),
            _("Tỷ lệ (%)"),
            _("Mức đạt điểm tối đa (%)"),
            _("Đạt (%)"),
            _("Điểm tối đa"),
            _("Điểm"),
            _("Ghi chú"),
        ],
    )
    for item in index_indicators(query, current, now):
        table.rows.append(
            [
                item.code,
                str(item.name),
                item.numerator,
                item.denominator,
                item.rate,
                item.threshold,
                item.attainment,
                item.max_points,
                item.points,
                str(item.note),
            ]
        )
    return table


def index_indicators(
    query: StatsQuery, current: fig.Figures, now: datetime | None
) -> list[fig.Indicator]:
    """Every indicator of the index, in the order of its codes: from the dossier
    figures, from the catalogue, and those without data (with the reason)."""
    by_procedure = fig.grouped(query.period, ["procedure"], query.scope, now)
    used = {key[0] for key, figures in by_procedure.items() if figures.received_online}
    with_eid = {key[0] for key, figures in by_procedure.items() if figures.received_eid}
    counts = catalogue.catalogue_counts(query.scope, used, with_eid)
    items = [
        *fig.indicators(
            current,
            payment_counts(
                start=query.period.start, end=query.period.end, scope=query.scope
            ),
        ),
        *catalogue.catalogue_indicators(counts, current),
        *feedback_figures.feedback_indicators(
            feedback_figures.feedback_counts(
                start=query.period.start,
                end=query.period.end,
                scope=query.scope,
                now=now,
            )
        ),
        *catalogue.WITHOUT_DATA,
    ]
    return sorted(items, key=lambda item: tuple(map(int, item.code.split("."))))


FEEDBACK_COLUMNS = (
    ("received", gettext_lazy("Tiếp nhận")),
    ("answered_on_time", gettext_lazy("Trả lời đúng hạn")),
    ("answered_late", gettext_lazy("Trả lời quá hạn")),
    ("late", gettext_lazy("Có bước quá hạn")),
    ("published", gettext_lazy("Đã công khai")),
    ("rated", gettext_lazy("Được đánh giá")),
    ("satisfied", gettext_lazy("Hài lòng")),
    ("satisfaction_rate", gettext_lazy("Tỷ lệ hài lòng (%)")),
)


def feedback_table(query: StatsQuery, now: datetime | None = None) -> Table:
    """Feedback (PAKN) first received in the period, per agency handling it."""
    rows = feedback_figures.feedback_by_agency(
        start=query.period.start, end=query.period.end, scope=query.scope, now=now
    )
    names = selectors.names_of(Agency, {agency_id for agency_id, _c in rows})
    table = Table(
        "phan-anh-kien-nghi",
        _("Phản ánh, kiến nghị theo cơ quan"),
        [_("Cơ quan"), *(str(label) for _n, label in FEEDBACK_COLUMNS)],
    )
    for agency_id, counts in sorted(rows, key=lambda row: names.get(row[0], "")):
        table.rows.append(
            [
                names.get(agency_id, ""),
                *(getattr(counts, n) for n, _l in FEEDBACK_COLUMNS),
            ]
        )
    if len(rows) > 1:
        total = feedback_figures.feedback_counts(
            start=query.period.start, end=query.period.end, scope=query.scope, now=now
        )
        table.rows.append(
            [_("Tổng cộng"), *(getattr(total, n) for n, _l in FEEDBACK_COLUMNS)]
        )
        table.strong.add(len(table.rows) - 1)
    return table


# --- Trends ---

MONTH_COLUMNS = (
    "received_new",
    "resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "on_time_rate",
    "online_rate",
)


def months(query: StatsQuery, now: datetime | None = None) -> Table:
    """The twelve months up to the period's end: flows and rates per month."""
    span = fig.last_months(query.period.end)
    table = Table(
        "theo-thang",
        _("Diễn biến theo tháng"),
        [_("Tháng"), *_labels(MONTH_COLUMNS)],
    )
    for month, figures in fig.monthly(span, query.scope, now):
        label = f"{month.start:%m/%Y}"
        table.rows.append([label, *(getattr(figures, n) for n in MONTH_COLUMNS)])
    return table


# --- Breakdowns ---

BREAKDOWN_COLUMNS = (
    "received",
    "received_new",
    "resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "in_progress",
    "in_progress_overdue",
    "on_time_rate",
    "online_rate",
    "digitization_rate",
    "satisfaction_rate",
)
BY = {
    "field": (Field, gettext_lazy("Lĩnh vực")),
    "level": (None, gettext_lazy("Cấp")),
    "agency": (Agency, gettext_lazy("Cơ quan")),
    "procedure": (Procedure, gettext_lazy("Thủ tục")),
}
LEVEL_NAMES = dict(AdministrativeLevel.choices)


def group_name(by: str, key: Any, names: dict[Any, str]) -> str:
    if by == "level":
        return str(LEVEL_NAMES.get(key, key))
    return names.get(key, str(key))


def breakdown(
    query: StatsQuery,
    by: str,
    now: datetime | None = None,
    order: Callable[[Figures], Any] | None = None,
) -> Table:
    """Figures of the period per field, level, agency or procedure."""
    model, label = BY[by]
    groups = {
        key[0]: figures
        for key, figures in fig.grouped(query.period, [by], query.scope, now).items()
        if has_activity(figures)
    }
    names = selectors.names_of(model, set(groups)) if model else {}
    table = Table(
        f"theo-{_SLUGS[by]}",
        _("Theo %(what)s") % {"what": str(label).lower()},
        [str(label), *_labels(BREAKDOWN_COLUMNS)],
    )
    items = sorted(
        groups.items(),
        key=(lambda item: order(item[1])) if order else _by_name(by, names),
    )
    for key, figures in items:
        table.rows.append(
            [
                group_name(by, key, names),
                *(getattr(figures, n) for n in BREAKDOWN_COLUMNS),
            ]
        )
    if len(items) > 1:
        total = fig.total(groups.values())
        table.rows.append(
            [_("Tổng cộng"), *(getattr(total, n) for n in BREAKDOWN_COLUMNS)]
        )
        table.strong.add(len(table.rows) - 1)
    return table


_SLUGS = {
    "field": "linh-vuc",
    "level": "cap",
    "agency": "co-quan",
    "procedure": "thu-tuc",
}


def _by_name(by: str, names: dict[Any, str]) -> Callable[[tuple[Any, Figures]], Any]:
    return lambda item: group_name(by, item[0], names)


def has_activity(figures: Figures) -> bool:
    return bool(
        figures.received
        or figures.refused
        or figures.withdrawn_unreceived
        or figures.returned_incomplete
    )


# The figures of the province ranking, also those of the public progress page.
RANKING_COLUMNS = (
    "received",
    "resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "in_progress",
    "in_progress_overdue",
    "on_time_rate",
)


def ranking(query: StatsQuery, now: datetime | None = None) -> list[Table]:
    """All agencies ranked by indicator 2.1 (Decision 766), one table per level;
    the rate's last column is what the ranking and its chart use."""
    grouped = fig.grouped(query.period, ["level", "agency"], query.scope, now)
    names = selectors.names_of(Agency, {key[1] for key in grouped})
    tables = []
    for level, level_name in AdministrativeLevel.choices:
        rows = [
            (names.get(agency, ""), figures)
            for (lv, agency), figures in grouped.items()
            if lv == level and has_activity(figures)
        ]
        if not rows:
            continue
        rows.sort(key=lambda item: (_rank_key(item[1]), item[0]))
        table = Table(
            f"xep-hang-{level}",
            _("Xếp hạng %(level)s") % {"level": str(level_name).lower()},
            [
                _("Hạng"),
                str(BY["agency"][1]),
                *_labels(RANKING_COLUMNS),
                _("Chỉ số 2.1 (%)"),
            ],
        )
        for position, (name, figures) in enumerate(rows, start=1):
            table.rows.append(
                [
                    position,
                    name,
                    *(getattr(figures, n) for n in RANKING_COLUMNS),
                    fig.indicators(figures)[0].rate,
                ]
            )
        tables.append(table)
    return tables


def _rank_key(figures: Figures) -> tuple[Any, ...]:
    """Best rate of indicator 2.1 first; more dossiers first on a tie."""
    item = fig.indicators(figures)[0]
    return (-(item.rate if item.rate is not None else Decimal(-1)), -figures.received)


# The indicators of Decision 766 that each agency's own figures give (the catalogue
# and payment indicators are counted for a whole scope, on the report).
AGENCY_INDEX_CODES = ("2.1", "3.3", "4.2", "5.4")


def agency_index(query: StatsQuery, now: datetime | None = None) -> Table:
    """The index of Decision 766 per agency, best indicator 2.1 first: the rate of
    each indicator computed from dossiers, and the points where the decision gives
    them. The same grouped figures as the breakdown by agency (one query)."""
    grouped = {
        key[0]: figures
        for key, figures in fig.grouped(
            query.period, ["agency"], query.scope, now
        ).items()
        if has_activity(figures)
    }
    names = selectors.names_of(Agency, set(grouped))
    sample = fig.indicators(fig.total([]))
    columns = [str(BY["agency"][1])]
    for item in sample:
        if item.code in AGENCY_INDEX_CODES:
            columns.append(f"{item.code} {item.name} (%)")
            if item.max_points is not None:
                columns.append(
                    _("%(code)s điểm (tối đa %(points)s)")
                    % {"code": item.code, "points": int(item.max_points)}
                )
    table = Table(
        "chi-so-766-co-quan",
        _("Chỉ số 766 theo cơ quan"),
        columns,
        note=_(
            "Tính từ hồ sơ của từng cơ quan trong kỳ; các chỉ số về công khai, "
            "dịch vụ trực tuyến và thanh toán được tính cho cả phạm vi ở báo cáo."
        ),
    )
    rows = sorted(
        grouped.items(), key=lambda item: (_rank_key(item[1]), names.get(item[0], ""))
    )
    for agency, figures in rows:
        row: list[Cell] = [names.get(agency, "")]
        for item in fig.indicators(figures):
            if item.code in AGENCY_INDEX_CODES:
                row.append(item.rate)
                if item.max_points is not None:
                    row.append(item.points)
        table.rows.append(row)
    return table


# --- The periodic report, form II.06a ---


def report(query: StatsQuery, now: datetime | None = None) -> Table:
    """Form II.06a: one row per field within each level, subtotals and a total."""
    grouped = fig.grouped(query.period, ["level", "field"], query.scope, now)
    grouped = {key: f for key, f in grouped.items() if f.received}
    names = selectors.names_of(Field, {key[1] for key in grouped})
    table = Table(
        "bieu-ii06a",
        _("Tình hình, kết quả giải quyết TTHC (Biểu II.06a) — %(period)s")
        % {"period": query.period.label},
        [
            _("STT"),
            _("Lĩnh vực, công việc giải quyết theo cấp"),
            *[str(c) for c in FORM_COLUMNS],
        ],
        note=_(
            "Cột (3) = (4) + (5) + (6) = (7) + (11); (7) = (8) + (9) + (10); "
            "(11) = (12) + (13)."
        ),
    )
    for level, level_name in AdministrativeLevel.choices:
        rows = sorted(
            (
                (names.get(f_id, ""), f)
                for (lv, f_id), f in grouped.items()
                if lv == level
            ),
            key=lambda item: item[0],
        )
        if not rows:
            continue
        subtotal = fig.total(f for _name, f in rows)
        table.rows.append(["", str(level_name), *subtotal.form_columns()])
        table.strong.add(len(table.rows) - 1)
        for number, (name, figures) in enumerate(rows, start=1):
            table.rows.append([number, name, *figures.form_columns()])
    total = fig.total(grouped.values())
    table.rows.append(["", _("Tổng cộng"), *total.form_columns()])
    table.strong.add(len(table.rows) - 1)
    return table


# --- Lists that name dossiers and officers (leaders only) ---


def overdue(query: StatsQuery, now: datetime | None = None) -> Table:
    now = now or timezone.now()
    table = Table(
        "qua-han-sap-den-han",
        _("Hồ sơ quá hạn và sắp đến hạn"),
        [
            _("Mã hồ sơ"),
            _("Thủ tục"),
            _("Cơ quan"),
            _("Cán bộ xử lý"),
            _("Hạn giải quyết"),
            _("Tình trạng"),
        ],
    )
    for item in selectors.overdue_and_due_soon(query.scope, now):
        due = (
            timezone.localtime(item.legal_due_at).strftime("%H:%M %d/%m/%Y")
            if item.legal_due_at
            else ""
        )
        state = _("Sắp đến hạn")
        if item.overdue:
            # Overdue before its deadline: more than one supplement request.
            late_by_rule = item.legal_due_at is None or item.legal_due_at > now
            state = _("Quá hạn (bổ sung nhiều lần)") if late_by_rule else _("Quá hạn")
        table.rows.append(
            [
                item.code,
                item.procedure,
                item.agency,
                item.officer or _("Chưa phân công"),
                due,
                state,
            ]
        )
    return table


def workload(query: StatsQuery, now: datetime | None = None) -> Table:
    table = Table(
        "khoi-luong-cong-viec",
        _("Khối lượng công việc của cán bộ"),
        [_("Cán bộ"), _("Đang giải quyết"), _("Trong đó quá hạn")],
    )
    for item in selectors.workload(query.scope, now):
        table.rows.append(
            [item.officer or _("Chưa phân công"), item.open, item.overdue]
        )
    return table


# --- Public progress page ---


def public_rows(query: StatsQuery, now: datetime | None = None) -> Table:
    """Per agency and field, aggregated only: no dossier, no person."""
    grouped = fig.grouped(query.period, ["agency", "field"], query.scope, now)
    grouped = {key: f for key, f in grouped.items() if has_activity(f)}
    agencies = selectors.names_of(Agency, {key[0] for key in grouped})
    fields = selectors.names_of(Field, {key[1] for key in grouped})
    columns = RANKING_COLUMNS
    table = Table(
        "cong-khai",
        _("Tiến độ giải quyết hồ sơ theo cơ quan và lĩnh vực"),
        [_("Cơ quan"), _("Lĩnh vực"), *_labels(columns)],
    )
    for (agency, field_id), figures in sorted(
        grouped.items(),
        key=lambda item: (agencies.get(item[0][0], ""), fields.get(item[0][1], "")),
    ):
        table.rows.append(
            [
                agencies.get(agency, ""),
                fields.get(field_id, ""),
                *(getattr(figures, n) for n in columns),
            ]
        )
    return table
