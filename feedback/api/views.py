"""The feedback API: create and list, one feedback, its moves, published answers.

The same services and selectors as the pages, so the same rules; a citizen's API
shows what the citizen's page shows (feedback.api.serializers).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Agency, User
from accounts.permissions import is_staff_member
from core.api import ErrorSerializer
from core.client import client_address
from core.exceptions import InvalidInput
from core.idempotency import idempotent
from core.pagination import Pagination
from dossiers.models import Dossier
from feedback import selectors, services
from feedback.api.serializers import (
    FeedbackCreateInputSerializer,
    FeedbackDetailSerializer,
    FeedbackForSenderSerializer,
    FeedbackForStaffSerializer,
    FeedbackLookupInputSerializer,
    FeedbackPublicSerializer,
    FeedbackSerializer,
    FeedbackTransitionInputSerializer,
)
from feedback.models import Feedback, FeedbackChannel
from procedures.models import Procedure

CONFLICT = {409: ErrorSerializer}
BAD_REQUEST = {400: OpenApiResponse(description="Field errors: {field: [message]}.")}


def detail_response(
    feedback: Feedback, user: Any, *, as_sender: bool = False, code: int = 200
) -> Response:
    """The feedback for its audience: staff in scope, or its sender."""
    actor = user if isinstance(user, User) else None
    for_staff = is_staff_member(user) and feedback.owner_id != getattr(user, "pk", None)
    allowed = services.allowed_actions(feedback, actor, as_sender=as_sender)
    context = {"allowed_actions": sorted({t.action for t in allowed})}
    audience = FeedbackForStaffSerializer if for_staff else FeedbackForSenderSerializer
    return Response(audience(feedback, context=context).data, status=code)


def _field_error(error: InvalidInput) -> serializers.ValidationError:
    return serializers.ValidationError(
        {error.field or "non_field_errors": [error.message]}
    )


@extend_schema(tags=["feedback"])
class FeedbackListCreateApi(generics.ListAPIView[Feedback]):
    """Feedback the user sent, or (staff) the feedback of their agencies."""

    serializer_class = FeedbackSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[Feedback]:
        return selectors.feedback_list_for(self.request.user).order_by(
            "-received_at", "-pk"
        )

    @extend_schema(
        request=FeedbackCreateInputSerializer,
        responses={
            201: FeedbackDetailSerializer,
            **BAD_REQUEST,
            429: ErrorSerializer,
        },
        description="Send feedback as the signed-in user (contact details default "
        "to the account's). `dossier` must be one of the user's dossiers. Limited per "
        "client address and per contact phone (429).",
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = FeedbackCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        values = data.validated_data
        sender = services.Sender.of_user(user)
        sender = services.Sender(
            name=values.get("sender_name") or sender.name,
            phone=values.get("sender_phone") or sender.phone,
            email=values.get("sender_email", sender.email),
            address=values.get("sender_address", sender.address),
            id_number=sender.id_number,
        )
        if not sender.name or not sender.phone:
            raise serializers.ValidationError(
                {"sender_phone": [_("Cần họ tên và số điện thoại để nhận trả lời.")]}
            )
        content = services.Content(
            kind=values["kind"],
            subject=values["subject"],
            text=values["text"],
            publish_name=values["publish_name"],
            **_about(user, values),
        )
        try:
            feedback = services.feedback_submit(
                actor=user,
                sender=sender,
                content=content,
                channel=FeedbackChannel.API,
                address=client_address(request._request),
            )
        except InvalidInput as error:
            raise _field_error(error) from error
        return detail_response(feedback, user, code=status.HTTP_201_CREATED)


def _about(user: User, values: dict[str, Any]) -> dict[str, Any]:
    about: dict[str, Any] = {}
    if values.get("dossier"):
        dossier = Dossier.objects.select_related("procedure", "processing_agency")
        about["dossier"] = dossier.filter(code=values["dossier"], owner=user).first()
        if about["dossier"] is None:
            raise serializers.ValidationError(
                {"dossier": [_("Không tìm thấy hồ sơ của bạn với mã này.")]}
            )
        about["procedure"] = about["dossier"].procedure
    elif values.get("procedure"):
        about["procedure"] = (
            Procedure.objects.public().filter(code=values["procedure"]).first()
        )
        if about["procedure"] is None:
            raise serializers.ValidationError({"procedure": [_("Không tìm thấy.")]})
    return about


@extend_schema(tags=["feedback"])
class FeedbackDetailApi(APIView):
    """One feedback: for its sender's account and the staff in scope, or for anyone
    giving the last digits of the sender's phone (`verify`, limited like the
    dossier lookup)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[FeedbackLookupInputSerializer],
        responses={200: FeedbackDetailSerializer, 429: ErrorSerializer},
    )
    def get(self, request: Request, code: str) -> Response:
        feedback, as_sender = _found(request, code, request.query_params)
        return detail_response(feedback, request.user, as_sender=as_sender)


def _found(request: Request, code: str, params: Any) -> tuple[Feedback, bool]:
    """The feedback the user may see, or the one proved by `verify`; 404 else."""
    verify = params.get("verify")
    if verify:
        checked = FeedbackLookupInputSerializer(data={"verify": verify})
        checked.is_valid(raise_exception=True)
        feedback = services.feedback_lookup_limited(
            code=code, verify=verify, address=client_address(request._request)
        )
        if feedback is None:
            raise Http404("No such feedback.")
        return feedback, True
    return selectors.feedback_get_for(request.user, code), False


@extend_schema(tags=["feedback"])
class FeedbackTransitionApi(APIView):
    """Apply a move of the workflow; 409 with the reason when not allowed now. The
    sender's moves (rate, supply_info) take `verify` when not signed in."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        request=FeedbackTransitionInputSerializer,
        responses={
            200: FeedbackDetailSerializer,
            **BAD_REQUEST,
            **CONFLICT,
            429: ErrorSerializer,  # `verify` is limited like the lookup
        },
    )
    @idempotent
    def post(self, request: Request, code: str) -> Response:
        data = FeedbackTransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        feedback, as_sender = _found(
            request, code, {"verify": values.pop("verify", "")}
        )
        actor = request.user if isinstance(request.user, User) else None
        try:
            feedback = services.feedback_apply_action(
                code=feedback.code,
                actor=actor,
                as_sender=as_sender,
                **_resolve(values),
            )
        except InvalidInput as error:
            raise _field_error(error) from error
        if as_sender:
            return detail_response(feedback, actor, as_sender=True)
        return detail_response(
            selectors.feedback_get_for(request.user, feedback.code), request.user
        )


def _resolve(values: dict[str, Any]) -> dict[str, Any]:
    """Turn the public handles of the input into objects for the service."""
    resolved = dict(values)
    lookups: dict[str, tuple[Any, str]] = {
        "agency": (Agency.objects, "uuid"),
        "assignee": (User.objects, "username"),
        "duplicate_of": (Feedback.objects, "code"),
    }
    for name, (manager, key) in lookups.items():
        if name in values:
            resolved[name] = manager.filter(**{key: values[name]}).first()
            if resolved[name] is None:
                raise serializers.ValidationError({name: [_("Không tìm thấy.")]})
    return resolved


@extend_schema(tags=["feedback"])
class FeedbackPublishedApi(generics.ListAPIView[Feedback]):
    """Published questions and answers, newest first; no personal data unless the
    sender agreed to their name being shown."""

    serializer_class = FeedbackPublicSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes: list[type] = []
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[Feedback]:
        return selectors.published()
