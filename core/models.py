from django.db import models
from django.utils.translation import gettext_lazy as _


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
