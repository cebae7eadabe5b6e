from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Agency
from core.api import OptionalURLField
from procedures import display, selectors
from procedures.models import (
    Channel,
    ChannelOption,
    FeeItem,
    Field,
    LegalDocument,
    Procedure,
    RequiredComponent,
    WorkflowStep,
)


class FieldSerializer(serializers.ModelSerializer[Field]):
    procedure_count = serializers.IntegerField(
        read_only=True, help_text="Public procedures of this field."
    )

    class Meta:
        model = Field
        fields = ["slug", "name", "procedure_count"]


class FieldRefSerializer(serializers.ModelSerializer[Field]):
    class Meta:
        model = Field
        fields = ["slug", "name"]


class ProcessingTimeSerializer(serializers.Serializer[Any]):
    amount = serializers.IntegerField(allow_null=True, source="processing_time")
    unit = serializers.CharField(source="processing_time_unit")
    text = serializers.CharField(source="processing_time_text")
    display = serializers.SerializerMethodField()

    def get_display(self, obj: Procedure | ChannelOption) -> str:
        return display.time_display(
            obj.processing_time, obj.processing_time_unit, obj.processing_time_text
        )


class FeeItemSerializer(serializers.ModelSerializer[FeeItem]):
    class Meta:
        model = FeeItem
        fields = ["kind", "name", "amount", "unit", "channel", "exemptions"]


class FeeSummarySerializer(serializers.Serializer[Any]):
    status = serializers.CharField(source="fee_status")
    display = serializers.SerializerMethodField()
    items = FeeItemSerializer(many=True, source="fee_items")

    def get_display(self, procedure: Procedure) -> str:
        return display.fee_summary(procedure)


class ProcedureSerializer(serializers.ModelSerializer[Procedure]):
    """A procedure in a result list."""

    field = FieldRefSerializer(read_only=True)
    levels = serializers.ListField(child=serializers.CharField(), read_only=True)
    processing_time = ProcessingTimeSerializer(source="*", read_only=True)
    fee = FeeSummarySerializer(source="*", read_only=True)
    url = serializers.SerializerMethodField(help_text="The public page.")

    class Meta:
        model = Procedure
        fields = [
            "code",
            "name",
            "field",
            "levels",
            "service_level",
            "online_mode",
            "processing_time",
            "fee",
            "online_payment",
            "result_by_post",
            "url",
        ]

    def get_url(self, procedure: Procedure) -> str:
        path = reverse("procedures:detail", args=[procedure.code])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ProcedureAgencySerializer(serializers.ModelSerializer[Agency]):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "identifier", "name", "address", "phone", "opening_hours"]
        extra_kwargs = {
            "opening_hours": {
                "read_only": True,
                "help_text": "The hours the agency receives dossiers, as it publishes "
                "them; empty when it has published none (the procedure page then "
                "shows the province's working hours, Monday to Friday).",
            }
        }


class LegalDocumentSerializer(serializers.ModelSerializer[LegalDocument]):
    class Meta:
        model = LegalDocument
        fields = ["position", "kind", "number", "issued_on", "title"]
        read_only_fields = fields
        extra_kwargs = {
            "position": {"help_text": "Order in the published legal basis, from 1."},
            "kind": {
                "help_text": 'Kind of document ("Nghị định", "Thông tư", "Luật"…); '
                "empty when the text does not say it."
            },
            "number": {
                "help_text": 'Number and notation ("123/2015/NĐ-CP"); empty for a '
                "document cited by its title only."
            },
            "issued_on": {"help_text": "Date of issue, when the text gives it."},
            "title": {"help_text": "Summary or title as published; may be empty."},
        }


class ComponentSerializer(serializers.ModelSerializer[RequiredComponent]):
    form_url = serializers.SerializerMethodField(
        help_text="Download of the form template, when one is uploaded."
    )

    class Meta:
        model = RequiredComponent
        fields = [
            "position",
            "case",
            "name",
            "originals",
            "copies",
            "is_mandatory",
            "is_note",
            "condition",
            "form_name",
            "form_url",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_form_url(self, component: RequiredComponent) -> str | None:
        if not component.form_template:
            return None
        path = reverse(
            "procedures:form_download",
            args=[component.procedure.code, component.position],
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ChannelOptionSerializer(serializers.ModelSerializer[ChannelOption]):
    processing_time = ProcessingTimeSerializer(source="*", read_only=True)

    class Meta:
        model = ChannelOption
        fields = ["channel", "processing_time", "fee_text"]


class WorkflowStepSerializer(serializers.ModelSerializer[WorkflowStep]):
    class Meta:
        model = WorkflowStep
        fields = ["position", "name", "role", "hours"]


class WorkflowSerializer(serializers.Serializer[Any]):
    steps = WorkflowStepSerializer(many=True)
    budget_hours = serializers.IntegerField()
    legal_hours = serializers.IntegerField(allow_null=True)
    fits = serializers.BooleanField()


class ProcedureDetailSerializer(ProcedureSerializer):
    """Everything a citizen needs before filing."""

    agencies = ProcedureAgencySerializer(many=True, read_only=True)
    components = ComponentSerializer(many=True, read_only=True)
    submission_channels = serializers.ListField(
        child=serializers.ChoiceField(choices=Channel.choices),
        read_only=True,
        help_text="Ways of submission: counter, online, post.",
    )
    channels = ChannelOptionSerializer(
        many=True, read_only=True, source="channel_options"
    )
    workflow = serializers.SerializerMethodField()
    legal_documents = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Numbers of the legal documents the procedure rests on.",
    )
    legal_references = LegalDocumentSerializer(
        many=True,
        read_only=True,
        help_text="The legal basis read into documents, in published order (the "
        "procedure page lists them; `legal_basis` keeps the text as published).",
    )
    source_url = OptionalURLField(help_text="The national catalogue's page, if any.")

    class Meta(ProcedureSerializer.Meta):
        fields = [
            *ProcedureSerializer.Meta.fields,
            "base_code",
            "agencies",
            "agency_text",
            "competent_authority",
            "target",
            "result",
            "result_code",
            "conditions",
            "steps",
            "legal_basis",
            "legal_documents",
            "legal_references",
            "fee_text",
            "submission_channels",
            "channels",
            "components",
            "workflow",
            "decision",
            "effective_from",
            "effective_until",
            "source_url",
        ]

    @extend_schema_field(WorkflowSerializer)
    def get_workflow(self, procedure: Procedure) -> dict[str, Any]:
        template = selectors.workflow_template_for(procedure)
        return dict(WorkflowSerializer(template).data)
