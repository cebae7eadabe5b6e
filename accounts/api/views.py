from typing import Any

from django.contrib.auth import authenticate
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services, tokens
from accounts.api.filters import AgencyFilter
from accounts.api.serializers import (
    AgencySerializer,
    HistoricalInputSerializer,
    RolesInputSerializer,
    RolesSerializer,
    TokenInfoSerializer,
    TokenInputSerializer,
    TokenSerializer,
    UserSerializer,
)
from accounts.models import Agency, User
from accounts.permissions import roles_of
from core.throttling import ScopedRateThrottle


@extend_schema(tags=["agencies"])
class AgencyListApi(generics.ListAPIView[Agency]):
    """Agencies of the province (current ones unless `include_historical=true`)."""

    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "include_historical",
                OpenApiTypes.BOOL,
                description="Also list former units (pre-2025 districts).",
            )
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Agency]:
        params = HistoricalInputSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.agency_list(
            include_historical=params.validated_data["include_historical"]
        )


@extend_schema(tags=["agencies"], responses={200: AgencySerializer})
class AgencyDetailApi(generics.RetrieveAPIView[Agency]):
    serializer_class = AgencySerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self) -> Agency:
        return selectors.agency_get(uuid=str(self.kwargs["id"]))


class MeApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=["auth"], responses={200: UserSerializer})
    def get(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        return Response(UserSerializer(user).data)


class TokenObtainApi(APIView):
    """Exchange a login name (or e-mail) and password for an API token."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(
        tags=["auth"],
        request=TokenInputSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description="Wrong login name or password."),
        },
    )
    def post(self, request: Request) -> Response:
        data = TokenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Tên đăng nhập hoặc mật khẩu không đúng.")]}
            )
        token, key = tokens.token_issue(user=user, name="API")
        return Response(
            {"token": key, "id": token.uuid, "expires_at": token.expires_at}
        )


NOT_LOGGED_IN = OpenApiResponse(description="Not logged in.")


class TokenListApi(APIView):
    """The person's API tokens still usable (keys are never shown again)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["auth"],
        responses={200: TokenInfoSerializer(many=True), 401: NOT_LOGGED_IN},
    )
    def get(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        active = tokens.tokens_active_for(user)
        return Response(TokenInfoSerializer(active, many=True).data)


class TokenRevokeApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["auth"],
        responses={
            204: None,
            401: NOT_LOGGED_IN,
            404: OpenApiResponse(description="No such token of this person."),
        },
    )
    def delete(self, request: Request, id: str) -> Response:
        user: User = request.user  # type: ignore[assignment]
        tokens.token_revoke(user=user, token_id=str(id))
        return Response(status=204)


class LogoutEverywhereApi(APIView):
    """End every session and API token of the person, this one included."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["auth"], request=None, responses={204: None, 401: NOT_LOGGED_IN}
    )
    def post(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        tokens.logout_everywhere(user=user)
        return Response(status=204)


class StaffRolesApi(APIView):
    """Set a staff member's roles, under the grant rule (docs/accounts.md)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["auth"],
        request=RolesInputSerializer,
        responses={
            200: RolesSerializer,
            400: OpenApiResponse(description="Not a role, or not a staff member."),
            401: NOT_LOGGED_IN,
            403: OpenApiResponse(description="Not yours to grant (detail, code)."),
            404: OpenApiResponse(description="No such user in your scope."),
        },
    )
    def put(self, request: Request, username: str) -> Response:
        data = RolesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        granter: User = request.user  # type: ignore[assignment]
        target = selectors.user_get_for(granter, username)
        services.staff_set_roles(
            user=target,
            roles=data.validated_data["roles"],
            granter=granter,
            channel="api",
            request=request._request,
        )
        return Response(
            {"username": target.username, "roles": sorted(roles_of(target))}
        )
