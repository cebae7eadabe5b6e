"""Feedback (phản ánh, kiến nghị), its attachments and its append-only history.

The status is written only by feedback.services.feedback_apply_action, following
feedback.workflow. The sender's contact details are shown to staff only; the public
page shows the published question and answer (feedback.selectors).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency
from core.models import AppendOnlyModel
from core.uploads import random_stored_name
from dossiers.models import Dossier
from feedback.workflow import FINAL_STATUSES, FeedbackStatus
from procedures.models import Procedure


class FeedbackKind(models.TextChoices):
    REGULATION = "regulation", _("Về quy định hành chính, thủ tục hành chính")
    CONDUCT = "conduct", _("Về hành vi, cách giải quyết của cán bộ, công chức")
    OTHER = "other", _("Nội dung khác")


class FeedbackChannel(models.TextChoices):
    ONLINE = "online", _("Trên cổng")
    COUNTER = "counter", _("Tại Bộ phận Một cửa")
    API = "api", _("Qua API")


class Feedback(models.Model):
    uuid = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("UUID")
    )
    code = models.CharField(_("mã phản ánh"), max_length=24, unique=True)
    kind = models.CharField(_("phân loại"), max_length=12, choices=FeedbackKind.choices)
    channel = models.CharField(
        _("kênh gửi"), max_length=8, choices=FeedbackChannel.choices
    )
    subject = models.CharField(_("tiêu đề"), max_length=200)
    text = models.TextField(_("nội dung"))
    procedure = models.ForeignKey(
        Procedure,
        verbose_name=_("thủ tục"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
    )
    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("hồ sơ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan xử lý"),
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    # The sender: an account (online) or nobody (anonymous form, counter).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản gửi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
    )
    sender_name = models.CharField(_("họ tên người gửi"), max_length=150)
    sender_phone = models.CharField(_("số điện thoại"), max_length=10)
    sender_email = models.EmailField(_("thư điện tử"), blank=True)
    sender_address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    sender_id_number = models.CharField(
        _("số CCCD / mã số thuế"), max_length=14, blank=True
    )
    publish_name = models.BooleanField(_("đồng ý công khai họ tên"), default=False)
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=FeedbackStatus.choices,
        default=FeedbackStatus.RECEIVED,
        editable=False,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ xử lý"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_feedback",
    )
    received_at = models.DateTimeField(_("tiếp nhận lúc"), default=timezone.now)
    # The clock of the current agency: reception, or the latest transfer.
    clock_from = models.DateTimeField(_("tính thời hạn từ"), default=timezone.now)
    reject_due_at = models.DateTimeField(_("hạn từ chối tiếp nhận"), null=True)
    info_due_at = models.DateTimeField(_("hạn yêu cầu bổ sung"), null=True)
    answer_due_at = models.DateTimeField(_("hạn trả lời"), null=True)
    publish_due_at = models.DateTimeField(_("hạn công khai"), null=True, blank=True)
    info_requested_at = models.DateTimeField(
        _("yêu cầu bổ sung lúc"), null=True, blank=True
    )
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    public_subject = models.CharField(
        _("tiêu đề công khai"), max_length=200, blank=True
    )
    public_text = models.TextField(_("nội dung phản ánh công khai"), blank=True)
    is_published = models.BooleanField(_("đã công khai"), default=False)
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    is_spam = models.BooleanField(_("thư rác"), default=False)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("trùng với"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    satisfied = models.BooleanField(_("hài lòng"), null=True, blank=True)
    rated_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        indexes = [
            models.Index(fields=["agency", "status", "answer_due_at"]),
            models.Index(fields=["assignee", "status", "answer_due_at"]),
            models.Index(fields=["owner", "-received_at"]),
            models.Index(
                fields=["-published_at"],
                name="feedback_published",
                condition=Q(is_published=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=FeedbackStatus.values),
                name="feedback_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=FeedbackKind.values), name="feedback_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def permission_owner_id(self) -> int | None:
        return self.owner_id

    @property
    def permission_agency_ids(self) -> list[int]:
        return [self.agency_id]

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def sender_display(self) -> str:
        """The name the public page shows: the sender's only if they agreed."""
        return self.sender_name if self.publish_name else str(_("Người gửi ẩn danh"))

    def next_due_at(self) -> Any:
        """The deadline the agency works towards now (the worklist's order)."""
        if self.status == FeedbackStatus.APPROVED:
            return self.publish_due_at
        if self.status in FINAL_STATUSES:
            return None
        return self.answer_due_at


class FeedbackSequence(models.Model):
    """The last number of each day's feedback codes."""

    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class FeedbackEvent(AppendOnlyModel):
    """One move of a feedback: who, when, from and to which status, why.

    Append-only: never updated or deleted (the history is evidence).
    """

    feedback = models.ForeignKey(
        Feedback, on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("thao tác"), max_length=24)
    from_status = models.CharField(_("từ trạng thái"), max_length=16, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=255, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("lịch sử xử lý phản ánh")
        verbose_name_plural = _("lịch sử xử lý phản ánh")
        indexes = [models.Index(fields=["feedback", "at"])]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.action} {self.at:%d/%m/%Y %H:%M}"


def feedback_file_path(instance: FeedbackFile, filename: str) -> str:
    return random_stored_name(f"feedback/{instance.feedback.uuid}", filename)


class FeedbackFile(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(upload_to=feedback_file_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("tệp đính kèm phản ánh")
        verbose_name_plural = _("tệp đính kèm phản ánh")

    def __str__(self) -> str:
        return self.original_name
