from typing import Any

from django.contrib.auth import authenticate
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors
from accounts.api.filters import AgencyFilter
from accounts.api.serializers import (
    AgencySerializer,
    HistoricalInputSerializer,
    TokenInputSerializer,
    TokenSerializer,
    UserSerializer,
)
from accounts.models import Agency, User
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
        responses={200: TokenSerializer},
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
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
