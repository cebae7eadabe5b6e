"""One-time codes that prove a person holds a contact written on a counter dossier.

A clerk writes the applicant's phone and e-mail on a walk-in dossier. A code sent
there and typed back by a logged-in person links the dossier to their account and,
as the same proof, verifies the account's identity (docs/accounts.md). Only an HMAC
of the code is stored; attempts are counted by a conditional UPDATE.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers.models import Dossier


class ClaimChannel(models.TextChoices):
    SMS = "sms", _("Tin nhắn SMS")
    EMAIL = "email", _("Thư điện tử")


class ClaimCode(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="claim_codes",
    )
    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("hồ sơ"),
        on_delete=models.CASCADE,
        related_name="claim_codes",
    )
    channel = models.CharField(_("kênh"), max_length=8, choices=ClaimChannel.choices)
    recipient = models.CharField(_("gửi tới"), max_length=254)
    code_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    attempts = models.PositiveSmallIntegerField(_("số lần nhập"), default=0)
    used_at = models.DateTimeField(_("dùng lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mã xác nhận nhận hồ sơ")
        verbose_name_plural = _("mã xác nhận nhận hồ sơ")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="claimcode_user_created")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=ClaimChannel.values),
                name="claimcode_channel_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier} → {self.user}"
