"""Statistics pages: the leader's dashboard, the province's, the public progress page,
the periodic report, and the exports of every table. Thin: the numbers come from
stats.tables (which asks stats.figures)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import permissions
from core.public_cache import CATALOGUE, STATISTICS, public_page
from stats import charts, exports, selectors, tables
from stats.query import StatsQuery, StatsQueryForm, restrict
from stats.tables import Table

DASHBOARD_TABLES = ("theo-linh-vuc", "theo-cap")


def _form(
    request: HttpRequest, agencies: Any
) -> tuple[StatsQueryForm, StatsQuery | None]:
    today = timezone.localdate()
    defaults = {"period": "month", "year": today.year, "month": today.month}
    form = StatsQueryForm(request.GET or defaults, agencies=agencies)
    if not form.is_valid():
        return form, None
    return form, form.query()


def _leader_query(request: HttpRequest) -> tuple[StatsQueryForm, StatsQuery | None]:
    if not permissions.may_see_dashboard(request.user):
        raise PermissionDenied
    form, query = _form(request, selectors.agencies_for(request.user))
    if query is not None:
        query = restrict(query, selectors.allowed_agency_ids(request.user))
    return form, query


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The leader's dashboard: this month, quarter and year, trends, breakdowns,
    overdue dossiers and officers' workload."""
    form, query = _leader_query(request)
    context: dict[str, Any] = {"form": form, "query": query}
    if query is not None:
        now = timezone.now()
        months = tables.months(query, now)
        by_field = tables.breakdown(query, "field", now)
        context |= {
            "cards": tables.overview(query, now),
            "months": months,
            "months_chart": _months_chart(months),
            "by_field": by_field,
            "field_chart": _rate_chart("chart-fields", by_field),
            "by_level": tables.breakdown(query, "level", now),
            "overdue": tables.overdue(query, now),
            "workload": tables.workload(query, now),
            "querystring": query.querystring(),
            "export_view": "stats:unit_export",
        }
    return render(request, "stats/dashboard.html", context)


@login_required
@require_GET
def province(request: HttpRequest) -> HttpResponse:
    """All agencies ranked, by level (the province's leadership)."""
    if not permissions.may_see_province(request.user):
        raise PermissionDenied
    form, query = _form(request, selectors.public_agencies())
    context: dict[str, Any] = {"form": form, "query": query}
    if query is not None:
        now = timezone.now()
        rankings = tables.ranking(query, now)
        context |= {
            "summary": tables.summary(query, now),
            "rankings": [
                (table, _rate_chart(f"chart-{table.slug}", table, column=-1))
                for table in rankings
            ],
            "querystring": query.querystring(),
        }
    return render(request, "stats/province.html", context)


@require_GET
@public_page(STATISTICS, CATALOGUE)
def public(request: HttpRequest) -> HttpResponse:
    """Công khai tiến độ giải quyết hồ sơ: aggregated figures, no personal data."""
    form, query = _form(request, selectors.public_agencies())
    context: dict[str, Any] = {"form": form, "query": query}
    if query is not None:
        now = timezone.now()
        by_agency = tables.breakdown(query, "agency", now)
        context |= {
            "summary": tables.summary(query, now),
            "by_agency": by_agency,
            "agency_chart": _rate_chart("chart-agencies", by_agency),
            "by_field": tables.breakdown(query, "field", now),
            "agency_index": tables.agency_index(query, now),
            "rows": tables.public_rows(query, now),
            "querystring": query.querystring(),
        }
    return render(request, "stats/public.html", context)


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """The periodic report of form II.06a, the figures and the index."""
    form, query = _leader_query(request)
    context: dict[str, Any] = {"form": form, "query": query}
    if query is not None:
        context |= _report_context(query)
    return render(request, "stats/report.html", context)


@login_required
@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    form, query = _leader_query(request)
    if query is None:
        return render(request, "stats/report.html", {"form": form}, status=400)
    content = exports.report_pdf(_report_context(query))
    response = HttpResponse(content, content_type="application/pdf")
    name = f"bao-cao-thong-ke-{query.period.slug}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _report_context(query: StatsQuery) -> dict[str, Any]:
    now = timezone.now()
    return {
        "query": query,
        "report": tables.report(query, now),
        "months": tables.months(query, now),
        "summary": tables.summary(query, now),
        "indicators": tables.indicators(query, now),
        "feedback": tables.feedback_table(query, now),
        "querystring": query.querystring(),
        "export_view": "stats:unit_export",
    }


# --- Exports ---

Builder = Callable[[StatsQuery, Any], list[Table]]
PUBLIC_TABLES: dict[str, Builder] = {
    "tong-hop": lambda q, now: [tables.summary(q, now)],
    "theo-thang": lambda q, now: [tables.months(q, now)],
    "theo-linh-vuc": lambda q, now: [tables.breakdown(q, "field", now)],
    "theo-cap": lambda q, now: [tables.breakdown(q, "level", now)],
    "theo-co-quan": lambda q, now: [tables.breakdown(q, "agency", now)],
    "theo-thu-tuc": lambda q, now: [tables.breakdown(q, "procedure", now)],
    "bieu-ii06a": lambda q, now: [tables.report(q, now)],
    "chi-so-766": lambda q, now: [tables.indicators(q, now)],
    "chi-so-766-co-quan": lambda q, now: [tables.agency_index(q, now)],
    "cong-khai": lambda q, now: [tables.public_rows(q, now)],
}
# The tables of the dashboard and the report, for the agencies the user sees.
UNIT_TABLES: dict[str, Builder] = {
    **{
        slug: PUBLIC_TABLES[slug]
        for slug in (
            "tong-hop",
            "theo-thang",
            "theo-linh-vuc",
            "theo-cap",
            "bieu-ii06a",
            "chi-so-766",
        )
    },
    "phan-anh-kien-nghi": lambda q, now: [tables.feedback_table(q, now)],
    "qua-han-sap-den-han": lambda q, now: [tables.overdue(q, now)],
    "khoi-luong-cong-viec": lambda q, now: [tables.workload(q, now)],
}
PROVINCE_TABLES: dict[str, Builder] = {"xep-hang": tables.ranking}


@login_required
@require_GET
def unit_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """A table of the dashboard or the report as CSV or XLSX: the agencies the user
    sees, with the page's filters, exactly as the page shows it."""
    if fmt not in exports.FORMATS or slug not in UNIT_TABLES:
        raise Http404
    form, query = _leader_query(request)
    return _export_response(form, query, UNIT_TABLES[slug], slug, fmt)


@require_GET
def export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """A table of the public or the province's page as CSV or XLSX, for the same
    question as the page it is on."""
    if fmt not in exports.FORMATS:
        raise Http404
    if slug in PROVINCE_TABLES:
        if not permissions.may_see_province(request.user):
            raise PermissionDenied
        form, query = _form(request, selectors.public_agencies())
        builder = PROVINCE_TABLES[slug]
    elif slug in PUBLIC_TABLES:
        form, query = _form(request, selectors.public_agencies())
        builder = PUBLIC_TABLES[slug]
    else:
        raise Http404
    return _export_response(form, query, builder, slug, fmt)


def _export_response(
    form: StatsQueryForm,
    query: StatsQuery | None,
    builder: Builder,
    slug: str,
    fmt: str,
) -> HttpResponse:
    if query is None:
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return HttpResponse(
            errors, status=400, content_type="text/plain; charset=utf-8"
        )
    built = builder(query, timezone.now())
    content = exports.export(built, fmt, built[0].title if built else slug)
    response = HttpResponse(content, content_type=exports.FORMATS[fmt])
    name = f"{slug}-{query.period.slug}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Charts from tables ---


def _months_chart(table: Table) -> Any:
    categories = [str(row[0]) for row in table.rows]
    series = [
        charts.Series(_("Trước hạn"), [int(row[3] or 0) for row in table.rows]),
        charts.Series(_("Đúng hạn"), [int(row[4] or 0) for row in table.rows]),
        charts.Series(_("Quá hạn"), [int(row[5] or 0) for row in table.rows]),
    ]
    return charts.stacked_bars(
        "chart-months",
        _("Hồ sơ đã giải quyết theo tháng (số hồ sơ)"),
        _("Cột chồng: trước hạn (xanh dương, tô đặc), đúng hạn (xanh lục, gạch "
          "chéo), quá hạn (đỏ cam, chấm); số trên cột là tổng số đã giải quyết. "
          "Số liệu chi tiết ở bảng bên dưới."),
        categories,
        series,
    )  # fmt: skip


def _rate_chart(chart_id: str, table: Table, column: int = 9) -> Any:
    """Bars of a rate column of a table (the on-time rate of a breakdown, the
    indicator 2.1 of a ranking), one per row but the totals."""
    name_at = 1 if table.columns[0] == _("Hạng") else 0
    items: list[tuple[str, Decimal | None]] = []
    for index, row in enumerate(table.rows):
        value = row[column]
        if index not in table.strong:
            rate = value if isinstance(value, Decimal) else None
            items.append((str(row[name_at]), rate))
    title = (
        _("Chỉ số 2.1: hồ sơ trước hạn, đúng hạn (%)")
        if column == -1
        else _("Tỷ lệ giải quyết đúng hạn (%)")
    )
    return charts.rate_bars(
        chart_id,
        title,
        _("Mỗi thanh là một tỷ lệ phần trăm; giá trị ghi ở cuối thanh, "
          "số liệu đầy đủ ở bảng bên dưới."),
        items,
    )  # fmt: skip
