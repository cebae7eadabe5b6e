from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from documents.models import (
    Assignment,
    Confidentiality,
    DocumentEvent,
    DocumentFile,
    DocumentType,
    IncomingDocument,
    OutgoingDocument,
    OutgoingRecipient,
    ProcessingOpinion,
    Urgency,
)
from documents.workflow import INCOMING_TRANSITIONS, OUTGOING_TRANSITIONS

COMMON = [
    "id",
    "doc_type",
    "notation",
    "issued_on",
    "summary",
    "signer_name",
    "signer_position",
    "urgency",
    "confidentiality",
    "page_count",
    "due_on",
    "status",
    "created_at",
]


class DocumentFileSerializer(serializers.ModelSerializer[DocumentFile]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = DocumentFile
        fields = [
            "id",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "is_main",
            "superseded_at",
            "signature_status",
            "signature_signer",
            "signature_signed_at",
            "signature_reasons",
            "download",
        ]

    def get_download(self, row: DocumentFile) -> str:
        return f"/api/v1/documents/files/{row.uuid}/"


class DocumentEventSerializer(serializers.ModelSerializer[DocumentEvent]):
    class Meta:
        model = DocumentEvent
        fields = [
            "action",
            "from_status",
            "to_status",
            "actor_name",
            "note",
            "data",
            "at",
        ]


class AssignmentSerializer(serializers.ModelSerializer[Assignment]):
    assignee = serializers.CharField(source="assignee.full_name")
    assigned_by = serializers.CharField(source="assigned_by.full_name")

    class Meta:
        model = Assignment
        fields = ["assignee", "role", "instruction", "due_on", "assigned_by", "at"]


class OpinionSerializer(serializers.ModelSerializer[ProcessingOpinion]):
    author = serializers.CharField(source="author.full_name")

    class Meta:
        model = ProcessingOpinion
        fields = ["author", "text", "at"]


class IncomingSerializer(serializers.ModelSerializer[IncomingDocument]):
    """An incoming document in the inbox."""

    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = IncomingDocument
        fields = [
            *COMMON,
            "arrival_number",
            "arrived_at",
            "registered_at",
            "number",
            "sender_name",
            "sender_identifier",
            "source",
            "completed_at",
        ]


class IncomingDetailSerializer(IncomingSerializer):
    files = DocumentFileSerializer(many=True, read_only=True)
    assignments = AssignmentSerializer(many=True, read_only=True)
    opinions = OpinionSerializer(many=True, read_only=True)
    history = DocumentEventSerializer(source="events", many=True, read_only=True)
    duplicate_of = serializers.UUIDField(
        source="duplicate_of.uuid",
        default=None,
        read_only=True,
        help_text="A document received before that this one may repeat.",
    )
    handler = serializers.CharField(source="handler.full_name", default="")
    allowed_actions = serializers.SerializerMethodField()

    class Meta(IncomingSerializer.Meta):
        fields = [
            *IncomingSerializer.Meta.fields,
            "handler",
            "duplicate_of",
            "version",
            "revoked_at",
            "revoked_reason",
            "files",
            "assignments",
            "opinions",
            "history",
            "allowed_actions",
        ]

    def get_allowed_actions(self, document: IncomingDocument) -> list[str]:
        return list(self.context.get("allowed_actions", []))


class RecipientSerializer(serializers.ModelSerializer[OutgoingRecipient]):
    class Meta:
        model = OutgoingRecipient
        fields = ["organ_id", "organ_name", "status", "reason", "status_at"]


class OutgoingSerializer(serializers.ModelSerializer[OutgoingDocument]):
    """An outgoing document in the outbox."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    code = serializers.CharField(read_only=True)

    class Meta:
        model = OutgoingDocument
        fields = [*COMMON, "number", "code", "issued_at"]


class OutgoingDetailSerializer(OutgoingSerializer):
    files = DocumentFileSerializer(many=True, read_only=True)
    recipients = RecipientSerializer(many=True, read_only=True)
    history = DocumentEventSerializer(source="events", many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta(OutgoingSerializer.Meta):
        fields = [
            *OutgoingSerializer.Meta.fields,
            "files",
            "recipients",
            "history",
            "allowed_actions",
        ]

    def get_allowed_actions(self, document: OutgoingDocument) -> list[str]:
        return list(self.context.get("allowed_actions", []))


class MetadataInputSerializer(serializers.Serializer[dict]):
    doc_type = serializers.ChoiceField(choices=DocumentType.choices)
    summary = serializers.CharField(max_length=500)
    notation = serializers.CharField(max_length=30, required=False, default="")
    issued_on = serializers.DateField(required=False, default=None)
    signer_name = serializers.CharField(max_length=50, required=False, default="")
    signer_position = serializers.CharField(max_length=100, required=False, default="")
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    confidentiality = serializers.ChoiceField(
        choices=Confidentiality.choices, default=Confidentiality.NORMAL
    )
    page_count = serializers.IntegerField(min_value=1, max_value=10000, default=1)
    due_on = serializers.DateField(required=False, default=None)
    file = serializers.FileField()


class IncomingCreateInputSerializer(MetadataInputSerializer):
    """A paper or e-mailed document entered by the clerk, with its scan."""

    number = serializers.CharField(max_length=11, required=False, default="")
    sender_name = serializers.CharField(max_length=200)


class OutgoingCreateInputSerializer(MetadataInputSerializer):
    recipients = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        default=list,
        max_length=200,
        help_text="Agencies of this portal (their id).",
    )
    external_recipients = serializers.ListField(
        child=serializers.RegexField(r"^[\w-]+:[0-9A-Za-z.]{1,16}:.{1,200}$"),
        required=False,
        default=list,
        max_length=200,
        help_text="Agencies of peer portals: `<peer code>:<agency identifier>:<name>`.",
    )

    def validate(self, attrs: dict) -> dict:
        if not attrs["recipients"] and not attrs["external_recipients"]:
            raise serializers.ValidationError(
                {"recipients": [_("Cần chọn ít nhất một nơi nhận.")]}
            )
        return attrs


class ActionInputSerializer(serializers.Serializer[dict]):
    action = serializers.ChoiceField(
        choices=sorted({t.action for t in INCOMING_TRANSITIONS + OUTGOING_TRANSITIONS})
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    assignee = serializers.CharField(required=False, help_text="Username of the lead.")
    coordinators = serializers.ListField(
        child=serializers.CharField(), required=False, max_length=20
    )
    instruction = serializers.CharField(
        required=False, allow_blank=True, max_length=2000
    )
    due_on = serializers.DateField(required=False)


class ReplacementInputSerializer(serializers.Serializer[dict]):
    file = serializers.FileField(help_text="The corrected PDF (signed on replace).")
    note = serializers.CharField(max_length=2000, help_text="Why it is replaced.")


class OpinionInputSerializer(serializers.Serializer[dict]):
    text = serializers.CharField(max_length=4000)


class PeriodInputSerializer(serializers.Serializer[dict]):
    date_from = serializers.DateField()
    date_to = serializers.DateField()

    def validate(self, attrs: dict) -> dict:
        if attrs["date_to"] < attrs["date_from"]:
            raise serializers.ValidationError(
                {"date_to": [_("Ngày kết thúc phải sau ngày bắt đầu.")]}
            )
        if (attrs["date_to"] - attrs["date_from"]).days > 366:
            raise serializers.ValidationError(
                {"date_to": [_("Tối đa một năm mỗi lần.")]}
            )
        return attrs


class AgencyFiguresSerializer(serializers.Serializer[Any]):
    agency_id = serializers.IntegerField(read_only=True)
    agency_name = serializers.CharField(read_only=True)
    received = serializers.IntegerField(read_only=True)
    sent = serializers.IntegerField(read_only=True)
    on_time = serializers.IntegerField(read_only=True)
    late = serializers.IntegerField(read_only=True)
    open_overdue = serializers.IntegerField(read_only=True)
