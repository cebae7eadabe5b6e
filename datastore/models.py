"""The citizen's electronic data store (kho dữ liệu điện tử của tổ chức, cá nhân).

Every paper an applicant uploads to a dossier and every signed electronic result
they receive is kept here, once per content, with its kind and validity, so that a
later dossier reuses it instead of a new upload (docs/datastore.md). Only the owner
ever sees their store.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import random_stored_name
from datastore.kinds import DocumentKind


def stored_document_path(instance: StoredDocument, filename: str) -> str:
    return random_stored_name(f"datastore/{instance.owner_id}", filename)


class DocumentSource(models.TextChoices):
    UPLOAD = "upload", _("Tải lên khi nộp hồ sơ")
    RESULT = "result", _("Kết quả điện tử của hồ sơ")


class StoredDocument(models.Model):
    Source = DocumentSource

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chủ sở hữu"),
        on_delete=models.CASCADE,
        related_name="stored_documents",
    )
    kind = models.CharField(
        _("loại giấy tờ"), max_length=16, choices=DocumentKind.choices
    )
    title = models.CharField(_("tên giấy tờ"), max_length=255)
    source = models.CharField(_("nguồn"), max_length=8, choices=Source.choices)
    # The dossier it came from (its code), for the owner's reference.
    dossier_code = models.CharField(_("từ hồ sơ"), max_length=40, blank=True)
    file = models.FileField(upload_to=stored_document_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    valid_from = models.DateField(_("có hiệu lực từ"), default=timezone.localdate)
    valid_until = models.DateField(_("có hiệu lực đến"), null=True, blank=True)
    created_at = models.DateTimeField(_("lưu lúc"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("giấy tờ trong kho dữ liệu")
        verbose_name_plural = _("giấy tờ trong kho dữ liệu")
        indexes = [
            models.Index(fields=["owner", "kind"], name="stored_document_owner_kind")
        ]
        constraints = [
            # The same content is kept once per owner.
            models.UniqueConstraint(
                fields=["owner", "sha256"], name="stored_document_unique_content"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values),
                name="stored_document_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(source__in=["upload", "result"]),
                name="stored_document_source_valid",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="stored_document_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (
            self.valid_until is None or day <= self.valid_until
        )
