from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyModel(models.Model):
    """A history row: written once, complete, then never updated or deleted (the
    history is evidence). Saving a row that already exists and deleting one raise
    ValueError; the dossier, feedback and document histories are built on it.
    """

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError(f"{type(self).__name__} rows are append-only.")


class CalendarOverride(models.Model):
    """A day whose status the government set differently from the default calendar.

    The holidays package estimates each year's holidays and swapped working days; the
    official yearly notice is entered here and wins over the package.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("lý do"), max_length=200)
    legal_basis = models.CharField(_("căn cứ"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        # The table keeps the name it had when the model lived in the project package.
        db_table = "egov_calendaroverride"
        ordering = ["-date"]
        verbose_name = _("ngày nghỉ hoặc ngày làm bù")
        verbose_name_plural = _("lịch ngày làm việc")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["day_off", "working_day"]),
                name="calendar_override_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}: {self.name}"


class IdempotencyKey(models.Model):
    """The first answer to a write sent with an `Idempotency-Key` header, kept for
    IDEMPOTENCY_KEY_TTL so that a retried request gets it again (core.idempotency).

    One row per (user, key): the unique constraint is what makes two racing
    retries safe, the second waits for the first and then reads its answer.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    response = models.JSONField(null=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("khóa chống gửi lặp")
        verbose_name_plural = _("khóa chống gửi lặp")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], name="idempotency_key_unique_per_user"
            )
        ]

    def __str__(self) -> str:
        return self.key
