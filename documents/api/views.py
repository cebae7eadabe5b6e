"""REST API of documents: inbox, outbox, actions, files, signed results, exchange."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Agency, User
from core import uploads
from core.api import ErrorSerializer
from core.exceptions import DomainError
from core.idempotency import idempotent
from core.pagination import NewestFirstCursorPagination
from documents import selectors, services
from documents.api.filters import IncomingFilter, OutgoingFilter
from documents.api.serializers import (
    ActionInputSerializer,
    AgencyFiguresSerializer,
    IncomingCreateInputSerializer,
    IncomingDetailSerializer,
    IncomingSerializer,
    OpinionInputSerializer,
    OpinionSerializer,
    OutgoingCreateInputSerializer,
    OutgoingDetailSerializer,
    OutgoingSerializer,
    PeriodInputSerializer,
    ReplacementInputSerializer,
)
from documents.downloads import electronic_result_download
from documents.models import ExchangePeer, IncomingDocument, OutgoingDocument
from documents.services.files import upload_read
from documents.workflow import INCOMING_TRANSITIONS, OUTGOING_TRANSITIONS

CONFLICT = {409: ErrorSerializer}


class NewestArrivedFirst(NewestFirstCursorPagination):
    """Keyset pages (`?cursor=`): no COUNT and no OFFSET over the inbox; a page
    size that is not a whole number is a 400, as on every list.

    The page's keys are found first, reading only the (agency, time) index (which
    includes the summary, so a search never reads the table for rows it skips);
    the page's rows are then read by key.
    """

    ordering = ("-arrived_at", "-id")

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        keys = super().paginate_queryset(
            queryset.only("pk", self.ordering[0].lstrip("-")), request, view
        )
        if keys is None:
            return None
        rows = queryset.model._default_manager.in_bulk([key.pk for key in keys])
        return [rows[key.pk] for key in keys]


class NewestCreatedFirst(NewestArrivedFirst):
    ordering = ("-created_at", "-id")


def _metadata(values: dict[str, Any]) -> services.Metadata:
    fields = {
        k: v for k, v in values.items() if k in services.Metadata.__dataclass_fields__
    }
    return services.Metadata(**fields)


def _attachment(values: dict[str, Any]) -> services.Attachment:
    upload = values["file"]
    try:
        data, content_type = upload_read(upload)
    except DomainError as error:
        raise serializers.ValidationError({"file": [error.message]}) from error
    return services.Attachment(upload.name or "van-ban.pdf", data, content_type)


def _file_error(error: DomainError) -> None:
    if error.status_code == status.HTTP_400_BAD_REQUEST:
        raise serializers.ValidationError({"file": [error.message]}) from error
    raise error


def _incoming_response(user: User, key: Any, code: int = 200) -> Response:
    document = selectors.incoming_get_for(user, key)
    actions = services.allowed_actions(INCOMING_TRANSITIONS, document, user)
    data = IncomingDetailSerializer(document, context={"allowed_actions": actions})
    return Response(data.data, status=code)


def _outgoing_response(user: User, key: Any, code: int = 200) -> Response:
    document = selectors.outgoing_get_for(user, key)
    actions = services.allowed_actions(OUTGOING_TRANSITIONS, document, user)
    data = OutgoingDetailSerializer(document, context={"allowed_actions": actions})
    return Response(data.data, status=code)


@extend_schema(tags=["documents"])
class IncomingListCreateApi(generics.ListAPIView[IncomingDocument]):
    """The inbox of the user's agency (leaders: and the units below), newest first."""

    serializer_class = IncomingSerializer
    filterset_class = IncomingFilter
    pagination_class = NewestArrivedFirst
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser]

    def get_queryset(self) -> QuerySet[IncomingDocument]:
        return selectors.incoming_list_for(self.request.user)

    @extend_schema(
        request={"multipart/form-data": IncomingCreateInputSerializer},
        responses={201: IncomingDetailSerializer, **CONFLICT},
        description="The clerk enters a paper or e-mailed document with its scan; "
        "it waits in the queue to be registered (action `register`).",
    )
    @idempotent
    def post(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        data = IncomingCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            document = services.incoming_enter(
                clerk=user,
                sender_name=values["sender_name"],
                metadata=_metadata(values),
                attachment=_attachment(values),
            )
        except DomainError as error:
            _file_error(error)
        return _incoming_response(user, document.uuid, status.HTTP_201_CREATED)


@extend_schema(tags=["documents"])
class IncomingDetailApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: IncomingDetailSerializer})
    def get(self, request: Request, key: str) -> Response:
        return _incoming_response(request.user, key)  # type: ignore[arg-type]


def _action_data(values: dict[str, Any], agency_id: int) -> dict[str, Any]:
    """Turn usernames into staff of the document's agency."""
    resolved = dict(values)
    staff = User.objects.filter(agency_id=agency_id)
    if "assignee" in values:
        resolved["assignee"] = staff.filter(username=values["assignee"]).first()
        if resolved["assignee"] is None:
            raise serializers.ValidationError(
                {"assignee": [_("Không tìm thấy cán bộ.")]}
            )
    if "coordinators" in values:
        found = list(staff.filter(username__in=values["coordinators"]))
        if len(found) != len(set(values["coordinators"])):
            raise serializers.ValidationError(
                {"coordinators": [_("Không tìm thấy cán bộ.")]}
            )
        resolved["coordinators"] = found
    return resolved


@extend_schema(tags=["documents"])
class IncomingActionApi(APIView):
    """Register, return, assign, start, complete; 409 with the reason when not
    allowed now."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=ActionInputSerializer,
        responses={200: IncomingDetailSerializer, **CONFLICT},
    )
    @idempotent
    def post(self, request: Request, key: str) -> Response:
        user: User = request.user  # type: ignore[assignment]
        document = selectors.incoming_get_for(user, key)
        data = ActionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = _action_data(data.validated_data, document.agency_id)
        services.incoming_apply_action(uuid=document.uuid, actor=user, **values)
        return _incoming_response(user, document.uuid)


@extend_schema(tags=["documents"])
class IncomingOpinionApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=OpinionInputSerializer, responses={201: OpinionSerializer, **CONFLICT}
    )
    @idempotent
    def post(self, request: Request, key: str) -> Response:
        user: User = request.user  # type: ignore[assignment]
        data = OpinionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = selectors.incoming_get_for(user, key)
        opinion = services.opinion_add(
            uuid=document.uuid, author=user, text=data.validated_data["text"]
        )
        return Response(OpinionSerializer(opinion).data, status=201)


@extend_schema(tags=["documents"])
class OutgoingListCreateApi(generics.ListAPIView[OutgoingDocument]):
    """The outbox of the user's agency (leaders: and the units below), newest first."""

    serializer_class = OutgoingSerializer
    filterset_class = OutgoingFilter
    pagination_class = NewestCreatedFirst
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser]

    def get_queryset(self) -> QuerySet[OutgoingDocument]:
        return selectors.outgoing_list_for(self.request.user)

    @extend_schema(
        request={"multipart/form-data": OutgoingCreateInputSerializer},
        responses={201: OutgoingDetailSerializer, **CONFLICT},
        description="An officer's draft with its PDF and recipients; then the "
        "actions `submit`, `approve` (leader) and `issue` (clerk).",
    )
    @idempotent
    def post(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        data = OutgoingCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        agencies = list(Agency.objects.filter(uuid__in=values["recipients"]))
        if len(agencies) != len(set(values["recipients"])):
            raise serializers.ValidationError(
                {"recipients": [_("Không tìm thấy cơ quan nhận.")]}
            )
        try:
            document = services.outgoing_create(
                drafter=user,
                metadata=_metadata(values),
                recipients=agencies,
                external=_external(values["external_recipients"]),
                attachments=[_attachment(values)],
            )
        except DomainError as error:
            _file_error(error)
        return _outgoing_response(user, document.uuid, status.HTTP_201_CREATED)


def _external(values: list[str]) -> list[tuple[ExchangePeer, str, str]]:
    """`<peer code>:<identifier>:<name>` into (peer, identifier, name)."""
    found = []
    for value in values:
        code, organ_id, name = value.split(":", 2)
        peer = ExchangePeer.objects.filter(code=code).first()
        if peer is None:
            raise serializers.ValidationError(
                {
                    "external_recipients": [
                        _("Không có hệ thống liên thông %(code)s.") % {"code": code}
                    ]
                }
            )
        found.append((peer, organ_id, name))
    return found


@extend_schema(tags=["documents"])
class OutgoingDetailApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: OutgoingDetailSerializer})
    def get(self, request: Request, key: str) -> Response:
        return _outgoing_response(request.user, key)  # type: ignore[arg-type]


@extend_schema(tags=["documents"])
class OutgoingActionApi(APIView):
    """Submit, send back, approve, issue; 409 with the reason when not allowed."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=ActionInputSerializer,
        responses={200: OutgoingDetailSerializer, **CONFLICT},
    )
    @idempotent
    def post(self, request: Request, key: str) -> Response:
        user: User = request.user  # type: ignore[assignment]
        document = selectors.outgoing_get_for(user, key)
        data = ActionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.outgoing_apply_action(
            uuid=document.uuid, actor=user, **data.validated_data
        )
        return _outgoing_response(user, document.uuid)


@extend_schema(tags=["documents"])
class OutgoingReplacementApi(APIView):
    """The leader replaces an issued document by a corrected PDF (action
    `replace`): signed, then sent to every recipient as an edXML replacement."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ReplacementInputSerializer},
        responses={200: OutgoingDetailSerializer, **CONFLICT},
    )
    def post(self, request: Request, key: str) -> Response:
        user: User = request.user  # type: ignore[assignment]
        document = selectors.outgoing_get_for(user, key)
        data = ReplacementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.outgoing_apply_action(
                uuid=document.uuid,
                action="replace",
                actor=user,
                note=data.validated_data["note"],
                attachments=[_attachment(data.validated_data)],
            )
        except DomainError as error:
            _file_error(error)
        return _outgoing_response(user, document.uuid)


@extend_schema(tags=["documents"])
class DocumentStatisticsApi(APIView):
    """Per agency in scope: received, sent, handled on time, late, open overdue."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[PeriodInputSerializer],
        responses={200: AgencyFiguresSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        data = PeriodInputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        figures = selectors.statistics_for(
            request.user,
            data.validated_data["date_from"],
            data.validated_data["date_to"],
        )
        return Response(AgencyFiguresSerializer(figures, many=True).data)


PDF_RESPONSE = OpenApiResponse(OpenApiTypes.BINARY, description="The file.")


@extend_schema(tags=["documents"])
class DocumentFileApi(APIView):
    """Download a file of a document in the user's scope."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={(200, "application/octet-stream"): PDF_RESPONSE})
    def get(self, request: Request, key: str) -> FileResponse:
        row = selectors.document_file_get_for(request.user, key)
        return uploads.attachment(
            row.file.open("rb"), name=row.original_name, content_type=row.content_type
        )


@extend_schema(tags=["documents"])
class ElectronicResultApi(APIView):
    """The signed result PDF of a dossier, for its applicant and staff in scope."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={(200, "application/pdf"): PDF_RESPONSE})
    def get(self, request: Request, code: str) -> FileResponse:
        return electronic_result_download(request, request.user, code, channel="api")


class RawXmlParser(BaseParser):
    """Keeps the body as bytes: the HMAC covers them exactly."""

    media_type = "application/xml"

    def parse(  # type: ignore[override]  # the body stays bytes
        self, stream: Any, media_type: Any = None, parser_context: Any = None
    ) -> bytes:
        data: bytes = stream.read() if stream else b""
        return data


@extend_schema(tags=["documents"])
class ExchangeInboxApi(APIView):
    """Receive an edXML package or status message from a peer portal.

    Headers: X-Edxml-Peer (the peer's code), X-Edxml-Timestamp (Unix seconds),
    X-Edxml-Signature (hex HMAC-SHA256 with the shared key of "<timestamp>.<body>").
    401 for a bad signature or an old timestamp, 409 for a replay, 400 for a
    package that cannot be read or does not match its digests. docs/exchange.md.
    """

    authentication_classes: list[type] = []
    permission_classes = [permissions.AllowAny]
    parser_classes = [RawXmlParser]

    @extend_schema(
        request={"application/xml": OpenApiTypes.STR},
        responses={
            202: OpenApiResponse(description="Accepted."),
            400: ErrorSerializer,
            401: ErrorSerializer,
            409: ErrorSerializer,
        },
    )
    def post(self, request: Request) -> Response:
        body = request.body
        headers = request.headers
        try:
            peer = services.peer_authenticate(
                code=headers.get(services.PEER_HEADER, ""),
                timestamp=headers.get(services.TIMESTAMP_HEADER, ""),
                signature=headers.get(services.SIGNATURE_HEADER, ""),
                body=body,
            )
        except services.ExchangeRefused as error:
            return Response({"detail": error.message, "code": error.code}, status=401)
        try:
            message = services.message_receive(peer=peer, body=body)
        except services.ExchangeRefused as error:
            code = 409 if error.code == "replay" else 400
            return Response({"detail": error.message, "code": error.code}, status=code)
        return Response({"message_id": str(message.message_id)}, status=202)
