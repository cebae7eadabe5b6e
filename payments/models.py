"""Fees owed for a dossier, how they were paid, the receipts and the refunds.

A PaymentRequest is what the citizen owes at one moment (reception, supplement,
result): its items come from the procedure's fee items for the dossier's channel.
Each redirect to a gateway is a PaymentAttempt with our own reference (vnp_TxnRef);
every callback the gateways send is kept as a GatewayCallback, accepted or not, so
that reconciliation can explain every đồng. Money is whole VND in integers.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency
from dossiers.models import Dossier
from payments.workflow import PAYABLE, PaymentStatus
from procedures.models import FeeDue, FeeItem, FeeKind, PaymentGate


class Platform(models.IntegerChoices):
    """Where an online payment was made: the national sync field
    DuocThanhToanTrucTuyen (1 national platform, 2 ministry or province gateway)."""

    NATIONAL = 1, _("Nền tảng thanh toán trên Cổng DVC quốc gia")
    PROVINCE = 2, _("Cổng thanh toán của tỉnh")


class Method(models.TextChoices):
    ONLINE = "online", _("Trực tuyến")
    CASH = "cash", _("Tiền mặt tại quầy")
    CARD = "card", _("Thẻ tại quầy")


class PaymentRequest(models.Model):
    uuid = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("UUID")
    )
    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.PROTECT,
        related_name="payment_requests",
        verbose_name=_("hồ sơ"),
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan thu"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    moment = models.CharField(_("thời điểm thu"), max_length=12, choices=FeeDue.choices)
    gate = models.CharField(_("phải nộp"), max_length=12, choices=PaymentGate.choices)
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=PaymentStatus.choices,
        default=PaymentStatus.PENDING,
    )
    total = models.PositiveBigIntegerField(_("tổng số tiền (đồng)"), default=0)
    expires_at = models.DateTimeField(_("hạn thanh toán"))
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người lập"),
    )
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)
    method = models.CharField(
        _("hình thức"), max_length=8, choices=Method.choices, blank=True
    )
    gateway = models.CharField(_("cổng thanh toán"), max_length=16, blank=True)
    platform = models.PositiveSmallIntegerField(
        _("nền tảng thanh toán"), choices=Platform.choices, null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ thu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("yêu cầu thanh toán")
        verbose_name_plural = _("yêu cầu thanh toán")
        indexes = [
            models.Index(fields=["status", "expires_at"], name="payment_open_expiry"),
            models.Index(fields=["agency", "paid_at"], name="payment_agency_paid"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PaymentStatus.values),
                name="payment_request_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(method="") | Q(method__in=Method.values),
                name="payment_request_method_valid",
            ),
            # Paid means: when, how and, online, through which platform.
            models.CheckConstraint(
                condition=Q(status__in=["pending", "failed", "expired", "cancelled"])
                | (
                    Q(paid_at__isnull=False)
                    & ~Q(method="")
                    & (~Q(method="online") | Q(platform__isnull=False))
                ),
                name="payment_request_paid_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier.code}: {self.total} đ ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        """Still to be paid (a failed attempt may be tried again)."""
        return self.status in PAYABLE

    @property
    def is_settled(self) -> bool:
        """Every item has its amount (ranges decided by the clerk)."""
        return all(item.amount is not None for item in self.items.all())


class PaymentItem(models.Model):
    """One fee or charge of a request, copied from the catalogue when issued."""

    request = models.ForeignKey(
        PaymentRequest, on_delete=models.CASCADE, related_name="items"
    )
    fee_item = models.ForeignKey(
        FeeItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    kind = models.CharField(_("loại"), max_length=8, choices=FeeKind.choices)
    name = models.CharField(_("nội dung"), max_length=500)
    amount_min = models.PositiveBigIntegerField(_("mức thu tối thiểu (đồng)"))
    amount_max = models.PositiveBigIntegerField(_("mức thu tối đa (đồng)"))
    # None while a range waits for the clerk's decision.
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"), null=True, blank=True)
    exempt = models.BooleanField(_("được miễn"), default=False)
    reason = models.CharField(_("lý do mức thu, miễn giảm"), max_length=500, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["request", "position"]
        verbose_name = _("khoản phí, lệ phí")
        verbose_name_plural = _("khoản phí, lệ phí")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "position"], name="payment_item_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True)
                | Q(exempt=True, amount=0)
                | Q(
                    amount__gte=models.F("amount_min"),
                    amount__lte=models.F("amount_max"),
                ),
                name="payment_item_amount_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount} đ"


class AttemptOutcome(models.TextChoices):
    STARTED = "started", _("Đã chuyển sang cổng thanh toán")
    SUCCEEDED = "succeeded", _("Thành công")
    FAILED = "failed", _("Không thành công")
    CANCELLED = "cancelled", _("Người nộp hủy")


class PaymentAttempt(models.Model):
    """One redirect of the citizen to a gateway; `reference` is ours (vnp_TxnRef),
    `transaction_ref` the gateway's own number (vnp_TransactionNo)."""

    Outcome = AttemptOutcome
    request = models.ForeignKey(
        PaymentRequest, on_delete=models.PROTECT, related_name="attempts"
    )
    gateway = models.CharField(_("cổng thanh toán"), max_length=16)
    reference = models.CharField(_("mã giao dịch của cổng DVC"), max_length=40)
    transaction_ref = models.CharField(
        _("mã giao dịch của cổng thanh toán"), max_length=40, blank=True
    )
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    outcome = models.CharField(
        _("kết quả"), max_length=12, choices=Outcome.choices, default=Outcome.STARTED
    )
    response_code = models.CharField(_("mã phản hồi"), max_length=8, blank=True)
    bank_code = models.CharField(_("ngân hàng"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("bắt đầu lúc"), default=timezone.now)
    completed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    raw_callback = models.JSONField(_("dữ liệu cổng gửi về"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("giao dịch thanh toán")
        verbose_name_plural = _("giao dịch thanh toán")
        indexes = [
            models.Index(fields=["gateway", "created_at"], name="attempt_gateway_day"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="attempt_unique_ref"),
            # The last guard against a gateway transaction counted twice.
            models.UniqueConstraint(
                fields=["gateway", "transaction_ref"],
                condition=~Q(transaction_ref=""),
                name="attempt_unique_gateway_transaction",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=AttemptOutcome.values),
                name="attempt_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gateway} {self.reference}"


class GatewayCallback(models.Model):
    """Every server-to-server callback received, accepted or refused (audit)."""

    gateway = models.CharField(_("cổng thanh toán"), max_length=16)
    received_at = models.DateTimeField(_("nhận lúc"), default=timezone.now)
    reference = models.CharField(_("mã giao dịch"), max_length=40, blank=True)
    transaction_ref = models.CharField(
        _("mã giao dịch của cổng"), max_length=40, blank=True
    )
    amount = models.BigIntegerField(_("số tiền (đồng)"), null=True, blank=True)
    succeeded = models.BooleanField(_("cổng báo thành công"), default=False)
    answer = models.CharField(_("mã trả lời"), max_length=4)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    attempt = models.ForeignKey(
        PaymentAttempt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="callbacks",
        verbose_name=_("lượt thanh toán"),
    )
    raw = models.JSONField(_("dữ liệu nguyên văn"), default=dict)
    client_address = models.GenericIPAddressField(
        null=True, blank=True, verbose_name=_("địa chỉ gửi")
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("thông báo từ cổng thanh toán")
        verbose_name_plural = _("thông báo từ cổng thanh toán")
        indexes = [
            models.Index(
                fields=["gateway", "received_at"], name="callback_gateway_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gateway} {self.reference} → {self.answer}"


class ReceiptSequence(models.Model):
    """The last receipt number of an agency in a year; locked to number without gaps."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"], name="receipt_sequence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


def receipt_file_path(instance: PaymentReceipt, filename: str) -> str:
    return f"receipts/{instance.year}/{instance.number}.pdf"


class PaymentReceipt(models.Model):
    """The electronic receipt (biên lai điện tử) of a paid request."""

    request = models.OneToOneField(
        PaymentRequest, on_delete=models.PROTECT, related_name="receipt"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    sequence = models.PositiveIntegerField(_("số thứ tự"))
    number = models.CharField(_("số biên lai"), max_length=40)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    payer_name = models.CharField(_("người nộp"), max_length=255)
    method = models.CharField(_("hình thức"), max_length=8, choices=Method.choices)
    issued_at = models.DateTimeField(_("lập lúc"), default=timezone.now)
    file = models.FileField(upload_to=receipt_file_path, max_length=255, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("biên lai điện tử")
        verbose_name_plural = _("biên lai điện tử")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "sequence"], name="receipt_unique_sequence"
            ),
            models.UniqueConstraint(fields=["number"], name="receipt_unique_number"),
        ]

    def __str__(self) -> str:
        return self.number


def refund_reference() -> str:
    return f"HT{uuid.uuid4().hex[:20].upper()}"


class RefundStatus(models.TextChoices):
    # Asked of the gateway, no answer yet: the amount is held against the payment.
    PENDING = "pending", _("Đang chờ cổng thanh toán")
    DONE = "done", _("Đã hoàn")
    FAILED = "failed", _("Hoàn không thành công")


class Refund(models.Model):
    """Money given back for a paid request, with the reason and who approved it.

    A request may be refunded in parts; the refunds pending or done never add up
    to more than was paid (checked under the request's row lock). An online
    payment is refunded through its gateway, whose answer is kept."""

    Status = RefundStatus
    request = models.ForeignKey(
        PaymentRequest, on_delete=models.PROTECT, related_name="refunds"
    )
    # Our id of the refund (vnp_RequestId), unique so a gateway never does it twice.
    reference = models.CharField(
        _("mã yêu cầu hoàn"), max_length=40, unique=True, default=refund_reference
    )
    amount = models.PositiveBigIntegerField(_("số tiền hoàn (đồng)"))
    reason = models.TextField(_("lý do hoàn"))
    status = models.CharField(
        _("trạng thái"),
        max_length=8,
        choices=RefundStatus.choices,
        default=RefundStatus.PENDING,
    )
    # Empty for money given back at the counter.
    gateway = models.CharField(_("cổng thanh toán"), max_length=16, blank=True)
    transaction_ref = models.CharField(
        _("mã giao dịch hoàn của cổng"), max_length=40, blank=True
    )
    response_code = models.CharField(_("mã phản hồi"), max_length=8, blank=True)
    raw_response = models.JSONField(_("dữ liệu cổng trả lời"), default=dict, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phê duyệt"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("yêu cầu lúc"), default=timezone.now)
    completed_at = models.DateTimeField(_("hoàn lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("hoàn tiền")
        verbose_name_plural = _("hoàn tiền")
        indexes = [
            models.Index(fields=["status", "created_at"], name="refund_status_day"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="refund_needs_reason"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_positive"),
            models.CheckConstraint(
                condition=Q(status__in=RefundStatus.values), name="refund_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(completed_at__isnull=False),
                name="refund_completed_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.amount} đ ({self.get_status_display()})"
