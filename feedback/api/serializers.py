"""Serializers of the feedback API: one per audience, built from the selectors the
pages use (the sender sees what the sender's page shows; the public no personal
data)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from core.api import OptionalEmailField
from feedback import selectors
from feedback.models import Feedback, FeedbackEvent, FeedbackKind
from feedback.workflow import ACTIONS, FeedbackStatus


class FeedbackEventSerializer(serializers.ModelSerializer[FeedbackEvent]):
    to_status = serializers.ChoiceField(choices=FeedbackStatus.choices)

    class Meta:
        model = FeedbackEvent
        fields = ["at", "action", "to_status", "note"]


class FeedbackSerializer(serializers.ModelSerializer[Feedback]):
    """A row of a list: no contact details, no text."""

    status = serializers.ChoiceField(choices=FeedbackStatus.choices)
    kind = serializers.ChoiceField(choices=FeedbackKind.choices)
    agency = serializers.CharField(source="agency.name")

    class Meta:
        model = Feedback
        fields = [
            "code", "kind", "subject", "status", "agency", "received_at",
            "answer_due_at", "answered_at", "published_at",
        ]  # fmt: skip


class FeedbackForSenderSerializer(FeedbackSerializer):
    """What the sender's page shows."""

    for_staff = False

    audience = serializers.SerializerMethodField(
        help_text="Whose view of the feedback this is: tells the two shapes apart."
    )
    dossier = serializers.CharField(
        source="dossier.code", read_only=True, allow_null=True, default=None
    )
    procedure = serializers.CharField(
        source="procedure.code", read_only=True, allow_null=True, default=None
    )
    events = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta(FeedbackSerializer.Meta):
        fields = [
            "audience",
            *FeedbackSerializer.Meta.fields,
            "text", "dossier", "procedure", "answer", "is_published", "satisfied",
            "rated_at", "events", "allowed_actions",
        ]  # fmt: skip

    @extend_schema_field({"type": "string", "enum": ["sender"]})
    def get_audience(self, feedback: Feedback) -> str:
        return "sender"

    @extend_schema_field(FeedbackEventSerializer(many=True))
    def get_events(self, feedback: Feedback) -> list[dict[str, Any]]:
        """The history as the page of the same audience shows it."""
        events = selectors.timeline(feedback, for_staff=self.for_staff)
        return list(FeedbackEventSerializer(events, many=True).data)

    def get_allowed_actions(self, feedback: Feedback) -> list[str]:
        return list(self.context.get("allowed_actions", []))

    def to_representation(self, instance: Feedback) -> dict[str, Any]:
        data = super().to_representation(instance)
        if instance.answered_at is None:
            data["answer"] = ""  # a draft is the agency's until approved
        return data


class FeedbackForStaffSerializer(FeedbackForSenderSerializer):
    """What the officer's page shows: the sender's contact details too."""

    for_staff = True

    sender_email = OptionalEmailField()
    assignee = serializers.CharField(
        source="assignee.username", read_only=True, allow_null=True, default=None
    )
    duplicate_of = serializers.CharField(
        source="duplicate_of.code", read_only=True, allow_null=True, default=None
    )

    class Meta(FeedbackForSenderSerializer.Meta):
        fields = [
            *FeedbackForSenderSerializer.Meta.fields,
            "channel", "sender_name", "sender_phone", "sender_email",
            "sender_address", "publish_name", "assignee", "reject_due_at",
            "info_due_at", "publish_due_at", "public_subject", "public_text", "is_spam",
            "duplicate_of",
        ]  # fmt: skip

    @extend_schema_field({"type": "string", "enum": ["staff"]})
    def get_audience(self, feedback: Feedback) -> str:
        return "staff"

    def to_representation(self, instance: Feedback) -> dict[str, Any]:
        return serializers.ModelSerializer.to_representation(self, instance)


# One of two shapes, told apart by `audience` (a staff answer has every field of a
# sender's, so without it a strict validator finds both shapes match).
FeedbackDetailSerializer = PolymorphicProxySerializer(
    component_name="FeedbackDetail",
    serializers={
        "sender": FeedbackForSenderSerializer,
        "staff": FeedbackForStaffSerializer,
    },
    resource_type_field_name="audience",
)


class FeedbackPublicSerializer(serializers.ModelSerializer[Feedback]):
    """A published answer: the edited question, the answer, and the sender's name
    only when they agreed."""

    kind = serializers.ChoiceField(choices=FeedbackKind.choices)
    agency = serializers.CharField(source="agency.name")
    sender = serializers.CharField(source="sender_display")
    subject = serializers.CharField(source="public_subject")
    question = serializers.CharField(source="public_text")
    procedure = serializers.CharField(
        source="procedure.code", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Feedback
        fields = [
            "code", "kind", "subject", "question", "answer", "sender", "agency",
            "procedure", "answered_at", "published_at",
        ]  # fmt: skip


class FeedbackCreateInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=FeedbackKind.choices)
    subject = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=5000)
    sender_name = serializers.CharField(max_length=150, required=False)
    sender_phone = serializers.RegexField(r"^0\d{9}$", required=False)
    sender_email = serializers.EmailField(required=False, allow_blank=True)
    sender_address = serializers.CharField(
        max_length=255, required=False, allow_blank=True
    )
    publish_name = serializers.BooleanField(default=False)
    dossier = serializers.CharField(max_length=40, required=False)
    procedure = serializers.CharField(max_length=40, required=False)


class FeedbackTransitionInputSerializer(serializers.Serializer[Any]):
    action = serializers.ChoiceField(choices=ACTIONS)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    answer = serializers.CharField(max_length=10000, required=False)
    public_text = serializers.CharField(max_length=5000, required=False)
    public_subject = serializers.CharField(max_length=200, required=False)
    agency = serializers.UUIDField(required=False)
    assignee = serializers.CharField(max_length=150, required=False)
    duplicate_of = serializers.CharField(max_length=24, required=False)
    satisfied = serializers.BooleanField(required=False)
    verify = serializers.RegexField(r"^\d{4,10}$", required=False)


class FeedbackLookupInputSerializer(serializers.Serializer[Any]):
    verify = serializers.RegexField(r"^\d{4,10}$", required=False)
