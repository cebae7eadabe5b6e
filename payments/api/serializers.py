from rest_framework import serializers

from payments.models import PaymentItem, PaymentReceipt, PaymentRequest, Refund
from payments.selectors import refunded_total


class PaymentItemSerializer(serializers.ModelSerializer[PaymentItem]):
    class Meta:
        model = PaymentItem
        fields = [
            "position",
            "kind",
            "name",
            "amount_min",
            "amount_max",
            "amount",
            "exempt",
            "reason",
        ]


class RefundSerializer(serializers.ModelSerializer[Refund]):
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = Refund
        fields = [
            "reference",
            "amount",
            "status",
            "status_label",
            "reason",
            "created_at",
        ]


class RefundCreateInputSerializer(serializers.Serializer[object]):
    amount = serializers.IntegerField(
        min_value=1,
        max_value=10**12,
        help_text="VND to give back: at least 1, at most what is left to refund.",
    )
    reason = serializers.CharField(max_length=2000, help_text="Why it is refunded.")
    approver = serializers.CharField(
        max_length=150,
        help_text="Username of the leader of the collecting agency who approved it.",
    )


class PaymentRequestSerializer(serializers.ModelSerializer[PaymentRequest]):
    """One request as its dossier page shows it, to the citizen and to staff."""

    items = PaymentItemSerializer(many=True)
    refunds = RefundSerializer(many=True)
    receipt_number = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = PaymentRequest
        fields = [
            "uuid",
            "moment",
            "gate",
            "status",
            "status_label",
            "total",
            "expires_at",
            "paid_at",
            "method",
            "platform",
            "items",
            "receipt_number",
            "refunds",
        ]

    def get_receipt_number(self, obj: PaymentRequest) -> str | None:
        receipt = getattr(obj, "receipt", None)
        return receipt.number if receipt else None


class DossierPaymentSerializer(serializers.Serializer[object]):
    code = serializers.CharField()
    owed = serializers.IntegerField(help_text="VND still to pay.")
    can_pay_online = serializers.BooleanField()
    requests = PaymentRequestSerializer(many=True)


class PaymentStartInputSerializer(serializers.Serializer[object]):
    return_url = serializers.URLField(
        required=False,
        help_text="Where the gateway sends the browser back; the portal's page "
        "when omitted.",
    )


class PaymentStartSerializer(serializers.Serializer[object]):
    reference = serializers.CharField()
    amount = serializers.IntegerField()
    redirect_url = serializers.CharField()


class IpnAnswerSerializer(serializers.Serializer[object]):
    RspCode = serializers.CharField()
    Message = serializers.CharField()


class ReceiptVerificationSerializer(serializers.ModelSerializer[PaymentReceipt]):
    """What anyone holding the receipt may check: never the payer's full name."""

    agency = serializers.CharField(source="agency.name")
    dossier_code = serializers.CharField(source="request.dossier.code")
    payer = serializers.SerializerMethodField()
    valid = serializers.SerializerMethodField()
    refunded = serializers.SerializerMethodField(help_text="VND given back so far.")

    class Meta:
        model = PaymentReceipt
        fields = [
            "number",
            "agency",
            "dossier_code",
            "amount",
            "method",
            "issued_at",
            "payer",
            "valid",
            "refunded",
        ]

    def get_payer(self, obj: PaymentReceipt) -> str:
        from dossiers.display import mask_name

        return mask_name(obj.payer_name)

    def get_valid(self, obj: PaymentReceipt) -> bool:
        """False once the whole amount was refunded."""
        return obj.request.status == "paid"

    def get_refunded(self, obj: PaymentReceipt) -> int:
        return refunded_total(obj.request)


class ReconciliationRowSerializer(serializers.Serializer[object]):
    agency = serializers.CharField(source="agency.name")
    gateway = serializers.CharField()
    started = serializers.IntegerField()
    started_total = serializers.IntegerField()
    failed = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    confirmed_total = serializers.IntegerField()
    reported_total = serializers.IntegerField()
    receipts = serializers.IntegerField()
    receipts_total = serializers.IntegerField()
    refunds_total = serializers.IntegerField()
    difference = serializers.IntegerField()
    balanced = serializers.BooleanField()


class AnomalySerializer(serializers.Serializer[object]):
    kind = serializers.CharField()
    at = serializers.DateTimeField()
    gateway = serializers.CharField()
    reference = serializers.CharField()
    amount = serializers.IntegerField(allow_null=True)


class ReconciliationSerializer(serializers.Serializer[object]):
    day = serializers.DateField()
    balanced = serializers.BooleanField()
    confirmed_total = serializers.IntegerField()
    receipts_total = serializers.IntegerField()
    rows = ReconciliationRowSerializer(many=True)
    anomalies = AnomalySerializer(many=True)


class ReconciliationInputSerializer(serializers.Serializer[object]):
    day = serializers.DateField(required=False)
