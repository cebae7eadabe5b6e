from collections.abc import Mapping

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.permissions import has_role
from core.api import ErrorSerializer
from core.client import client_address
from core.idempotency import idempotent
from payments import gateways, selectors, services
from payments.api.serializers import (
    DossierPaymentSerializer,
    IpnAnswerSerializer,
    PaymentStartInputSerializer,
    PaymentStartSerializer,
    ReceiptVerificationSerializer,
    ReconciliationInputSerializer,
    ReconciliationSerializer,
    RefundCreateInputSerializer,
    RefundSerializer,
)
from payments.reconciliation import RECONCILIATION_ROLES, reconciliation_for


@extend_schema(tags=["payments"])
class DossierPaymentApi(APIView):
    """What a dossier owes and how it was paid (its applicant, or staff in scope)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: DossierPaymentSerializer})
    def get(self, request: Request, code: str) -> Response:
        dossier = selectors.payment_dossier_get_for(request.user, code)
        summary = selectors.payment_summary(dossier, request.user)
        return Response(DossierPaymentSerializer(summary).data)


@extend_schema(tags=["payments"])
class DossierPaymentStartApi(APIView):
    """The applicant starts paying online; the answer holds the gateway URL.

    409 when nothing is owed, the amount awaits the clerk's decision, the request
    expired, or online payment is not offered for the procedure.
    """

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=PaymentStartInputSerializer,
        responses={201: PaymentStartSerializer, 409: ErrorSerializer},
    )
    @idempotent
    def post(self, request: Request, code: str) -> Response:
        data = PaymentStartInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        dossier = selectors.payment_dossier_get_for(user, code)
        payment = selectors.payable_request_for_owner(dossier, user)
        attempt, url = services.payment_start(
            request_uuid=payment.uuid,
            actor=user,
            gateway=gateways.default_gateway(),
            return_url=data.validated_data.get("return_url")
            or request.build_absolute_uri(reverse("payments:return")),
            client_address=client_address(request),
        )
        body = {
            "reference": attempt.reference,
            "amount": attempt.amount,
            "redirect_url": url,
        }
        return Response(PaymentStartSerializer(body).data, status=201)


@extend_schema(tags=["payments"])
class PaymentIpnApi(APIView):
    """The gateways' server-to-server callback (IPN), signed with the merchant key.

    Answers in the VNPAY protocol with HTTP 200 and a RspCode: 00 confirmed, 01 order
    not found, 02 already confirmed (or expired), 04 invalid amount, 97 invalid
    signature, 99 other error. An unknown gateway name is a 404.
    """

    authentication_classes: list[type] = []
    permission_classes = [permissions.AllowAny]
    parser_classes = [FormParser, JSONParser]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "vnp_SecureHash", OpenApiTypes.STR, description="and every vnp_ field"
            )
        ],
        responses={200: IpnAnswerSerializer},
    )
    def get(self, request: Request, gateway: str) -> Response:
        params = {str(k): str(v) for k, v in request.query_params.items()}
        return self._handle(request, gateway, params)

    @extend_schema(request=OpenApiTypes.OBJECT, responses={200: IpnAnswerSerializer})
    def post(self, request: Request, gateway: str) -> Response:
        # A body that is not an object (a JSON list, say) carries no signed fields:
        # it is answered like any unsigned callback.
        data = request.data if isinstance(request.data, Mapping) else {}
        params = {str(k): str(v) for k, v in data.items()}
        return self._handle(request, gateway, params)

    def _handle(self, request: Request, name: str, params: dict[str, str]) -> Response:
        answer = services.payment_callback(
            gateway=gateways.get_gateway(name),
            params=params,
            client_address=client_address(request) or None,
        )
        return Response({"RspCode": answer.code, "Message": answer.message})


@extend_schema(tags=["payments"])
class ReceiptVerifyApi(APIView):
    """Check a receipt by its number (public; the payer's name is masked)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: ReceiptVerificationSerializer})
    def get(self, request: Request, number: str) -> Response:
        receipt = selectors.receipt_get_public(number)
        return Response(ReceiptVerificationSerializer(receipt).data)


@extend_schema(tags=["payments"])
class ReconciliationApi(APIView):
    """One day's reconciliation per agency and gateway, for staff of those agencies."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        parameters=[ReconciliationInputSerializer],
        responses={200: ReconciliationSerializer},
    )
    def get(self, request: Request) -> Response:
        if not has_role(request.user, *RECONCILIATION_ROLES):
            self.permission_denied(request)
        data = ReconciliationInputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        day = data.validated_data.get("day") or timezone.localdate()
        report = reconciliation_for(request.user, day)
        return Response(ReconciliationSerializer(report).data)


@extend_schema(tags=["payments"])
class RefundCreateApi(APIView):
    """A clerk of the collecting agency gives back all or part of a paid request,
    approved by a leader of that agency, as the dossier page does.

    201 with the refund: `done` for money paid at the counter, `pending` for an
    online payment (the gateway is asked right after; follow the refund on
    `GET /api/v1/dossiers/{code}/payment/`). 400 with `fields` for an amount of
    zero, below zero or above what is left, an empty reason, or an approver who is
    not a leader of the collecting agency; 409 when the request is not paid (or
    already wholly refunded) or the account is not a clerk; 404 for anyone who
    cannot see the dossier.
    """

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=RefundCreateInputSerializer,
        responses={
            201: RefundSerializer,
            400: ErrorSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
        },
    )
    @idempotent
    def post(self, request: Request, uuid: str) -> Response:
        payment = selectors.request_get_for_staff(request.user, uuid)
        data = RefundCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        approver = User.objects.filter(username=data.validated_data["approver"]).first()
        if approver is None:
            raise serializers.ValidationError(
                {"approver": [_("Không tìm thấy cán bộ.")]}
            )
        refund = services.refund_record(
            request_uuid=payment.uuid,
            actor=request.user,  # type: ignore[arg-type]
            approver=approver,
            reason=data.validated_data["reason"],
            amount=data.validated_data["amount"],
            client_address=client_address(request),
            after_commit=True,
        )
        return Response(RefundSerializer(refund).data, status=201)
