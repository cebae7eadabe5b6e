"""The national portal: the outbox of dossier events, the catalogue import runs, and
the records of the local stub of the national endpoints.

A NationalSync row is written in the transaction of the dossier transition it
reports (national.services.outbox) and delivered by a Celery task queued on commit
(national.services.delivery). Its status moves pending → sending → synced, or →
failed (the portal stayed unreachable) or → rejected (the portal refused the payload,
with its reason); only conditional UPDATEs in the services change it.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers.models import Dossier, DossierEvent


class SyncStatus(models.TextChoices):
    PENDING = "pending", _("Chờ đồng bộ")
    SENDING = "sending", _("Đang gửi")
    SYNCED = "synced", _("Đã đồng bộ")
    FAILED = "failed", _("Không gửi được")
    REJECTED = "rejected", _("Bị từ chối")


class NationalSync(models.Model):
    """One dossier event to report to the National Public Service Portal."""

    # The idempotency key of every request made for this event (one per step).
    uuid = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("UUID")
    )
    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("hồ sơ"),
        on_delete=models.CASCADE,
        related_name="national_syncs",
    )
    event = models.OneToOneField(
        DossierEvent,
        verbose_name=_("sự kiện"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="national_sync",
    )
    # 1, 2, 3… per dossier: the order in which the portal must receive the events
    # (SoThuTu); the first one creates the dossier there.
    sequence = models.PositiveIntegerField(_("thứ tự"))
    national_status = models.PositiveSmallIntegerField(_("trạng thái quốc gia"))
    status = models.CharField(
        _("trạng thái đồng bộ"),
        max_length=10,
        choices=SyncStatus.choices,
        default=SyncStatus.PENDING,
        editable=False,
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi hoặc lý do từ chối"), blank=True)
    # What the portal answered: the national dossier code, the files' ids.
    response = models.JSONField(_("phản hồi"), default=dict, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("gửi từ"), default=timezone.now)
    claimed_at = models.DateTimeField(_("bắt đầu gửi lúc"), null=True, blank=True)
    synced_at = models.DateTimeField(_("đồng bộ lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("đồng bộ hồ sơ lên Cổng quốc gia")
        verbose_name_plural = _("đồng bộ hồ sơ lên Cổng quốc gia")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="national_outbox"),
            models.Index(fields=["created_at"], name="national_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SyncStatus.values),
                name="national_sync_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(national_status__gte=1, national_status__lte=10),
                name="national_sync_national_status_valid",
            ),
            models.UniqueConstraint(
                fields=["dossier", "sequence"], name="national_sync_sequence_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} #{self.sequence} {self.status}"

    @property
    def is_creation(self) -> bool:
        """The first event of a dossier creates it on the portal."""
        return self.sequence == 1


class CatalogueRun(models.Model):
    """One import of the national procedure database and what it changed."""

    class Outcome(models.TextChoices):
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Thất bại")

    uuid = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("UUID")
    )
    source = models.CharField(_("nguồn"), max_length=500)
    outcome = models.CharField(
        _("kết quả"),
        max_length=8,
        choices=Outcome.choices,
        default=Outcome.RUNNING,
    )
    started_at = models.DateTimeField(_("bắt đầu lúc"), default=timezone.now)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("số bản ghi"), default=0)
    created_codes = models.JSONField(_("thủ tục mới"), default=list, blank=True)
    # {code: [changed field names]}
    changed = models.JSONField(_("thủ tục thay đổi"), default=dict, blank=True)
    withdrawn_codes = models.JSONField(_("thủ tục bãi bỏ"), default=list, blank=True)
    unchanged = models.PositiveIntegerField(_("không đổi"), default=0)
    rejected = models.JSONField(_("bản ghi bị loại"), default=list, blank=True)
    warnings = models.JSONField(_("cảnh báo"), default=list, blank=True)
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("lần cập nhật danh mục TTHC quốc gia")
        verbose_name_plural = _("lần cập nhật danh mục TTHC quốc gia")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["running", "done", "failed"]),
                name="catalogue_run_outcome_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.started_at:%d/%m/%Y %H:%M} {self.get_outcome_display()}"


# --- The local stub of the national portal (national/stub.py) ---


class StubDossier(models.Model):
    """A dossier as the stub portal knows it: registered, created, last event."""

    code = models.CharField(max_length=40, unique=True)
    agency = models.CharField(max_length=20)
    created = models.BooleanField(default=False)
    last_sequence = models.PositiveIntegerField(default=0)
    national_status = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ trên cổng quốc gia thử nghiệm")
        verbose_name_plural = _("hồ sơ trên cổng quốc gia thử nghiệm")

    def __str__(self) -> str:
        return self.code


class StubRequest(models.Model):
    """A request the stub accepted, once per idempotency key, with its answer."""

    key = models.CharField(max_length=120, unique=True)
    operation = models.CharField(max_length=12)
    dossier_code = models.CharField(max_length=40, blank=True, db_index=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    payload = models.JSONField(default=dict)
    response = models.JSONField(default=dict)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("yêu cầu cổng quốc gia thử nghiệm nhận")
        verbose_name_plural = _("yêu cầu cổng quốc gia thử nghiệm nhận")

    def __str__(self) -> str:
        return f"{self.operation} {self.dossier_code} #{self.sequence}"
