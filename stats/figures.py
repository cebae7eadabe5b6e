"""Every statistic of the portal, computed from the aggregate buckets.

The one module that turns counters into figures: the dashboards, the public page,
the API, the exports, the PDF report and the tests all call it. Definitions and
their legal sources are in docs/statistics.md; in short (DOMAIN.md §4.2, §4.3):

- received = carried over from before the period + newly received in it;
- resolved = early + on time + late; in progress = received - resolved, split into
  within time and overdue at the end of the period (at this moment for a period
  that has not ended yet);
- on-time rate = (early + on time) / resolved (form II.06a); indicator 2.1 also
  counts dossiers in progress: (early + on time + in progress within time) /
  (resolved + in progress);
- online rate = received online / newly received (indicator 3.3); digitisation rate
  = dossiers with digitised components and an electronic result / dossiers resolved
  with a result (4.2); satisfaction = satisfied ratings / ratings; indicator 5.4 =
  100% - the share of resolved dossiers late, rated "dislike" or with a feedback
  (each counted once);
- online payment (3.6): counted from payments by the indicator table, which passes
  `PaymentCounts`; the bucket figures alone leave it empty.

Cost: one grouped query over at most ~45 buckets per agency × procedure, plus an
index range over the open dossiers due later today; neither grows with the number
of dossiers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from stats.contributions import local_day
from stats.models import COUNTERS, StatsBucket, StatsDossier
from stats.periods import Period, Range, flow_cover, until

FLOW_COUNTERS = tuple(c for c in COUNTERS if c not in {"overdue_in", "overdue_out"})
# Grouping dimensions: the name used by callers → the bucket column.
DIMENSIONS = {
    "agency": "agency_id",
    "procedure": "procedure_id",
    "field": "field_id",
    "level": "level",
}
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Scope:
    """Which dossiers: agencies (None: all), level, field and procedure."""

    agency_ids: frozenset[int] | None = None
    level: str | None = None
    field_id: int | None = None
    procedure_id: int | None = None

    def q(self) -> Q:
        condition = Q()
        if self.agency_ids is not None:
            condition &= Q(agency_id__in=sorted(self.agency_ids))
        if self.level:
            condition &= Q(level=self.level)
        if self.field_id is not None:
            condition &= Q(field_id=self.field_id)
        if self.procedure_id is not None:
            condition &= Q(procedure_id=self.procedure_id)
        return condition


def rate(numerator: int, denominator: int) -> Decimal | None:
    """A percentage to two decimals; None when there is nothing to divide by."""
    if denominator <= 0:
        return None
    return (HUNDRED * numerator / denominator).quantize(CENT, ROUND_HALF_UP)


@dataclass
class Figures:
    """The figures of one period for one scope (or one group of a breakdown)."""

    received_online: int = 0
    received_counter: int = 0
    received_post: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    resolved_result: int = 0
    stopped: int = 0
    withdrawn: int = 0
    refused: int = 0
    withdrawn_unreceived: int = 0
    returned_incomplete: int = 0
    supplement_requests: int = 0
    late_notices: int = 0
    digitized: int = 0
    rated: int = 0
    satisfied: int = 0
    scored: int = 0
    score_points: int = 0
    received_eid: int = 0
    received_reused: int = 0
    files_received: int = 0
    files_reused: int = 0
    disliked: int = 0
    with_feedback: int = 0
    dissatisfied: int = 0
    carried_over: int = 0
    in_progress_overdue: int = 0

    @property
    def received_new(self) -> int:
        return self.received_online + self.received_counter + self.received_post

    @property
    def received(self) -> int:
        return self.carried_over + self.received_new

    @property
    def resolved(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def in_progress(self) -> int:
        return self.received - self.resolved

    @property
    def in_progress_on_time(self) -> int:
        return self.in_progress - self.in_progress_overdue

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.resolved_early + self.resolved_on_time, self.resolved)

    @property
    def late_rate(self) -> Decimal | None:
        return rate(self.resolved_late, self.resolved)

    @property
    def online_rate(self) -> Decimal | None:
        return rate(self.received_online, self.received_new)

    @property
    def online_payment_rate(self) -> None:
        """Not in the buckets: indicator 3.6 is counted from payments by the
        indicator table (docs/payments.md)."""
        return None

    @property
    def digitization_rate(self) -> Decimal | None:
        return rate(self.digitized, self.resolved_result)

    @property
    def eid_rate(self) -> Decimal | None:
        """Dossiers filed under a VNeID identity, of those newly received (4.5)."""
        return rate(self.received_eid, self.received_new)

    @property
    def reuse_rate(self) -> Decimal | None:
        """Dossiers with a paper from the data store, of those received (4.3)."""
        return rate(self.received_reused, self.received_new)

    @property
    def file_reuse_rate(self) -> Decimal | None:
        """Papers taken from the data store, of the papers of received dossiers."""
        return rate(self.files_reused, self.files_received)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return rate(self.satisfied, self.rated)

    @property
    def average_score(self) -> Decimal | None:
        """The mean §5.1 score of the scored ratings, out of 18."""
        if self.scored <= 0:
            return None
        return (Decimal(self.score_points) / self.scored).quantize(CENT, ROUND_HALF_UP)

    @property
    def all_withdrawn(self) -> int:
        return self.withdrawn + self.withdrawn_unreceived

    def add(self, other: Figures) -> None:
        for item in fields(self):
            name = item.name
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, Any]:
        """Every count and rate, for the API and the exports."""
        data: dict[str, Any] = {name: getattr(self, name) for name in FIGURE_NAMES}
        data["indicators"] = [item.as_dict() for item in indicators(self)]
        return data

    def form_columns(self) -> list[int]:
        """Columns 3 to 13 of form II.06a (DOMAIN.md §4.3)."""
        return [
            self.received,
            self.received_online,
            self.received_counter + self.received_post,
            self.carried_over,
            self.resolved,
            self.resolved_early,
            self.resolved_on_time,
            self.resolved_late,
            self.in_progress,
            self.in_progress_on_time,
            self.in_progress_overdue,
        ]


# Names and Vietnamese labels of the figures, in the order tables show them.
FIGURE_LABELS: dict[str, StrOrPromise] = {
    "received": _("Tổng số hồ sơ tiếp nhận"),
    "carried_over": _("Kỳ trước chuyển qua"),
    "received_new": _("Mới tiếp nhận"),
    "received_online": _("Tiếp nhận trực tuyến"),
    "received_counter": _("Tiếp nhận trực tiếp"),
    "received_post": _("Tiếp nhận qua bưu chính"),
    "resolved": _("Đã giải quyết"),
    "resolved_early": _("Trước hạn"),
    "resolved_on_time": _("Đúng hạn"),
    "resolved_late": _("Quá hạn"),
    "in_progress": _("Đang giải quyết"),
    "in_progress_on_time": _("Trong hạn"),
    "in_progress_overdue": _("Quá hạn (đang giải quyết)"),
    "supplement_requests": _("Yêu cầu bổ sung"),
    "late_notices": _("Xin lỗi, hẹn lại muộn (dưới một ngày làm việc)"),
    "returned_incomplete": _("Trả lại để bổ sung khi tiếp nhận"),
    "refused": _("Từ chối tiếp nhận"),
    "stopped": _("Dừng xử lý"),
    "all_withdrawn": _("Rút hồ sơ"),
    "on_time_rate": _("Tỷ lệ đúng hạn (%)"),
    "online_rate": _("Tỷ lệ trực tuyến (%)"),
    "online_payment_rate": _("Tỷ lệ thanh toán trực tuyến (%)"),
    "digitization_rate": _("Tỷ lệ số hóa (%)"),
    "satisfaction_rate": _("Tỷ lệ hài lòng (%)"),
    "reuse_rate": _("Tỷ lệ hồ sơ dùng lại giấy tờ trong kho dữ liệu (%)"),
    "file_reuse_rate": _("Tỷ lệ thành phần lấy từ kho dữ liệu (%)"),
    "eid_rate": _("Tỷ lệ hồ sơ nộp bằng tài khoản VNeID (%)"),
    "average_score": _("Điểm hài lòng bình quân (9 tiêu chí, tối đa 18)"),
}
FIGURE_NAMES = (
    *FIGURE_LABELS,
    "withdrawn",
    "withdrawn_unreceived",
    "resolved_result",
    "digitized",
    "rated",
    "satisfied",
    "scored",
    "score_points",
    "late_rate",
    "received_eid",
    "received_reused",
    "files_received",
    "files_reused",
    "disliked",
    "with_feedback",
    "dissatisfied",
)
FORM_COLUMNS: tuple[StrOrPromise, ...] = (
    _("Tổng số"),
    _("Trực tuyến"),
    _("Trực tiếp và bưu chính"),
    _("Kỳ trước chuyển qua"),
    _("Tổng số đã giải quyết"),
    _("Trước hạn"),
    _("Đúng hạn"),
    _("Quá hạn"),
    _("Tổng số đang giải quyết"),
    _("Trong hạn"),
    _("Quá hạn"),
)


# --- The index of Decision 766/QĐ-TTg (DOMAIN.md §4.2) ---


@dataclass(frozen=True)
class Indicator:
    code: str
    name: StrOrPromise
    numerator: int | None
    denominator: int | None
    rate: Decimal | None
    # The rate at which the indicator earns all its points (attainment = 100%).
    threshold: Decimal
    max_points: Decimal | None
    note: StrOrPromise = ""

    @property
    def attainment(self) -> Decimal | None:
        """Share of the indicator's points earned, in percent."""
        if self.rate is None:
            return None
        return min(HUNDRED, HUNDRED * self.rate / self.threshold).quantize(
            CENT, ROUND_HALF_UP
        )

    @property
    def points(self) -> Decimal | None:
        if self.attainment is None or self.max_points is None:
            return None
        return (self.max_points * self.attainment / HUNDRED).quantize(
            CENT, ROUND_HALF_UP
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": str(self.name),
            "numerator": self.numerator,
            "denominator": self.denominator,
            "rate": self.rate,
            "threshold": self.threshold,
            "attainment": self.attainment,
            "max_points": self.max_points,
            "points": self.points,
            "note": str(self.note),
        }


@dataclass(frozen=True)
class PaymentCounts:
    """Indicator 3.6 counted from payments (stats.online_payment)."""

    fee_dossiers: int
    paid_online_dossiers: int


def indicators(
    figures: Figures, payments: PaymentCounts | None = None
) -> list[Indicator]:
    """The indicators of the index that the portal's own data can compute."""
    return [
        _indicator_2_1(figures),
        _indicator_3_3(figures),
        _indicator_3_6(payments),
        _indicator_4_2(figures),
        _indicator_4_3(figures),
        _indicator_5_4(figures),
    ]


def _indicator_3_6(payments: PaymentCounts | None) -> Indicator:
    name = _("Hồ sơ thanh toán trực tuyến")
    if payments is None:
        note = _("Chưa có số liệu: cổng chưa có chức năng thanh toán.")
        return Indicator("3.6", name, None, None, None, HUNDRED, None, note)
    dossiers = (payments.paid_online_dossiers, payments.fee_dossiers)
    return Indicator(
        "3.6",
        name,
        *dossiers,
        rate(*dossiers),
        HUNDRED,
        None,
        _("Nền tảng thanh toán quốc gia (1) hoặc cổng thanh toán của tỉnh (2)."),
    )


def _indicator_2_1(f: Figures) -> Indicator:
    numerator = f.resolved_early + f.resolved_on_time + f.in_progress_on_time
    denominator = f.resolved + f.in_progress
    return Indicator(
        "2.1",
        _("Tiến độ giải quyết: hồ sơ trước hạn, đúng hạn"),
        numerator,
        denominator,
        rate(numerator, denominator),
        HUNDRED,
        Decimal(20),
        _("Thang điểm tuyến tính (cách chấm điểm chính thức chưa được xác nhận)."),
    )


def _indicator_3_3(f: Figures) -> Indicator:
    return Indicator(
        "3.3",
        _("Hồ sơ tiếp nhận trực tuyến"),
        f.received_online,
        f.received_new,
        f.online_rate,
        Decimal(50),
        None,
        _("Đạt đủ điểm khi từ 50% trở lên; điểm tối đa chưa được xác nhận."),
    )


def _indicator_4_2(f: Figures) -> Indicator:
    return Indicator(
        "4.2",
        _("Hồ sơ được số hóa thành phần và kết quả"),
        f.digitized,
        f.resolved_result,
        f.digitization_rate,
        Decimal(80),
        None,
        _("Đạt đủ điểm khi từ 80% trở lên; điểm tối đa chưa được xác nhận."),
    )


def _indicator_4_3(f: Figures) -> Indicator:
    return Indicator(
        "4.3",
        _("Tái sử dụng dữ liệu số hóa"),
        f.received_reused,
        f.received_new,
        f.reuse_rate,
        Decimal(80),
        None,
        _(
            "Hồ sơ có ít nhất một thành phần lấy từ kho dữ liệu điện tử; đạt đủ điểm "
            "khi từ 80%% trở lên. Thành phần lấy từ kho: %(files)s/%(total)s."
        )
        % {"files": f.files_reused, "total": f.files_received},
    )


def _indicator_5_4(f: Figures) -> Indicator:
    """100% − the resolved dossiers late, rated "dislike" or with a feedback
    (PAKN), each dossier counted once whatever its reasons (docs/statistics.md)."""
    satisfying = f.resolved - f.dissatisfied
    return Indicator(
        "5.4",
        _("Mức độ hài lòng trong giải quyết TTHC"),
        satisfying,
        f.resolved,
        rate(satisfying, f.resolved),
        Decimal(90),
        Decimal(6),
        _(
            "Trừ hồ sơ quá hạn, bị đánh giá không hài lòng hoặc có phản ánh, kiến "
            "nghị (mỗi hồ sơ trừ một lần): quá hạn %(late)s, không hài lòng "
            "%(disliked)s, có phản ánh %(feedback)s; đạt đủ điểm khi từ 90%% trở lên."
        )
        % {
            "late": f.resolved_late,
            "disliked": f.disliked,
            "feedback": f.with_feedback,
        },
    )


# --- Computing ---


@dataclass
class Request:
    period: Period
    scope: Scope = field(default_factory=Scope)
    group_by: Sequence[str] = ()
    now: datetime | None = None


def compute(request: Request) -> dict[tuple[Any, ...], Figures]:
    """Figures of the period per group (one entry keyed () when not grouped).

    One SQL statement: each bucket row is classed once as a flow of the period,
    before the period (the carried-over stock) or up to its end (the overdue
    stock), then summed per group. Written by hand: the ORM spends far longer
    building twenty filtered sums than the database spends computing them.
    """
    now = request.now or timezone.now()
    today = local_day(now)
    period = request.period
    columns = [DIMENSIONS[name] for name in request.group_by]
    flows, flow_params = ranges_sql(flow_cover(period.start, period.end, today))
    before, before_params = ranges_sql(until(period.start - timedelta(days=1)))
    end, end_params = ranges_sql(until(min(period.end, today)))
    scope, scope_params = scope_sql(request.scope)
    sums = [f"SUM({name}) FILTER (WHERE f)" for name in FLOW_COUNTERS] + [
        "SUM(received_online + received_counter + received_post) FILTER (WHERE b)",
        "SUM(resolved_early + resolved_on_time + resolved_late) FILTER (WHERE b)",
        "SUM(overdue_in) FILTER (WHERE e)",
        "SUM(overdue_out) FILTER (WHERE e)",
    ]
    group = ", ".join(columns)
    sql = (
        f"SELECT {group + ', ' if group else ''}{', '.join(sums)} "  # noqa: S608
        f"FROM (SELECT *, ({flows}) AS f, ({before}) AS b, ({end}) AS e "
        f"FROM {StatsBucket._meta.db_table} WHERE {scope}) AS t "
        "WHERE f OR b OR e" + (f" GROUP BY {group}" if group else "")
    )
    params = [*flow_params, *before_params, *end_params, *scope_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    width = len(columns)
    result = {tuple(row[:width]): _figures(row[width:]) for row in rows}
    if not columns and not result:
        result = {(): Figures()}
    if period.end >= today:
        _not_yet_overdue(result, request, columns, now)
    return result


def ranges_sql(ranges: list[Range]) -> tuple[str, list[Any]]:
    if not ranges:
        return "FALSE", []
    parts = ["(grain = %s AND start BETWEEN %s AND %s)"] * len(ranges)
    return " OR ".join(parts), [value for item in ranges for value in item]


def scope_sql(scope: Scope) -> tuple[str, list[Any]]:
    conditions: list[str] = ["TRUE"]
    params: list[Any] = []
    if scope.agency_ids is not None:
        ids = sorted(scope.agency_ids) or [0]
        conditions.append(f"agency_id IN ({', '.join(['%s'] * len(ids))})")
        params += ids
    for column, value in (
        ("level", scope.level or None),
        ("field_id", scope.field_id),
        ("procedure_id", scope.procedure_id),
    ):
        if value is not None:
            conditions.append(f"{column} = %s")
            params.append(value)
    return " AND ".join(conditions), params


def _figures(sums: Sequence[int | None]) -> Figures:
    values = [value or 0 for value in sums]
    figures = Figures(**dict(zip(FLOW_COUNTERS, values, strict=False)))
    received_before, resolved_before, overdue_in, overdue_out = values[-4:]
    figures.carried_over = received_before - resolved_before
    figures.in_progress_overdue = overdue_in - overdue_out
    return figures


def _not_yet_overdue(
    result: dict[tuple[Any, ...], Figures],
    request: Request,
    columns: list[str],
    now: datetime,
) -> None:
    """Today's buckets count dossiers falling due later today as overdue already;
    at this moment they are not (an index range over today's deadlines only)."""
    tomorrow = local_day(now) + timedelta(days=1)
    end_of_today = datetime.combine(
        tomorrow, time.min, tzinfo=timezone.get_default_timezone()
    )
    pending = StatsDossier.objects.filter(request.scope.q()).filter(
        is_open=True, overdue_from__gt=now, overdue_from__lt=end_of_today
    )
    if not columns:
        if () in result:
            result[()].in_progress_overdue -= pending.count()
        return
    for row in pending.values(*columns).annotate(n=Count("pk")).order_by():
        key = tuple(row[c] for c in columns)
        if key in result:
            result[key].in_progress_overdue -= row["n"]


def figures_for(
    period: Period, scope: Scope | None = None, now: datetime | None = None
) -> Figures:
    """The figures of one period and scope."""
    result = compute(Request(period, scope or Scope(), now=now))
    return result.get((), Figures())


def total(groups: Iterable[Figures]) -> Figures:
    figures = Figures()
    for group in groups:
        figures.add(group)
    return figures


def monthly(
    period: Period, scope: Scope | None = None, now: datetime | None = None
) -> list[tuple[Period, Figures]]:
    """Flows of each month of the period (trend charts): received, resolved, rates."""
    today = local_day(now or timezone.now())
    months = [month for month in period.months() if month.start <= today]
    if not months:
        return []
    where, params = scope_sql(scope or Scope())
    sums = ", ".join(f"SUM({name})" for name in FLOW_COUNTERS)
    sql = (
        f"SELECT start, {sums} FROM {StatsBucket._meta.db_table} "  # noqa: S608
        f"WHERE {where} AND grain = 'm' AND start BETWEEN %s AND %s GROUP BY start"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, months[0].start, months[-1].start])
        rows = cursor.fetchall()
    by_month = {
        _as_date(row[0]): Figures(**dict(zip(FLOW_COUNTERS, row[1:], strict=True)))
        for row in rows
    }
    return [(month, by_month.get(month.start, Figures())) for month in months]


def monthly_with_stocks(
    period: Period, scope: Scope | None = None, now: datetime | None = None
) -> list[tuple[Period, Figures]]:
    """Every figure of each month, stocks included (one query per month)."""
    today = local_day(now or timezone.now())
    return [
        (month, figures_for(month, scope, now))
        for month in period.months()
        if month.start <= today
    ]


def _as_date(value: date | str) -> date:
    """SQLite returns dates as text."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def last_months(today: date, count: int = 12) -> Period:
    """The `count` months up to the current one."""
    first = today.replace(day=1)
    for _step in range(count - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return Period(first, Period.month(today.year, today.month).end)


def grouped(
    period: Period,
    group_by: Sequence[str],
    scope: Scope | None = None,
    now: datetime | None = None,
) -> dict[tuple[Any, ...], Figures]:
    return compute(Request(period, scope or Scope(), group_by, now))
