from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from core.api import OptionalEmailField
from datastore.api.serializers import StoredDocumentSerializer
from dossiers.display import SENTENCES, TimelineEntry
from dossiers.models import (
    DeliveryMethod,
    Dossier,
    DossierEvent,
    DossierFile,
    DossierStep,
)
from dossiers.workflow import ACTIONS, TRANSITIONS, DossierStatus, Kind


class DossierSerializer(serializers.ModelSerializer[Dossier]):
    """A dossier in lists."""

    procedure = serializers.CharField(source="procedure.code", read_only=True)
    procedure_name = serializers.CharField(source="procedure.name", read_only=True)
    processing_agency = serializers.CharField(source="processing_agency.name")
    receiving_agency = serializers.CharField(source="receiving_agency.name")
    national_status = serializers.IntegerField(
        read_only=True,
        min_value=1,
        max_value=10,
        help_text="The national portal's status code (1–10) for this status.",
    )
    national_status_name = serializers.CharField(read_only=True)
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = Dossier
        fields = [
            "id",
            "code",
            "procedure",
            "procedure_name",
            "status",
            "national_status",
            "national_status_name",
            "channel",
            "applicant_name",
            "receiving_agency",
            "processing_agency",
            "submitted_at",
            "received_at",
            "due_at",
            "resolved_at",
            "returned_at",
        ]


# Every action a history line can record: the workflow's actions, the creation of
# a draft and the payments' lines (one sentence each in dossiers.display).
EVENT_ACTIONS = sorted(SENTENCES)


class DossierEventSerializer(serializers.ModelSerializer[DossierEvent]):
    action = serializers.ChoiceField(choices=EVENT_ACTIONS, read_only=True)
    from_status = serializers.ChoiceField(
        choices=DossierStatus.choices,
        allow_blank=True,
        read_only=True,
        help_text="Empty for the line that created the dossier.",
    )
    to_status = serializers.ChoiceField(choices=DossierStatus.choices, read_only=True)

    class Meta:
        model = DossierEvent
        fields = [
            "action",
            "from_status",
            "to_status",
            "actor_name",
            "at",
            "note",
            "form_code",
        ]


class DossierFileSerializer(serializers.ModelSerializer[DossierFile]):
    component = serializers.IntegerField(
        source="component.position", read_only=True, allow_null=True
    )

    class Meta:
        model = DossierFile
        fields = [
            "id",
            "kind",
            "component",
            "form_code",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "is_digitized",
            "is_reused",
            "uploaded_at",
        ]


class DossierStepSerializer(serializers.ModelSerializer[DossierStep]):
    agency = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = DossierStep
        fields = [
            "position",
            "name",
            "role",
            "agency",
            "budget_hours",
            "started_at",
            "due_at",
            "finished_at",
            "outcome",
        ]


# What the applicant's page shows about their own dossier, and nothing more.
APPLICANT_FIELDS = [
    *DossierSerializer.Meta.fields,
    "applicant_kind",
    "applicant_id_number",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "delivery_method",
    "delivery_address",
    "note",
    "apologized_at",
    "supplement_requests",
    "filed_with_eid",
    "eid_level",
]


class TimelineEntrySerializer(serializers.Serializer[TimelineEntry]):
    """A history line as the applicant's page shows it: no staff names, and only
    the notes addressed to the applicant."""

    position = serializers.IntegerField()
    at = serializers.DateTimeField()
    sentence = serializers.CharField()
    note = serializers.CharField()
    form_code = serializers.CharField()


class DossierForApplicantSerializer(DossierSerializer):
    """The applicant's dossier, built by `detail_context` of the page from the
    same selectors: visible files and the applicant's timeline."""

    audience = serializers.SerializerMethodField(
        help_text="Whose view of the dossier this is: tells the two shapes apart."
    )
    applicant_email = OptionalEmailField()
    allowed_actions = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()

    class Meta(DossierSerializer.Meta):
        fields = [
            "audience",
            *APPLICANT_FIELDS,
            "allowed_actions",
            "timeline",
            "files",
        ]

    @extend_schema_field({"type": "string", "enum": ["applicant"]})
    def get_audience(self, dossier: Dossier) -> str:
        return "applicant"

    def get_allowed_actions(self, dossier: Dossier) -> list[str]:
        return self.context["allowed_actions"]

    @extend_schema_field(TimelineEntrySerializer(many=True))
    def get_timeline(self, dossier: Dossier) -> Any:
        return TimelineEntrySerializer(self.context["timeline"], many=True).data

    @extend_schema_field(DossierFileSerializer(many=True))
    def get_files(self, dossier: Dossier) -> Any:
        return DossierFileSerializer(self.context["files"], many=True).data


class DossierForStaffSerializer(DossierForApplicantSerializer):
    """Staff in scope: the whole history with names and internal notes, every file
    (the unsigned result included), the steps and the assignee."""

    events = DossierEventSerializer(many=True, read_only=True)
    steps = DossierStepSerializer(many=True, read_only=True)
    assignee = serializers.CharField(
        source="assignee.username", read_only=True, allow_null=True, default=None
    )

    class Meta(DossierSerializer.Meta):
        fields = [
            "audience",
            *APPLICANT_FIELDS,
            "legal_due_at",
            "assignee",
            "allowed_actions",
            "files",
            "events",
            "steps",
        ]

    @extend_schema_field({"type": "string", "enum": ["staff"]})
    def get_audience(self, dossier: Dossier) -> str:
        return "staff"


# One of two shapes, told apart by `audience` (a staff answer has every field of an
# applicant's, so without it a strict validator finds both shapes match).
DossierDetailSerializer = PolymorphicProxySerializer(
    component_name="DossierDetail",
    serializers={
        "applicant": DossierForApplicantSerializer,
        "staff": DossierForStaffSerializer,
    },
    resource_type_field_name="audience",
)


class DossierCreateInputSerializer(serializers.Serializer[None]):
    procedure = serializers.CharField(max_length=40, help_text="Procedure code.")
    processing_agency = serializers.UUIDField(
        help_text="Id of the agency that resolves the dossier (from /api/v1/agencies/)."
    )
    delivery_method = serializers.ChoiceField(
        choices=DeliveryMethod.choices, default=DeliveryMethod.COUNTER
    )
    delivery_address = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )


@extend_schema_field(
    {"type": "string", "description": "YYYY-MM-DD or an ISO 8601 date and time."}
)
class MomentField(serializers.Field):
    """A date and time, or a date alone (the end of that working day)."""

    default_error_messages = {
        "invalid": _("Cần ngày (YYYY-MM-DD) hoặc ngày giờ (ISO 8601)."),
    }

    def to_internal_value(self, data: Any) -> date | datetime:
        text = str(data).strip()
        try:
            return (
                datetime.fromisoformat(text)
                if "T" in text
                else date.fromisoformat(text)
            )
        except ValueError:
            self.fail("invalid")

    def to_representation(self, value: Any) -> str:
        return value.isoformat()


class TransitionInputSerializer(serializers.Serializer[None]):
    """An action and the inputs its transition declares (dossiers.workflow): a
    missing required input or one the action does not take is a field error."""

    action = serializers.ChoiceField(choices=ACTIONS)
    note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, help_text="Note or reason."
    )
    assignee = serializers.CharField(
        max_length=150, required=False, help_text="Username of the officer (assign)."
    )
    agency = serializers.UUIDField(
        required=False, help_text="Id of the agency to transfer to (transfer)."
    )
    new_due_at = MomentField(
        required=False,
        help_text="The new appointment (apologize): a working day and time, or a "
        "working day alone for the end of that day.",
    )
    components = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=32767),
        required=False,
        help_text="Positions of the required components asked for "
        "(request_supplement, return_for_supplement).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        declared = {
            spec.name: spec
            for transition in TRANSITIONS
            if transition.action == attrs["action"]
            for spec in transition.inputs
        }
        errors: dict[str, list[str]] = {}
        for name in set(attrs) - {"action"} - set(declared):
            errors[name] = [str(_("Thao tác này không nhận trường này."))]
        for name, spec in declared.items():
            if spec.required and spec.kind != Kind.FILES and name not in attrs:
                errors[name] = [str(_("Trường này là bắt buộc."))]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class FileUploadInputSerializer(serializers.Serializer[None]):
    file = serializers.FileField()
    kind = serializers.ChoiceField(
        choices=[DossierFile.Kind.COMPONENT, DossierFile.Kind.RESULT],
        default=DossierFile.Kind.COMPONENT,
    )
    component = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=32767,
        help_text="Position of the required component in the procedure. Optional "
        "for kind=component: without it the file is an additional paper, kept and "
        "shown with the dossier, that stands for no required component (so it does "
        "not satisfy the check on `submit` and `receive`). Not allowed for "
        "kind=result.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["kind"] == DossierFile.Kind.RESULT and "component" in attrs:
            raise serializers.ValidationError(
                {"component": [_("Tệp kết quả không thuộc thành phần hồ sơ nào.")]}
            )
        return attrs


class FileReuseInputSerializer(serializers.Serializer[None]):
    component = serializers.IntegerField(
        min_value=1,
        max_value=32767,
        help_text="Position of the required component in the procedure.",
    )
    document = serializers.UUIDField(help_text="A document of the caller's store.")


class ReuseOfferSerializer(serializers.Serializer[Any]):
    component = serializers.IntegerField(help_text="Position of the component.")
    documents = StoredDocumentSerializer(many=True)


class LookupInputSerializer(serializers.Serializer[None]):
    code = serializers.CharField(max_length=40)
    verify = serializers.RegexField(
        r"^\d{4,12}$",
        help_text="The last 4 or more digits of the applicant's phone or ID number.",
    )


class PublicEventSerializer(serializers.Serializer[DossierEvent]):
    """A history line without names or notes: safe for the public."""

    action = serializers.ChoiceField(choices=EVENT_ACTIONS)
    to_status = serializers.ChoiceField(choices=DossierStatus.choices)
    at = serializers.DateTimeField()


class LookupSerializer(serializers.Serializer[Dossier]):
    code = serializers.CharField()
    procedure_name = serializers.CharField(source="procedure.name")
    processing_agency = serializers.CharField(source="processing_agency.name")
    status = serializers.ChoiceField(choices=DossierStatus.choices)
    status_name = serializers.CharField(source="get_status_display")
    national_status = serializers.IntegerField(min_value=1, max_value=10)
    received_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    events = PublicEventSerializer(many=True)
