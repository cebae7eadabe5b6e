"""The catalogue of administrative procedures (thủ tục hành chính).

A Procedure is published for citizens with what they must bring (RequiredComponent),
what they pay (FeeItem), how long it takes per channel (ChannelOption), and the internal
steps with their working-hour budgets (WorkflowStep) that the dossier issue routes by.
The `search_*` columns are written by procedures.services on every write.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency, Role


class ServiceLevel(models.IntegerChoices):
    """Online public service level of Decree 43/2011/NĐ-CP."""

    INFORMATION = 1, _("Mức độ 1")
    FORMS = 2, _("Mức độ 2")
    ONLINE_PARTIAL = 3, _("Mức độ 3")
    ONLINE_FULL = 4, _("Mức độ 4")


class OnlineMode(models.TextChoices):
    """Classification of Decree 42/2022/NĐ-CP (level 3 ≈ partial, level 4 ≈ full)."""

    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Không trực tuyến")


# The only consistent pairs; DOMAIN.md decision 9.
ONLINE_MODE_OF_LEVEL = {
    ServiceLevel.INFORMATION: OnlineMode.NONE,
    ServiceLevel.FORMS: OnlineMode.NONE,
    ServiceLevel.ONLINE_PARTIAL: OnlineMode.PARTIAL,
    ServiceLevel.ONLINE_FULL: OnlineMode.FULL,
}


class ProcedureLevel(models.TextChoices):
    """Who carries a procedure out; province, district and commune are the values of
    accounts.AdministrativeLevel."""

    MINISTRY = "ministry", _("Cấp bộ")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")
    OTHER = "other", _("Cơ quan khác")


# Levels a citizen filters the catalogue by: no districts since 1 July 2025.
PUBLIC_LEVEL_CHOICES = [
    (value, label)
    for value, label in ProcedureLevel.choices
    if value != ProcedureLevel.DISTRICT
]

# The boolean column of Procedure that stores each level.
LEVEL_COLUMNS = {
    ProcedureLevel.MINISTRY: "level_ministry",
    ProcedureLevel.PROVINCE: "level_province",
    ProcedureLevel.DISTRICT: "level_district",
    ProcedureLevel.COMMUNE: "level_commune",
    ProcedureLevel.OTHER: "level_other",
}


class TimeUnit(models.TextChoices):
    """Unit of a legal processing time (DonViTinh); DOMAIN.md §2.4."""

    WORKING_DAYS = "working_days", _("ngày làm việc")
    DAYS = "days", _("ngày")
    HOURS = "hours", _("giờ làm việc")
    SAME_DAY = "same_day", _("trong ngày")
    MONTHS = "months", _("tháng")
    UNSPECIFIED = "unspecified", _("không ghi đơn vị")


class Channel(models.TextChoices):
    """Way of submission, national codes 1 / 2 / 3."""

    COUNTER = "counter", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POST = "post", _("Dịch vụ bưu chính công ích")


NATIONAL_CHANNEL_CODES = {Channel.COUNTER: 1, Channel.ONLINE: 2, Channel.POST: 3}


class FeeStatus(models.TextChoices):
    FREE = "free", _("Miễn phí")
    CHARGED = "charged", _("Có thu phí, lệ phí")
    UNSPECIFIED = "unspecified", _("Chưa công bố")


class FeeDue(models.TextChoices):
    """When the fees of a procedure fall due (DOMAIN.md §7)."""

    RECEPTION = "reception", _("Khi tiếp nhận hồ sơ")
    SUPPLEMENT = "supplement", _("Khi bổ sung hồ sơ")
    RESULT = "result", _("Khi trả kết quả")


class PaymentGate(models.TextChoices):
    """What waits for the payment: processing, or handing over the result."""

    PROCESSING = "processing", _("Trước khi xử lý")
    RESULT = "result", _("Trước khi trả kết quả")


class FeeKind(models.TextChoices):
    FEE = "fee", _("Phí")
    CHARGE = "charge", _("Lệ phí")


class Field(models.Model):
    """A sector (lĩnh vực) such as Hộ tịch or Đất đai."""

    slug = models.SlugField(_("mã"), max_length=255, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=255, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")

    def __str__(self) -> str:
        return self.name


def public_q(prefix: str = "") -> Q:
    """Published, in force today and not replaced by a provincial copy; `prefix`
    reaches procedures through a relation ("procedures__")."""
    today = timezone.localdate()
    return (
        Q(**{f"{prefix}is_published": True})
        & Q(**{f"{prefix}replaced_by__isnull": True})
        & (
            Q(**{f"{prefix}effective_from__isnull": True})
            | Q(**{f"{prefix}effective_from__lte": today})
        )
        & (
            Q(**{f"{prefix}effective_until__isnull": True})
            | Q(**{f"{prefix}effective_until__gte": today})
        )
    )


class ProcedureQuerySet(models.QuerySet["Procedure"]):
    def public(self) -> ProcedureQuerySet:
        """Published procedures in force today."""
        return self.filter(public_q())


class Procedure(models.Model):
    code = models.CharField(
        _("mã thủ tục"),
        max_length=40,
        help_text=_("Mã trên Cơ sở dữ liệu quốc gia về TTHC, ví dụ 1.001193.H36."),
    )
    base_code = models.CharField(
        _("mã gốc"),
        max_length=20,
        blank=True,
        db_index=True,
        help_text=_("Hai nhóm số đầu của mã, ví dụ 1.001193."),
    )
    name = models.TextField(_("tên thủ tục"))
    field = models.ForeignKey(
        Field,
        verbose_name=_("lĩnh vực"),
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    level_ministry = models.BooleanField(_("cấp bộ"), default=False)
    level_province = models.BooleanField(_("cấp tỉnh"), default=False)
    level_district = models.BooleanField(_("cấp huyện"), default=False)
    level_commune = models.BooleanField(_("cấp xã"), default=False)
    level_other = models.BooleanField(_("cơ quan khác"), default=False)
    agencies = models.ManyToManyField(
        Agency,
        verbose_name=_("cơ quan thực hiện"),
        related_name="procedures",
        blank=True,
    )
    agency_text = models.TextField(_("cơ quan thực hiện (như công bố)"), blank=True)
    competent_authority = models.TextField(_("cơ quan có thẩm quyền"), blank=True)
    service_level = models.PositiveSmallIntegerField(
        _("mức độ dịch vụ công"),
        choices=ServiceLevel.choices,
        default=ServiceLevel.FORMS,
    )
    online_mode = models.CharField(
        _("dịch vụ công trực tuyến"),
        max_length=8,
        choices=OnlineMode.choices,
        default=OnlineMode.NONE,
    )
    processing_time = models.PositiveIntegerField(
        _("thời hạn giải quyết"), null=True, blank=True
    )
    processing_time_unit = models.CharField(
        _("đơn vị thời hạn"),
        max_length=16,
        choices=TimeUnit.choices,
        default=TimeUnit.UNSPECIFIED,
    )
    processing_time_text = models.TextField(
        _("thời hạn giải quyết (nguyên văn)"), blank=True
    )
    target = models.TextField(_("đối tượng thực hiện"), blank=True)
    result = models.TextField(_("kết quả thực hiện"), blank=True)
    result_code = models.CharField(_("mã kết quả"), max_length=40, blank=True)
    conditions = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    legal_documents = models.JSONField(
        _("số hiệu văn bản căn cứ"), default=list, blank=True
    )
    steps = models.TextField(_("trình tự thực hiện"), blank=True)
    online_payment = models.BooleanField(_("thanh toán trực tuyến"), default=False)
    fee_due = models.CharField(
        _("thời điểm thu phí"),
        max_length=12,
        choices=FeeDue.choices,
        blank=True,
        default="",
        help_text=_(
            "Khi có thanh toán trực tuyến: phí được lập tự động vào thời điểm này. "
            "Để trống: cán bộ một cửa lập yêu cầu thu."
        ),
    )
    payment_gate = models.CharField(
        _("phải nộp phí"),
        max_length=12,
        choices=PaymentGate.choices,
        default=PaymentGate.PROCESSING,
    )
    result_by_post = models.BooleanField(_("trả kết quả qua bưu chính"), default=False)
    fee_status = models.CharField(
        _("phí, lệ phí"),
        max_length=12,
        choices=FeeStatus.choices,
        default=FeeStatus.UNSPECIFIED,
    )
    fee_text = models.TextField(_("phí, lệ phí (nguyên văn)"), blank=True)
    decision = models.CharField(_("quyết định công bố"), max_length=120, blank=True)
    procedure_type = models.CharField(_("loại thủ tục"), max_length=120, blank=True)
    is_published = models.BooleanField(_("công khai"), default=True)
    effective_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    effective_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("thay bằng bản của tỉnh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        help_text=_(
            "Bản gốc quốc gia được công khai qua bản của tỉnh; mã gốc vẫn tìm được."
        ),
    )
    source_url = models.URLField(_("nguồn"), max_length=500, blank=True)
    catalog = models.CharField(_("danh mục nguồn"), max_length=40, blank=True)
    source = models.CharField(_("trích từ"), max_length=300, blank=True)
    search_name = models.TextField(editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        ordering = ["search_name", "code"]
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        constraints = [
            models.UniqueConstraint(fields=["code"], name="procedure_unique_code"),
            models.CheckConstraint(
                condition=Q(service_level__in=ServiceLevel.values),
                name="procedure_service_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(service_level__lte=2, online_mode=OnlineMode.NONE)
                | Q(service_level=3, online_mode=OnlineMode.PARTIAL)
                | Q(service_level=4, online_mode=OnlineMode.FULL),
                name="procedure_online_mode_matches_level",
                violation_error_message=_(
                    "Mức độ 1–2 là không trực tuyến, mức độ 3 là một phần, "
                    "mức độ 4 là toàn trình."
                ),
            ),
            models.CheckConstraint(
                condition=Q(processing_time_unit__in=TimeUnit.values),
                name="procedure_time_unit_valid",
            ),
            models.CheckConstraint(
                condition=Q(fee_status__in=FeeStatus.values),
                name="procedure_fee_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(effective_from__isnull=True)
                | Q(effective_until__isnull=True)
                | Q(effective_from__lte=models.F("effective_until")),
                name="procedure_effective_dates_ordered",
                violation_error_message=_(
                    "Ngày hết hiệu lực phải sau ngày có hiệu lực."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def levels(self) -> list[str]:
        return [
            level for level, column in LEVEL_COLUMNS.items() if getattr(self, column)
        ]

    @property
    def level_labels(self) -> list[str]:
        """The levels shown to the public: the district level is history since
        1 July 2025 (`levels` keeps it)."""
        return [
            str(ProcedureLevel(level).label)
            for level in self.levels
            if level != ProcedureLevel.DISTRICT
        ]

    @property
    def submission_channels(self) -> list[str]:
        """Ways of submission (counter, online, post) as published, in that order."""
        published = {option.channel for option in self.channel_options.all()}
        return [channel for channel in Channel.values if channel in published]

    @property
    def submission_channel_labels(self) -> list[str]:
        return [str(Channel(channel).label) for channel in self.submission_channels]

    @property
    def files_online(self) -> bool:
        """Levels 3 and 4 accept dossiers online."""
        return self.service_level >= ServiceLevel.ONLINE_PARTIAL

    @property
    def permission_owner_id(self) -> None:
        return None

    @property
    def permission_agency_ids(self) -> list[int]:
        return [agency.pk for agency in self.agencies.all()]


class RequiredComponent(models.Model):
    """One paper of the dossier (thành phần hồ sơ), or a published note about them."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="components"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    case = models.CharField(
        _("trường hợp"),
        max_length=255,
        blank=True,
        help_text=_("Nhóm giấy tờ, ví dụ “Giấy tờ phải xuất trình”."),
    )
    name = models.TextField(_("tên giấy tờ"))
    originals = models.PositiveSmallIntegerField(_("bản chính"), null=True, blank=True)
    copies = models.PositiveSmallIntegerField(_("bản sao"), null=True, blank=True)
    is_mandatory = models.BooleanField(_("bắt buộc"), default=True)
    is_note = models.BooleanField(
        _("chỉ là lưu ý"),
        default=False,
        help_text=_(
            "Hướng dẫn cho cán bộ, mô tả biểu mẫu điện tử hoặc tiêu đề: hiển thị "
            "nhưng không phải giấy tờ cần nộp."
        ),
    )
    condition = models.CharField(
        _("trường hợp phải nộp"),
        max_length=255,
        blank=True,
        help_text=_("Với giấy tờ không bắt buộc: nộp khi nào, ví dụ “Nếu có”."),
    )
    is_corrected = models.BooleanField(
        _("đã sửa phân loại"),
        default=False,
        help_text=_(
            "Phân loại do quản trị viên sửa; lần nhập danh mục sau giữ nguyên."
        ),
    )
    form_name = models.CharField(
        _("tên mẫu đơn, tờ khai"),
        max_length=255,
        blank=True,
        help_text=_("Tên tệp mẫu như công bố trên Cổng Dịch vụ công quốc gia."),
    )
    form_template = models.FileField(
        _("tệp mẫu đơn, tờ khai"),
        upload_to="procedures/forms/",
        max_length=255,
        blank=True,
    )

    class Meta:
        ordering = ["procedure", "position"]
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "position"], name="component_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(is_note=False) | Q(is_mandatory=False),
                name="component_note_not_mandatory",
                violation_error_message=_("Một lưu ý không thể là giấy tờ bắt buộc."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind(self) -> str:
        """required / conditional / note, as the import reports them."""
        if self.is_note:
            return "note"
        return "required" if self.is_mandatory else "conditional"


class ChannelOption(models.Model):
    """Processing time and fee of one way of submission, as published.

    The national database lists each channel, sometimes several times (one per case),
    each with its own time and fee; the procedure's headline time is the first.
    """

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="channel_options"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    channel = models.CharField(_("kênh nộp"), max_length=8, choices=Channel.choices)
    processing_time = models.PositiveIntegerField(
        _("thời hạn giải quyết"), null=True, blank=True
    )
    processing_time_unit = models.CharField(
        _("đơn vị thời hạn"),
        max_length=16,
        choices=TimeUnit.choices,
        default=TimeUnit.UNSPECIFIED,
    )
    processing_time_text = models.TextField(_("thời hạn (nguyên văn)"), blank=True)
    fee_text = models.TextField(_("phí, lệ phí (nguyên văn)"), blank=True)

    class Meta:
        ordering = ["procedure", "position"]
        verbose_name = _("cách thức thực hiện")
        verbose_name_plural = _("cách thức thực hiện")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "position"], name="channel_option_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values),
                name="channel_option_channel_valid",
            ),
        ]

    def __str__(self) -> str:
        channel = self.get_channel_display()
        return f"{channel}: {self.processing_time_text}"


class FeeItem(models.Model):
    """A fee (phí) or charge (lệ phí) in whole VND; amount 0 means exempt."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="fee_items"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    kind = models.CharField(
        _("loại"), max_length=8, choices=FeeKind.choices, default=FeeKind.CHARGE
    )
    name = models.CharField(_("nội dung"), max_length=500)
    amount = models.PositiveBigIntegerField(_("mức thu (đồng)"))
    amount_max = models.PositiveBigIntegerField(
        _("mức thu tối đa (đồng)"),
        null=True,
        blank=True,
        help_text=_("Chỉ khi mức thu là một khoảng; cán bộ quyết định mức cụ thể."),
    )
    unit = models.CharField(
        _("đơn vị tính"),
        max_length=120,
        blank=True,
        help_text=_("Ví dụ: trường hợp, bản sao, trang."),
    )
    channel = models.CharField(
        _("áp dụng cho kênh"),
        max_length=8,
        choices=Channel.choices,
        blank=True,
        help_text=_("Để trống nếu áp dụng cho mọi cách nộp."),
    )
    exemptions = models.TextField(_("miễn, giảm"), blank=True)

    class Meta:
        ordering = ["procedure", "position"]
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "position"], name="fee_item_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=FeeKind.values), name="fee_item_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel="") | Q(channel__in=Channel.values),
                name="fee_item_channel_valid",
            ),
            models.CheckConstraint(
                condition=Q(amount_max__isnull=True)
                | Q(amount_max__gt=models.F("amount")),
                name="fee_item_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount} đ"

    @property
    def is_range(self) -> bool:
        return self.amount_max is not None


class WorkflowStep(models.Model):
    """One step of a procedure's internal workflow (quy trình nội bộ).

    The ordered steps of a procedure are its workflow template; their budgets, in
    working hours (8 per working day), add up to the legal processing time. A step
    with 0 hours (returning the result) is not counted.
    """

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="workflow_steps"
    )
    position = models.PositiveSmallIntegerField(_("bước"))
    name = models.CharField(_("nội dung công việc"), max_length=255)
    role = models.CharField(_("vai trò thực hiện"), max_length=16, choices=Role.choices)
    hours = models.PositiveIntegerField(_("thời gian (giờ làm việc)"))
    description = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["procedure", "position"]
        verbose_name = _("bước quy trình nội bộ")
        verbose_name_plural = _("quy trình nội bộ")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "position"], name="workflow_step_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="workflow_step_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name} ({self.hours} h)"


class LegalDocument(models.Model):
    """A document of a procedure's legal basis, read from its published text
    (`Procedure.legal_basis`, kept as published) by procedures.legal."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="legal_references"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    kind = models.CharField(_("loại văn bản"), max_length=40, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.TextField(_("trích yếu"), blank=True)

    class Meta:
        ordering = ["procedure", "position"]
        verbose_name = _("văn bản căn cứ")
        verbose_name_plural = _("văn bản căn cứ")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "position"], name="legal_document_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return " ".join(part for part in (self.kind, self.number) if part)

    @property
    def title_continues(self) -> bool:
        """A title that goes on from the number ("… ngày 24/02/2017 của Chính phủ
        về …") rather than a summary of its own ("Quy định …")."""
        return self.title[:1].islower()
