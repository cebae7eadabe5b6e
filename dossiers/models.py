"""Dossiers (hồ sơ), their files, history, steps, clock pauses and ratings.

The status is written only by dossiers.services.dossier_apply_action, following
dossiers.workflow; the history (DossierEvent) is append-only.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency, Role
from core.models import AppendOnlyModel
from core.uploads import random_stored_name
from dossiers.workflow import NATIONAL_STATUS, NATIONAL_STATUS_NAMES, DossierStatus
from procedures.models import Channel, Procedure, RequiredComponent


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    BUSINESS = "business", _("Tổ chức, doanh nghiệp")


class DeliveryMethod(models.TextChoices):
    COUNTER = "counter", _("Nhận tại Bộ phận Một cửa")
    POST = "post", _("Nhận qua dịch vụ bưu chính công ích")
    ONLINE = "online", _("Nhận bản điện tử trực tuyến")


class Dossier(models.Model):
    uuid = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("UUID")
    )
    # NULL while a draft: drafts get their code when submitted.
    code = models.CharField(  # noqa: DJ001
        _("mã hồ sơ"), max_length=40, unique=True, null=True
    )
    procedure = models.ForeignKey(
        Procedure,
        verbose_name=_("thủ tục"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    receiving_agency = models.ForeignKey(
        Agency,
        verbose_name=_("nơi tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="received_dossiers",
    )
    processing_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan giải quyết"),
        on_delete=models.PROTECT,
        related_name="processed_dossiers",
    )
    # The applicant as stated on the dossier (a snapshot; the account may change).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản nộp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
    )
    applicant_kind = models.CharField(
        _("loại chủ hồ sơ"),
        max_length=8,
        choices=ApplicantKind.choices,
        default=ApplicantKind.PERSON,
    )
    applicant_name = models.CharField(_("họ tên chủ hồ sơ"), max_length=255)
    applicant_id_number = models.CharField(_("số CCCD / mã số thuế"), max_length=14)
    applicant_phone = models.CharField(_("số điện thoại"), max_length=10)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=255)
    channel = models.CharField(_("kênh nộp"), max_length=8, choices=Channel.choices)
    delivery_method = models.CharField(
        _("hình thức nhận kết quả"),
        max_length=8,
        choices=DeliveryMethod.choices,
        default=DeliveryMethod.COUNTER,
    )
    delivery_address = models.CharField(
        _("địa chỉ nhận kết quả qua bưu chính"), max_length=255, blank=True
    )
    note = models.TextField(_("nội dung yêu cầu"), blank=True)
    # Filed by an applicant logged in with VNeID, and the assurance level of that
    # e-ID account (TaiKhoanDuocXacThucVoiVNeID, indicator 4.5; docs/vneid.md).
    filed_with_eid = models.BooleanField(_("nộp bằng tài khoản VNeID"), default=False)
    eid_level = models.PositiveSmallIntegerField(
        _("mức độ tài khoản VNeID khi nộp"), null=True, blank=True
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=24,
        choices=DossierStatus.choices,
        default=DossierStatus.DRAFT,
        editable=False,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ đang xử lý"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_dossiers",
    )
    current_step = models.PositiveSmallIntegerField(_("bước hiện tại"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    # The legal deadline moves only with clock pauses; the appointment told to the
    # applicant (due_at) also moves with the one apology allowed.
    legal_due_at = models.DateTimeField(_("hạn giải quyết"), null=True, blank=True)
    due_at = models.DateTimeField(_("ngày hẹn trả"), null=True, blank=True)
    # The appointment written on the receipt (form 01): set at reception, never moved.
    receipt_due_at = models.DateTimeField(
        _("ngày hẹn trả ghi trên giấy tiếp nhận"), null=True, blank=True
    )
    apologized_at = models.DateTimeField(_("xin lỗi lúc"), null=True, blank=True)
    # The apology came less than one working day before the due date, or after it.
    apology_late = models.BooleanField(_("xin lỗi muộn"), default=False)
    supplement_requested_at = models.DateTimeField(
        _("yêu cầu bổ sung lúc"), null=True, blank=True
    )
    resolved_at = models.DateTimeField(_("giải quyết xong lúc"), null=True, blank=True)
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    supplement_requests = models.PositiveSmallIntegerField(
        _("số lần yêu cầu bổ sung"), default=0
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        indexes = [
            models.Index(fields=["status", "due_at"], name="dossier_status_due"),
            models.Index(
                fields=["processing_agency", "status"], name="dossier_agency_status"
            ),
            models.Index(
                fields=["receiving_agency", "status"], name="dossier_receiving_status"
            ),
            models.Index(fields=["assignee", "status"], name="dossier_assignee_status"),
            models.Index(fields=["owner", "-created_at"], name="dossier_owner_created"),
            # Staff lists, newest first and paged by key (core.pagination): the whole
            # province, and the rows of one receiving or processing agency.
            models.Index(fields=["-created_at", "-id"], name="dossier_created"),
            models.Index(
                fields=["receiving_agency", "-created_at"],
                name="dossier_receiving_created",
            ),
            models.Index(
                fields=["processing_agency", "-created_at"],
                name="dossier_processing_created",
            ),
            # The logbook (form 07) and the book numbers: one counter's receipts in
            # a period, in the order received.
            models.Index(
                fields=["receiving_agency", "received_at"],
                name="dossier_receiving_received",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DossierStatus.values),
                name="dossier_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="dossier_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(delivery_method__in=DeliveryMethod.values),
                name="dossier_delivery_valid",
            ),
            models.CheckConstraint(
                # A draft gets its code when submitted; a draft withdrawn never has.
                condition=Q(status=DossierStatus.DRAFT)
                | Q(status=DossierStatus.WITHDRAWN, submitted_at__isnull=True)
                | Q(code__isnull=False),
                name="dossier_code_after_draft",
            ),
            models.CheckConstraint(
                condition=Q(filed_with_eid=False, eid_level__isnull=True)
                | Q(filed_with_eid=True, eid_level__in=[1, 2]),
                name="dossier_eid_level_with_eid",
            ),
        ]

    def __str__(self) -> str:
        return self.code or str(self.uuid)

    @property
    def reference(self) -> str:
        """The public handle: the code, or the uuid while still a draft."""
        return self.code or str(self.uuid)

    @property
    def national_status(self) -> int:
        return NATIONAL_STATUS[DossierStatus(self.status)]

    @property
    def national_status_name(self) -> str:
        return str(NATIONAL_STATUS_NAMES[self.national_status])

    @property
    def permission_owner_id(self) -> int | None:
        return self.owner_id

    @property
    def permission_agency_ids(self) -> list[int]:
        return [self.receiving_agency_id, self.processing_agency_id]

    def missing_components(
        self, supplied: set[int] | None = None
    ) -> list[RequiredComponent]:
        """Mandatory components of the procedure with no file supplied (the stored
        files, or the components `supplied` of a dossier not saved yet)."""
        if supplied is None:
            supplied = {f.component_id for f in self.files.all() if f.component_id}
        return [
            component
            for component in self.procedure.components.all()
            if component.is_mandatory
            and not component.is_note
            and component.pk not in supplied
        ]

    def files_since(self, moment: Any) -> list[DossierFile]:
        """Component files added after `moment` (all of them when None)."""
        return [
            file
            for file in self.files.all()
            if file.kind == DossierFile.Kind.COMPONENT
            and (moment is None or file.uploaded_at > moment)
        ]

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        # The history of a filed dossier is evidence: only drafts go away.
        if self.status != DossierStatus.DRAFT:
            raise ValueError("Only draft dossiers can be deleted.")
        return super().delete(*args, **kwargs)

    def has_result_file(self) -> bool:
        return any(file.kind == DossierFile.Kind.RESULT for file in self.files.all())

    def is_overdue(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return (
            self.due_at is not None
            and self.resolved_at is None
            and self.due_at < now
            and self.status not in {DossierStatus.DRAFT, DossierStatus.SUBMITTED}
        )


def by_reference(reference: str) -> Q:
    """Match a dossier by its code, or by its uuid (drafts have no code yet)."""
    try:
        return Q(uuid=uuid.UUID(reference))
    except ValueError:
        return Q(code=reference)


class DossierSequence(models.Model):
    """The last sequence number given by a receiving agency on a day."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "day"], name="sequence_unique_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}: {self.last}"


class DossierEvent(AppendOnlyModel):
    """One transition of a dossier: who, when, from and to which status, why.

    Append-only: never updated or deleted (the history is evidence). Deleting a
    draft keeps its events: no database constraint ties them to the dossier row.
    """

    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="events",
    )
    action = models.CharField(_("thao tác"), max_length=32)
    from_status = models.CharField(_("từ trạng thái"), max_length=24, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=24)
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
    form_code = models.CharField(_("biểu mẫu"), max_length=8, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")
        indexes = [models.Index(fields=["dossier", "at"], name="event_dossier_at")]

    def __str__(self) -> str:
        return f"{self.dossier} {self.action} {self.at:%d/%m/%Y %H:%M}"


def dossier_file_path(instance: DossierFile, filename: str) -> str:
    return random_stored_name(f"dossiers/{instance.dossier.uuid}", filename)


class DossierFile(models.Model):
    class Kind(models.TextChoices):
        COMPONENT = "component", _("Thành phần hồ sơ")
        RESULT = "result", _("Kết quả giải quyết")
        FORM = "form", _("Biểu mẫu của cơ quan")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    component = models.ForeignKey(
        RequiredComponent,
        verbose_name=_("thành phần"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    event = models.ForeignKey(
        DossierEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="files",
    )
    form_code = models.CharField(_("biểu mẫu"), max_length=8, blank=True)
    file = models.FileField(upload_to=dossier_file_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    is_digitized = models.BooleanField(
        _("số hóa tại quầy"),
        default=False,
        help_text=_("Bản quét giấy tờ nộp trực tiếp."),
    )
    # Taken from the applicant's data store instead of a new upload (indicator 4.3);
    # the link goes when the owner deletes the stored copy, the flag stays.
    is_reused = models.BooleanField(_("lấy từ kho dữ liệu"), default=False)
    reused_from = models.ForeignKey(
        "datastore.StoredDocument",
        verbose_name=_("giấy tờ trong kho"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("tệp hồ sơ")
        verbose_name_plural = _("tệp hồ sơ")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["component", "result", "form"]),
                name="dossier_file_kind_valid",
            ),
            models.UniqueConstraint(
                fields=["event", "form_code"],
                condition=~Q(form_code=""),
                name="dossier_file_one_form_per_event",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


def logbook_file_path(instance: LogbookExport, filename: str) -> str:
    return random_stored_name("logbooks", filename)


class LogbookExport(models.Model):
    """A logbook (form 07) asked for by a member of staff, built by a task
    (dossiers.tasks.logbook_export_build) that reports its progress here."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        CSV = "csv", "CSV"

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang lập")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Không lập được")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("nơi tiếp nhận"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    format = models.CharField(_("định dạng"), max_length=3, choices=Format.choices)
    state = models.CharField(
        _("trạng thái"), max_length=8, choices=State.choices, default=State.QUEUED
    )
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=logbook_file_path, max_length=255, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sổ theo dõi đã lập")
        verbose_name_plural = _("sổ theo dõi đã lập")
        indexes = [
            models.Index(
                fields=["requested_by", "-created_at"], name="logbook_requested"
            ),
            models.Index(fields=["state", "created_at"], name="logbook_state"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.start}–{self.end} ({self.format})"

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 100 if self.state == self.State.DONE else 0
        return min(100, self.rows_done * 100 // self.rows_total)

    @property
    def filename(self) -> str:
        return f"so-theo-doi-{self.start:%Y%m%d}-{self.end:%Y%m%d}.{self.format}"


class DossierStep(models.Model):
    """One hand-over of the control sheet (form 06): a step with its own deadline."""

    class Outcome(models.TextChoices):
        EARLY = "early", _("Trước hạn")
        ON_TIME = "on_time", _("Đúng hạn")
        LATE = "late", _("Quá hạn")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("bước"))
    name = models.CharField(_("nội dung"), max_length=255)
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    budget_hours = models.PositiveIntegerField(_("thời gian (giờ làm việc)"))
    started_at = models.DateTimeField(_("nhận lúc"))
    due_at = models.DateTimeField(_("hạn của bước"))
    finished_at = models.DateTimeField(_("giao lúc"), null=True, blank=True)
    outcome = models.CharField(
        _("kết quả"), max_length=8, choices=Outcome.choices, blank=True
    )

    class Meta:
        ordering = ["dossier", "started_at", "pk"]
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("phiếu kiểm soát quá trình")

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class ClockPause(models.Model):
    """A stop of the processing clock (waiting for a supplement)."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="pauses"
    )
    reason = models.CharField(_("lý do"), max_length=255)
    started_at = models.DateTimeField(_("từ"))
    ended_at = models.DateTimeField(_("đến"), null=True, blank=True)

    class Meta:
        ordering = ["dossier", "started_at"]
        verbose_name = _("thời gian tạm dừng")
        verbose_name_plural = _("thời gian tạm dừng")

    def __str__(self) -> str:
        return f"{self.reason} ({self.started_at:%d/%m/%Y %H:%M})"


class SatisfactionRating(models.Model):
    """The applicant's rating of a returned dossier (DOMAIN.md §5), once."""

    class Score(models.IntegerChoices):
        VERY_UNSATISFIED = 1, _("Rất không hài lòng")
        UNSATISFIED = 2, _("Không hài lòng")
        NEUTRAL = 3, _("Bình thường")
        SATISFIED = 4, _("Hài lòng")
        VERY_SATISFIED = 5, _("Rất hài lòng")

    dossier = models.OneToOneField(
        Dossier,
        on_delete=models.CASCADE,
        related_name="rating",
        verbose_name=_("hồ sơ"),
    )
    overall = models.PositiveSmallIntegerField(
        _("mức độ hài lòng chung"), choices=Score.choices
    )
    on_time = models.PositiveSmallIntegerField(
        _("thời gian giải quyết"), choices=Score.choices
    )
    staff_attitude = models.PositiveSmallIntegerField(
        _("thái độ của cán bộ"), choices=Score.choices
    )
    publicity = models.PositiveSmallIntegerField(
        _("công khai thủ tục"), choices=Score.choices
    )
    online_quality = models.PositiveSmallIntegerField(
        _("chất lượng dịch vụ trực tuyến"), choices=Score.choices
    )
    contacts = models.PositiveSmallIntegerField(
        _("số lần phải liên hệ để hoàn thiện hồ sơ")
    )
    # The criteria of Decree 61/2018 and Circular 01/2018 that the first form did
    # not ask (null on ratings given before).
    agencies_time = models.PositiveSmallIntegerField(
        _("thời gian giải quyết của từng cơ quan, đơn vị"),
        choices=Score.choices,
        null=True,
        blank=True,
    )
    agencies_contacted = models.PositiveSmallIntegerField(
        _("số cơ quan, đơn vị phải liên hệ"), null=True, blank=True
    )
    one_stop = models.BooleanField(
        _("tiếp nhận, giải quyết và trả kết quả qua Bộ phận Một cửa"),
        null=True,
        blank=True,
    )
    feedback_handling = models.PositiveSmallIntegerField(
        _("tiếp thu, giải trình ý kiến, phản ánh"),
        choices=Score.choices,
        null=True,
        blank=True,
    )
    comment = models.TextField(_("góp ý"), blank=True)
    created_at = models.DateTimeField(
        default=timezone.now, verbose_name=_("đánh giá lúc")
    )

    class Meta:
        verbose_name = _("đánh giá sự hài lòng")
        verbose_name_plural = _("đánh giá sự hài lòng")
        constraints = [
            models.CheckConstraint(
                condition=Q(overall__gte=1, overall__lte=5)
                & Q(on_time__gte=1, on_time__lte=5)
                & Q(staff_attitude__gte=1, staff_attitude__lte=5)
                & Q(publicity__gte=1, publicity__lte=5)
                & Q(online_quality__gte=1, online_quality__lte=5)
                & (Q(agencies_time__isnull=True) | Q(agencies_time__range=(1, 5)))
                & (
                    Q(feedback_handling__isnull=True)
                    | Q(feedback_handling__range=(1, 5))
                ),
                name="rating_scores_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.overall}/5"

    @property
    def is_satisfied(self) -> bool:
        """Like / dislike of the national portal (indicator 5.4); "Bình thường"
        is no like."""
        return self.overall >= self.Score.SATISFIED

    @property
    def points(self) -> int | None:
        """The score of DOMAIN.md §5.1: nine criteria, 2 points each (18 at most);
        None for a rating given before every criterion was asked."""
        return criteria_points(self)

    @property
    def band(self) -> str:
        """Xuất sắc / Tốt / Khá / Trung bình / Yếu for the §5.1 score."""
        return "" if self.points is None else str(band_of(self.points))


def _score_points(score: int) -> int:
    """A 1–5 answer on the 2-point scale: satisfied 2, neutral 1, unsatisfied 0."""
    if score >= SatisfactionRating.Score.SATISFIED:
        return 2
    return 1 if score == SatisfactionRating.Score.NEUTRAL else 0


def _count_points(count: int) -> int:
    """Contacts or agencies: once 2 points, twice 1, more 0 (none counts as once)."""
    return 2 if count <= 1 else (1 if count == 2 else 0)


def criteria_points(rating: SatisfactionRating) -> int | None:
    """The nine criteria of DOMAIN.md §5.1, in their order."""
    if (
        rating.agencies_time is None
        or rating.agencies_contacted is None
        or rating.one_stop is None
        or rating.feedback_handling is None
    ):
        return None
    return (
        _score_points(rating.on_time)  # 1 total time vs the legal limit
        + _score_points(rating.agencies_time)  # 2 time of each agency
        + _count_points(rating.contacts)  # 3 contacts to complete the dossier
        + _count_points(rating.agencies_contacted)  # 4 agencies contacted
        + (2 if rating.one_stop else 0)  # 5 through the one-stop unit
        + _score_points(rating.publicity)  # 6 publicity of the procedure
        + _score_points(rating.staff_attitude)  # 7 attitude of the officials
        + _score_points(rating.feedback_handling)  # 8 feedback taken on board
        + _score_points(rating.online_quality)  # 9 the online service
    )


# Bands of DOMAIN.md §5.1 on the 18-point score (lower bound, label), best first.
BANDS = (
    (16, _("Xuất sắc")),
    (12, _("Tốt")),
    (9, _("Khá")),
    (6, _("Trung bình")),
    (0, _("Yếu")),
)


def band_of(points: int) -> str:
    return str(next(label for bound, label in BANDS if points >= bound))
