"""Notifications: an outbox of e-mails, SMS and in-app notices, and preferences.

A Notification row is written in the same transaction as the event that causes it
and sent by a Celery task queued on commit (notifications.services). Its status
moves pending → sending → sent (→ delivered when the SMS provider reports it), or
→ failed; only conditional UPDATEs in services.py change it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers.models import Dossier


class Channel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")
    IN_APP = "in_app", _("Thông báo trên cổng")


class Status(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    DELIVERED = "delivered", _("Đã đến người nhận")
    FAILED = "failed", _("Không gửi được")


class Notification(models.Model):
    uuid = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("UUID")
    )
    # Names the cause and the recipient, so that the same event or the same morning's
    # reminder cannot write a second row (empty for one-off messages).
    key = models.CharField(_("khóa chống trùng"), max_length=120, blank=True)
    kind = models.CharField(_("loại"), max_length=40)
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    # An e-mail address or a mobile number; empty for in-app notices.
    recipient = models.CharField(_("người nhận"), max_length=254, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản nhận"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("hồ sơ"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    subject = models.CharField(_("tiêu đề"), max_length=255)
    text = models.TextField(_("nội dung"))
    html = models.TextField(_("nội dung HTML"), blank=True)
    link = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=Status.choices,
        default=Status.PENDING,
        editable=False,
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    provider_message_id = models.CharField(
        _("mã tin của nhà cung cấp"), max_length=255, blank=True
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    # The sweep re-queues a pending row only a grace period after this moment.
    next_attempt_at = models.DateTimeField(_("gửi từ"), default=timezone.now)
    claimed_at = models.DateTimeField(_("bắt đầu gửi lúc"), null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi xong lúc"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("đến nơi lúc"), null=True, blank=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"], name="notification_outbox"
            ),
            models.Index(
                fields=["user", "channel", "-created_at"], name="notification_inbox"
            ),
            models.Index(fields=["provider_message_id"], name="notification_provider"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="notification_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values),
                name="notification_channel_valid",
            ),
            models.UniqueConstraint(
                fields=["key"], condition=~Q(key=""), name="notification_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.kind} #{self.pk}"

    @property
    def is_done(self) -> bool:
        """Sent, delivered or given up: a task has nothing left to do."""
        return self.status in {Status.SENT, Status.DELIVERED, Status.FAILED}


class NotificationPreference(models.Model):
    """How a person wants to hear about their dossiers (both channels by default)."""

    class Channels(models.TextChoices):
        BOTH = "both", _("Cả tin nhắn SMS và thư điện tử")
        SMS = "sms", _("Chỉ tin nhắn SMS")
        EMAIL = "email", _("Chỉ thư điện tử")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    channels = models.CharField(
        _("nhận thông báo qua"),
        max_length=8,
        choices=Channels.choices,
        default=Channels.BOTH,
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("lựa chọn nhận thông báo")
        verbose_name_plural = _("lựa chọn nhận thông báo")
        constraints = [
            models.CheckConstraint(
                condition=Q(channels__in=["both", "sms", "email"]),
                name="notification_preference_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_channels_display()}"

    def wants(self, channel: str) -> bool:
        return self.channels in {self.Channels.BOTH, channel}
