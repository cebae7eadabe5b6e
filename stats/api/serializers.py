"""Open data: aggregated figures only (no dossier, no person)."""

from typing import Any

from rest_framework import serializers

from stats.figures import FIGURE_NAMES


class IndicatorSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="Indicator of Decision 766/QĐ-TTg.")
    name = serializers.CharField()
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)
    rate = serializers.FloatField(allow_null=True, help_text="Percent, 2 decimals.")
    threshold = serializers.FloatField(
        help_text="Rate (%) from which the indicator earns all its points."
    )
    attainment = serializers.FloatField(
        allow_null=True, help_text="Share of the indicator's points earned (%)."
    )
    max_points = serializers.FloatField(allow_null=True)
    points = serializers.FloatField(allow_null=True)
    note = serializers.CharField()


_RATES = {name for name in FIGURE_NAMES if name.endswith("_rate")}


def _figure_fields() -> dict[str, serializers.Field[Any, Any, Any, Any]]:
    fields: dict[str, serializers.Field[Any, Any, Any, Any]] = {}
    for name in FIGURE_NAMES:
        if name in _RATES:
            fields[name] = serializers.FloatField(
                allow_null=True, help_text="Percent, 2 decimals; null when undefined."
            )
        elif name == "average_score":
            fields[name] = serializers.FloatField(
                allow_null=True,
                help_text="Mean score of the nine rating criteria (0-18), 2 "
                "decimals; null when no rating was scored.",
            )
        else:
            fields[name] = serializers.IntegerField()
    fields["indicators"] = IndicatorSerializer(many=True)
    return fields


FiguresSerializer = type(
    "FiguresSerializer",
    (serializers.Serializer,),
    {
        **_figure_fields(),
        "__doc__": "Counts and rates of a period (definitions: docs/statistics.md).",
    },
)


class PeriodSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=["month", "quarter", "year", "range"])
    start = serializers.DateField()
    end = serializers.DateField()
    label = serializers.CharField()  # type: ignore[assignment]


class ScopeSerializer(serializers.Serializer[Any]):
    agency = serializers.UUIDField(allow_null=True)
    include_units = serializers.BooleanField()
    level = serializers.CharField(allow_blank=True)
    field = serializers.CharField(allow_blank=True)
    procedure = serializers.CharField(allow_blank=True)


class StatsFiguresSerializer(serializers.Serializer[Any]):
    period = PeriodSerializer()
    scope = ScopeSerializer()
    figures = FiguresSerializer()


class GroupSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(
        help_text="Agency uuid, field slug, level or procedure code."
    )
    name = serializers.CharField()
    figures = FiguresSerializer()


class StatsBreakdownSerializer(serializers.Serializer[Any]):
    period = PeriodSerializer()
    scope = ScopeSerializer()
    by = serializers.CharField()
    groups = GroupSerializer(many=True)


class MonthSerializer(serializers.Serializer[Any]):
    month = serializers.CharField(help_text="YYYY-MM")
    figures = FiguresSerializer()


class StatsMonthsSerializer(serializers.Serializer[Any]):
    scope = ScopeSerializer()
    months = MonthSerializer(many=True)


class ReportRowSerializer(serializers.Serializer[Any]):
    number = serializers.CharField(allow_blank=True)
    name = serializers.CharField()
    columns = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Columns 3 to 13 of form II.06a.",
    )
    total = serializers.BooleanField(help_text="A level subtotal or the total.")


class StatsReportSerializer(serializers.Serializer[Any]):
    period = PeriodSerializer()
    scope = ScopeSerializer()
    columns = serializers.ListField(child=serializers.CharField())
    rows = ReportRowSerializer(many=True)


class ByInputSerializer(serializers.Serializer[Any]):
    by = serializers.ChoiceField(
        choices=["agency", "field", "level", "procedure"], default="agency"
    )
