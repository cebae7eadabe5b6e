from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import generics, permissions, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import audit
from accounts.eid import eid_session_level
from accounts.models import AccessAction, Agency, User
from accounts.permissions import is_staff_member
from core.api import ErrorSerializer
from core.client import client_address
from core.exceptions import DomainError, ErrorCode, NotFound
from core.idempotency import idempotent
from core.pagination import NewestFirstCursorPagination
from datastore.selectors import reusable_for, stored_documents_of
from dossiers import display, selectors, services
from dossiers.api.filters import DossierFilter
from dossiers.api.serializers import (
    DossierCreateInputSerializer,
    DossierDetailSerializer,
    DossierFileSerializer,
    DossierForApplicantSerializer,
    DossierForStaffSerializer,
    DossierSerializer,
    FileReuseInputSerializer,
    FileUploadInputSerializer,
    LookupInputSerializer,
    LookupSerializer,
    ReuseOfferSerializer,
    TransitionInputSerializer,
)
from dossiers.models import Dossier
from procedures.models import Procedure

CONFLICT = {409: ErrorSerializer}
# Drafts have no code until they are submitted: every `{code}` takes the id too.
CODE = OpenApiParameter(
    "code",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The dossier's code, or its `id` (UUID): a draft has no code "
    "(`code` is null) until it is submitted, so use the `id` that create returned.",
    examples=[
        OpenApiExample("Code", value="000.00.04.H36-261202-0001"),
        OpenApiExample("Draft id", value="3f2c6a1e-8b4d-4c39-9e0a-5d7f1b2c3a4e"),
    ],
)
BAD_REQUEST = {400: OpenApiResponse(description="Field errors: {field: [message]}.")}


def detail_response(dossier: Dossier, user: User, code: int = 200) -> Response:
    """The dossier for its audience: staff in scope, or the applicant, from the
    selectors of the detail page."""
    for_staff = is_staff_member(user)
    context = {
        "allowed_actions": sorted(
            {t.action for t in services.allowed_actions(dossier, user)}
        ),
        "files": selectors.dossier_files_for(user, dossier),
        "timeline": display.timeline(dossier, for_staff=for_staff),
    }
    audience = DossierForStaffSerializer if for_staff else DossierForApplicantSerializer
    return Response(audience(dossier, context=context).data, status=code)


@extend_schema(tags=["dossiers"])
class DossierListCreateApi(generics.ListAPIView[Dossier]):
    """Dossiers the user may see; citizens and businesses create drafts here."""

    serializer_class = DossierSerializer
    filterset_class = DossierFilter
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = NewestFirstCursorPagination

    def get_queryset(self) -> QuerySet[Dossier]:
        return selectors.dossier_list_for(self.request.user)

    @extend_schema(
        request=DossierCreateInputSerializer,
        responses={201: DossierDetailSerializer},
        description="Create a draft of an online dossier (procedures of level 3–4). "
        "Attach components with /files/, then POST the action `submit`.",
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = DossierCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        procedure = (
            Procedure.objects.public()
            .filter(code=data.validated_data["procedure"])
            .first()
        )
        agency = Agency.objects.filter(
            uuid=data.validated_data["processing_agency"]
        ).first()
        if procedure is None or agency is None:
            raise serializers.ValidationError(
                {
                    "procedure" if procedure is None else "processing_agency": [
                        _("Không tìm thấy.")
                    ]
                }
            )
        dossier = services.dossier_create_online(
            owner=user,
            procedure=procedure,
            processing_agency=agency,
            applicant=services.Applicant.of_user(user),
            delivery_method=data.validated_data["delivery_method"],
            delivery_address=data.validated_data["delivery_address"],
            note=data.validated_data["note"],
            # A session of the portal (not a token) may come from a VNeID login.
            eid_level=eid_session_level(request._request, user),
        )
        return detail_response(dossier, user, status.HTTP_201_CREATED)


@extend_schema(tags=["dossiers"])
class DossierDetailApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[CODE], responses={200: DossierDetailSerializer})
    def get(self, request: Request, code: str) -> Response:
        dossier = selectors.dossier_get_for(request.user, code)
        audit.dossier_access_record(
            request, dossier, action=AccessAction.VIEW, channel="api"
        )
        return detail_response(dossier, request.user)  # type: ignore[arg-type]


@extend_schema(tags=["dossiers"])
class DossierTransitionApi(APIView):
    """Apply a workflow action; 409 with the reason when it is not allowed now."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[CODE],
        request=TransitionInputSerializer,
        responses={200: DossierDetailSerializer, **BAD_REQUEST, **CONFLICT},
    )
    @idempotent
    def post(self, request: Request, code: str) -> Response:
        user: User = request.user  # type: ignore[assignment]
        dossier = selectors.dossier_get_for(user, code)
        data = TransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        action_data = _resolve(dossier, data.validated_data)
        # A refused input is a 400 with the guard's code and the field at fault.
        dossier = services.dossier_apply_action(
            code=dossier.reference, actor=user, **action_data
        )
        return detail_response(selectors.dossier_get_for(user, dossier.reference), user)


def _resolve(dossier: Dossier, values: dict[str, Any]) -> dict[str, Any]:
    """Turn the public handles of the input into objects for the service."""
    resolved = dict(values)
    if "components" in values:
        found = list(
            dossier.procedure.components.filter(position__in=values["components"])
        )
        if len(found) != len(set(values["components"])):
            raise serializers.ValidationError(
                {"components": [_("Thủ tục không có thành phần này.")]}
            )
        resolved["components"] = found
    if "assignee" in values:
        resolved["assignee"] = User.objects.filter(username=values["assignee"]).first()
        if resolved["assignee"] is None:
            raise serializers.ValidationError(
                {"assignee": [_("Không tìm thấy cán bộ.")]}
            )
    if "agency" in values:
        resolved["agency"] = Agency.objects.filter(uuid=values["agency"]).first()
        if resolved["agency"] is None:
            raise serializers.ValidationError(
                {"agency": [_("Không tìm thấy cơ quan.")]}
            )
    return resolved


@extend_schema(tags=["dossiers"])
class DossierFilesApi(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(parameters=[CODE], responses={200: DossierFileSerializer(many=True)})
    def get(self, request: Request, code: str) -> Response:
        dossier = selectors.dossier_get_for(request.user, code)
        audit.dossier_access_record(
            request, dossier, action=AccessAction.VIEW, channel="api", detail="files"
        )
        files = selectors.dossier_files_for(request.user, dossier)
        return Response(DossierFileSerializer(files, many=True).data)

    @extend_schema(
        parameters=[CODE],
        request={"multipart/form-data": FileUploadInputSerializer},
        responses={201: DossierFileSerializer, **CONFLICT},
        description="Upload a component (PDF, JPEG, PNG, DOCX, XLSX; checked by "
        "content) or, for the assigned officer, the result.",
    )
    @idempotent
    def post(self, request: Request, code: str) -> Response:
        user: User = request.user  # type: ignore[assignment]
        dossier = selectors.dossier_get_for(user, code)
        data = FileUploadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        component = None
        if "component" in data.validated_data:
            component = dossier.procedure.components.filter(
                position=data.validated_data["component"]
            ).first()
            if component is None:
                raise serializers.ValidationError(
                    {"component": [_("Thủ tục không có thành phần này.")]}
                )
        try:
            stored = services.dossier_file_add(
                dossier=dossier,
                actor=user,
                upload=data.validated_data["file"],
                component=component,
                kind=data.validated_data["kind"],
            )
        except DomainError as error:
            if error.status_code == status.HTTP_400_BAD_REQUEST:
                raise serializers.ValidationError({"file": [error.message]}) from error
            raise
        return Response(DossierFileSerializer(stored).data, status=201)


@extend_schema(tags=["dossiers"])
class DossierFileReuseApi(APIView):
    """Papers of the applicant's data store offered for the components of their
    dossier, and attaching one instead of a new upload (the rules of the page:
    dossiers.services.dossier_file_reuse)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: ReuseOfferSerializer(many=True)})
    def get(self, request: Request, code: str) -> Response:
        user: User = request.user  # type: ignore[assignment]
        dossier = selectors.dossier_get_for(user, code)
        if dossier.owner_id != user.pk:
            return Response([])
        offers = reusable_for(user, dossier.procedure.components.filter(is_note=False))
        return Response(
            ReuseOfferSerializer(
                [
                    {"component": position, "documents": documents}
                    for position, documents in sorted(offers.items())
                    if documents
                ],
                many=True,
                context={"request": request},
            ).data
        )

    @extend_schema(
        request=FileReuseInputSerializer,
        responses={201: DossierFileSerializer, **BAD_REQUEST, **CONFLICT},
        description="Attach a document of the caller's data store to a component "
        "of their draft (or a dossier waiting for a supplement): of the kind the "
        "component names, valid today.",
    )
    def post(self, request: Request, code: str) -> Response:
        user: User = request.user  # type: ignore[assignment]
        dossier = selectors.dossier_get_for(user, code)
        data = FileReuseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        component = dossier.procedure.components.filter(
            position=data.validated_data["component"], is_note=False
        ).first()
        if component is None:
            raise serializers.ValidationError(
                {"component": [_("Thủ tục không có thành phần này.")]}
            )
        document = (
            stored_documents_of(user)
            .filter(uuid=data.validated_data["document"])
            .first()
        )
        if document is None:
            raise serializers.ValidationError(
                {"document": [_("Không có giấy tờ này trong kho dữ liệu của bạn.")]}
            )
        try:
            stored = services.dossier_file_reuse(
                dossier=dossier, actor=user, component=component, document=document
            )
        except DomainError as error:
            if error.status_code == status.HTTP_400_BAD_REQUEST:
                raise serializers.ValidationError(
                    {"document": [error.message]}
                ) from error
            raise
        return Response(DossierFileSerializer(stored).data, status=201)


@extend_schema(tags=["dossiers"])
class DossierLookupApi(APIView):
    """Public status of a dossier: its code and the last digits of the applicant's
    phone or ID number. The same 404 answers a wrong code and wrong digits."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        parameters=[LookupInputSerializer],
        responses={200: LookupSerializer, 404: ErrorSerializer, 429: ErrorSerializer},
        description="Attempts are limited per code and per client address "
        "(docs/security.md); past a limit the answer is 429.",
    )
    def get(self, request: Request) -> Response:
        data = LookupInputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        dossier = services.dossier_lookup_limited(
            code=data.validated_data["code"],
            verify=data.validated_data["verify"],
            address=client_address(request._request),
        )
        if dossier is None:
            raise NotFound(
                ErrorCode.NOT_FOUND,
                _("Không tìm thấy hồ sơ với mã và số kiểm tra này."),
            )
        return Response(LookupSerializer(dossier).data)
