"""Open-data endpoints of the statistics: JSON, and CSV as its own operation
(`.../csv/`) so generated clients see one content type per operation. The old
`format=csv` still answers CSV but is deprecated and not in the schema (docs/api.md).

Public, read-only, aggregated: the same figures as the public progress page.
Query parameters are validated by the pages' form, so a bad value gets a 400 that
names the parameter.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Agency
from procedures.models import Field, Procedure
from stats import figures as fig
from stats import selectors, tables
from stats.api.renderers import CSVRenderer
from stats.api.serializers import (
    ByInputSerializer,
    StatsBreakdownSerializer,
    StatsFiguresSerializer,
    StatsMonthsSerializer,
    StatsReportSerializer,
)
from stats.query import StatsQuery, StatsQueryForm
from stats.tables import LEVEL_NAMES, Table

QUERY_PARAMETERS = [
    OpenApiParameter(
        "period",
        OpenApiTypes.STR,
        enum=["month", "quarter", "year", "range"],
        description="Kind of period (default: the current month).",
    ),
    OpenApiParameter(
        "year",
        {"type": "integer", "minimum": 2015, "maximum": 2100},
        description="Year.",
    ),
    OpenApiParameter(
        "month",
        {"type": "integer", "minimum": 1, "maximum": 12},
        description="Month (period=month).",
    ),
    OpenApiParameter(
        "quarter",
        {"type": "integer", "minimum": 1, "maximum": 4},
        description="Quarter (period=quarter).",
    ),
    OpenApiParameter("start", OpenApiTypes.DATE, description="First day (range)."),
    OpenApiParameter("end", OpenApiTypes.DATE, description="Last day (range)."),
    OpenApiParameter("agency", OpenApiTypes.UUID, description="Agency uuid."),
    OpenApiParameter(
        "include_units",
        OpenApiTypes.BOOL,
        description="With the units below the agency (default true).",
    ),
    OpenApiParameter(
        "level",
        OpenApiTypes.STR,
        enum=["province", "district", "commune"],
        description="Administrative level of the processing agency.",
    ),
    OpenApiParameter("field", OpenApiTypes.STR, description="Field slug."),
    OpenApiParameter("procedure", OpenApiTypes.STR, description="Procedure code."),
    # Deprecated: the CSV operations replace `format=csv` (docs/api.md).
    OpenApiParameter("format", exclude=True),
]
BY_PARAMETER = OpenApiParameter(
    "by",
    OpenApiTypes.STR,
    enum=["agency", "field", "level", "procedure"],
    description="Group by (default agency).",
)
TYPED_PARAMETERS = (
    "period", "year", "month", "quarter", "start", "end", "agency",
    "include_units", "level", "by", "format",
)  # fmt: skip
CSV_RESPONSE = OpenApiResponse(
    OpenApiTypes.STR, description="The same data as a table (CSV, UTF-8 with BOM)."
)


def json(serializer: type[serializers.Serializer[Any]]) -> dict[Any, Any]:
    """JSON only: the CSV of each endpoint is its own operation."""
    return {(200, "application/json"): serializer}


CSV_SCHEMA = extend_schema(
    tags=["stats"],
    parameters=QUERY_PARAMETERS,
    responses={(200, "text/csv"): CSV_RESPONSE},
)


class StatsApi(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list[type] = []
    renderer_classes = [JSONRenderer, CSVRenderer]

    def perform_content_negotiation(
        self, request: Request, force: bool = False
    ) -> tuple[BaseRenderer, str]:
        """An unknown `format` is a bad parameter (400), not a missing page."""
        try:
            return super().perform_content_negotiation(request, force)
        except Http404 as error:
            raise serializers.ValidationError(
                {"format": [str(_("Chỉ hỗ trợ json hoặc csv."))]}
            ) from error

    def query(self, request: Request) -> StatsQuery:
        form = StatsQueryForm(request.query_params)
        valid = form.is_valid()
        errors = {
            ("non_field_errors" if key == "__all__" else key): [str(e) for e in value]
            for key, value in form.errors.items()
        }
        # The pages' form ignores empty values; the schema types them, so "" is
        # not a date, a number, a uuid or one of a list (as PortalFilterSet).
        for name in TYPED_PARAMETERS:
            if request.query_params.get(name) == "":
                errors[name] = [str(_("Giá trị không được để trống."))]
        if errors or not valid:
            raise serializers.ValidationError(errors)
        return form.query()

    def answer(self, request: Request, data: dict[str, Any], table: Table) -> Response:
        if request.accepted_renderer.format == "csv":
            return Response({"columns": table.columns, "rows": table.rows})
        return Response(data)


def period_data(query: StatsQuery) -> dict[str, Any]:
    period = query.period
    return {
        "kind": period.kind,
        "start": period.start,
        "end": period.end,
        "label": period.label,
    }


def scope_data(query: StatsQuery) -> dict[str, Any]:
    return {
        "agency": query.agency.uuid if query.agency else None,
        "include_units": query.include_units,
        "level": query.level,
        "field": query.field.slug if query.field else "",
        "procedure": query.procedure.code if query.procedure else "",
    }


@extend_schema(tags=["stats"], parameters=QUERY_PARAMETERS,
               responses=json(StatsFiguresSerializer))  # fmt: skip
class StatsFiguresApi(StatsApi):
    """Every figure of a period: received, resolved early / on time / late, in
    progress, rates and the indicators of Decision 766."""

    def get(self, request: Request) -> Response:
        query = self.query(request)
        now = timezone.now()
        figures = fig.figures_for(query.period, query.scope, now)
        index = tables.index_indicators(query, figures, now)
        data = {
            "period": period_data(query),
            "scope": scope_data(query),
            "figures": figures.as_dict() | {"indicators": [i.as_dict() for i in index]},
        }
        return self.answer(request, data, tables.summary(query, now))


def _keys(by: str, ids: set[Any]) -> dict[Any, str]:
    """Public keys of groups: uuids, slugs and codes, never database ids."""
    if by == "agency":
        rows = Agency.objects.filter(pk__in=ids).values_list("pk", "uuid")
        return {pk: str(key) for pk, key in rows}
    if by == "field":
        return dict(Field.objects.filter(pk__in=ids).values_list("pk", "slug"))
    if by == "procedure":
        return dict(Procedure.objects.filter(pk__in=ids).values_list("pk", "code"))
    return {key: key for key in ids}


@extend_schema(tags=["stats"], parameters=[*QUERY_PARAMETERS, BY_PARAMETER],
               responses=json(StatsBreakdownSerializer))  # fmt: skip
class StatsBreakdownApi(StatsApi):
    """The figures of a period per agency, field, level or procedure."""

    def get(self, request: Request) -> Response:
        query = self.query(request)
        choice = ByInputSerializer(
            data={"by": request.query_params.get("by", "agency")}
        )
        choice.is_valid(raise_exception=True)
        by = choice.validated_data["by"]
        now = timezone.now()
        groups = {
            key[0]: figures
            for key, figures in fig.grouped(
                query.period, [by], query.scope, now
            ).items()
            if tables.has_activity(figures)
        }
        keys = _keys(by, set(groups))
        names = _names(by, set(groups))
        data = {
            "period": period_data(query),
            "scope": scope_data(query),
            "by": by,
            "groups": [
                {"key": keys.get(key, ""), "name": names.get(key, ""),
                 "figures": figures.as_dict()}
                for key, figures in sorted(groups.items(), key=lambda i: str(i[0]))
            ],
        }  # fmt: skip
        return self.answer(request, data, tables.breakdown(query, by, now))


def _names(by: str, ids: set[Any]) -> dict[Any, str]:
    if by == "level":
        return {key: str(LEVEL_NAMES.get(key, key)) for key in ids}
    model = {"agency": Agency, "field": Field, "procedure": Procedure}[by]
    return selectors.names_of(model, ids)


@extend_schema(tags=["stats"], parameters=QUERY_PARAMETERS,
               responses=json(StatsMonthsSerializer))  # fmt: skip
class StatsMonthsApi(StatsApi):
    """The twelve months up to the end of the period: flows and rates per month."""

    def get(self, request: Request) -> Response:
        query = self.query(request)
        now = timezone.now()
        span = fig.last_months(query.period.end)
        months = fig.monthly_with_stocks(span, query.scope, now)
        data = {
            "scope": scope_data(query),
            "months": [
                {"month": f"{month.start:%Y-%m}", "figures": figures.as_dict()}
                for month, figures in months
            ],
        }
        return self.answer(request, data, tables.months(query, now))


@extend_schema(tags=["stats"], parameters=QUERY_PARAMETERS,
               responses=json(StatsReportSerializer))  # fmt: skip
class StatsReportApi(StatsApi):
    """The periodic report of form II.06a: per field within each level."""

    def get(self, request: Request) -> Response:
        query = self.query(request)
        table = tables.report(query, timezone.now())
        data = {
            "period": period_data(query),
            "scope": scope_data(query),
            "columns": table.columns[2:],
            "rows": [
                {"number": str(row[0]), "name": str(row[1]), "columns": row[2:],
                 "total": index in table.strong}
                for index, row in enumerate(table.rows)
            ],
        }  # fmt: skip
        return self.answer(request, data, table)


class CsvMixin(APIView):
    """The CSV operation of a statistics endpoint: CSV whatever the Accept header
    says, and errors in the JSON envelope like every other error."""

    renderer_classes = [CSVRenderer]

    def perform_content_negotiation(
        self, request: Request, force: bool = False
    ) -> tuple[BaseRenderer, str]:
        return CSVRenderer(), CSVRenderer.media_type

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response


@CSV_SCHEMA
class StatsFiguresCsvApi(CsvMixin, StatsFiguresApi):
    """Every figure of a period as a table (CSV)."""


@extend_schema(tags=["stats"], parameters=[*QUERY_PARAMETERS, BY_PARAMETER],
               responses={(200, "text/csv"): CSV_RESPONSE})  # fmt: skip
class StatsBreakdownCsvApi(CsvMixin, StatsBreakdownApi):
    """The figures of a period per agency, field, level or procedure (CSV)."""


@CSV_SCHEMA
class StatsMonthsCsvApi(CsvMixin, StatsMonthsApi):
    """The twelve months up to the end of the period (CSV)."""


@CSV_SCHEMA
class StatsReportCsvApi(CsvMixin, StatsReportApi):
    """The periodic report of form II.06a (CSV)."""
