from __future__ import annotations

from rest_framework import serializers

from national.forms import STATE_CHOICES
from national.models import CatalogueRun, NationalSync


class NationalSyncSerializer(serializers.ModelSerializer[NationalSync]):
    dossier_code = serializers.CharField(source="dossier.code")
    action = serializers.CharField(source="event.action")
    blocked = serializers.BooleanField(
        help_text="Pending behind an earlier event that failed or was rejected."
    )

    class Meta:
        model = NationalSync
        fields = [
            "uuid",
            "dossier_code",
            "sequence",
            "action",
            "national_status",
            "status",
            "attempts",
            "last_error",
            "blocked",
            "created_at",
            "synced_at",
        ]


class NationalSyncListInputSerializer(serializers.Serializer[object]):
    state = serializers.ChoiceField(
        choices=[value for value, _label in STATE_CHOICES if value], required=False
    )
    since = serializers.DateField(
        required=False,
        help_text="With state synced or all: events from this day (default: "
        "1 January).",
    )


class NationalSummaryInputSerializer(serializers.Serializer[object]):
    since = serializers.DateField(
        required=False, help_text="Start of the period (default: 1 January)."
    )


class NationalSummarySerializer(serializers.Serializer[object]):
    since = serializers.DateField()
    unsynced = serializers.IntegerField()
    synced = serializers.IntegerField()
    failed = serializers.IntegerField()
    rejected = serializers.IntegerField()
    dossiers = serializers.IntegerField()
    dossiers_synced = serializers.IntegerField()
    share_synced = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        allow_null=True,
        help_text="Indicator 1.4 of Decision 766, in percent.",
    )


class CatalogueRunSerializer(serializers.ModelSerializer[CatalogueRun]):
    changed = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField())
    )
    created_codes = serializers.ListField(child=serializers.CharField())
    withdrawn_codes = serializers.ListField(child=serializers.CharField())
    rejected = serializers.ListField(child=serializers.CharField())
    warnings = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = CatalogueRun
        fields = [
            "uuid",
            "source",
            "outcome",
            "started_at",
            "finished_at",
            "rows",
            "created_codes",
            "changed",
            "withdrawn_codes",
            "unchanged",
            "rejected",
            "warnings",
            "error",
        ]
