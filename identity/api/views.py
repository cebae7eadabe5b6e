from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from identity import services
from identity.api.serializers import (
    ClaimConfirmInputSerializer,
    ClaimedSerializer,
    ClaimSerializer,
    ClaimStartInputSerializer,
    CounterCheckInputSerializer,
    VerifiedAccountSerializer,
)

ERRORS = {
    400: OpenApiResponse(description="Refused: a field or a rule (detail, code)."),
    401: OpenApiResponse(description="Not logged in."),
}


class ClaimStartApi(APIView):
    """Send a one-time code to the contact written on one's own walk-in dossier."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["identity"],
        request=ClaimStartInputSerializer,
        responses={201: ClaimSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        data = ClaimStartInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        claim = services.claim_start(user=user, **data.validated_data)
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)


class ClaimConfirmApi(APIView):
    """Type the code back: the dossier is linked and the account verified."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["identity"],
        request=ClaimConfirmInputSerializer,
        responses={
            200: ClaimedSerializer,
            404: OpenApiResponse(description="No such claim of this account."),
            **ERRORS,
        },
    )
    def post(self, request: Request, id: str) -> Response:
        data = ClaimConfirmInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        dossier = services.claim_confirm(
            user=user, claim_id=str(id), code=data.validated_data["code"]
        )
        user.refresh_from_db(fields=["verified_at"])
        return Response({"dossier": dossier.code, "verified": user.is_verified})


class CounterCheckApi(APIView):
    """A clerk records the check of a person's ID card at the counter."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["identity"],
        request=CounterCheckInputSerializer,
        responses={
            200: VerifiedAccountSerializer,
            409: OpenApiResponse(description="Only counter clerks verify accounts."),
            **ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        data = CounterCheckInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        clerk: User = request.user  # type: ignore[assignment]
        user = services.account_verify_at_counter(
            clerk=clerk, channel="api", request=request._request, **data.validated_data
        )
        return Response(VerifiedAccountSerializer(user).data)
