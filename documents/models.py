"""Incoming and outgoing documents (Decree 30/2020), their registers, files,
recipients, assignments, opinions and history; the exchange outbox; the signed
electronic results of dossiers.

Statuses are written only by documents.services, following documents.workflow;
history rows (DocumentEvent) are append-only.
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
from documents.signing import SignatureStatus
from documents.workflow import (
    OPEN_INCOMING,
    DeliveryStatus,
    IncomingStatus,
    OutgoingStatus,
)


class RegisterKind(models.TextChoices):
    INCOMING = "incoming", _("Sổ đăng ký văn bản đến")
    OUTGOING = "outgoing", _("Sổ đăng ký văn bản đi")


class DocumentType(models.TextChoices):
    """Administrative document types (Decree 30/2020, Art. 7), with the notation
    abbreviations of Appendix III."""

    RESOLUTION = "NQ", _("Nghị quyết")
    DECISION = "QĐ", _("Quyết định")
    DIRECTIVE = "CT", _("Chỉ thị")
    REGULATION = "QC", _("Quy chế")
    RULE = "QYĐ", _("Quy định")
    COMMUNIQUE = "TC", _("Thông cáo")
    NOTICE = "TB", _("Thông báo")
    GUIDANCE = "HD", _("Hướng dẫn")
    PROGRAMME = "CTr", _("Chương trình")
    PLAN = "KH", _("Kế hoạch")
    SCHEME = "PA", _("Phương án")
    PROJECT_PROPOSAL = "ĐA", _("Đề án")
    PROJECT = "DA", _("Dự án")
    REPORT = "BC", _("Báo cáo")
    MINUTES = "BB", _("Biên bản")
    SUBMISSION = "TTr", _("Tờ trình")
    CONTRACT = "HĐ", _("Hợp đồng")
    OFFICIAL_LETTER = "CV", _("Công văn")
    TELEGRAM = "CĐ", _("Công điện")
    MEMORANDUM = "BGN", _("Bản ghi nhớ")
    AGREEMENT = "BTT", _("Bản thỏa thuận")
    AUTHORISATION = "GUQ", _("Giấy ủy quyền")
    INVITATION = "GM", _("Giấy mời")
    INTRODUCTION = "GGT", _("Giấy giới thiệu")
    LEAVE = "GNP", _("Giấy nghỉ phép")
    DISPATCH_NOTE = "PG", _("Phiếu gửi")
    TRANSFER_NOTE = "PC", _("Phiếu chuyển")
    NOTIFICATION_NOTE = "PB", _("Phiếu báo")
    PUBLIC_LETTER = "TCông", _("Thư công")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Thường")
    URGENT = "urgent", _("Khẩn")
    VERY_URGENT = "very_urgent", _("Thượng khẩn")
    FLASH = "flash", _("Hỏa tốc")


class Confidentiality(models.TextChoices):
    NORMAL = "normal", _("Thường")
    SECRET = "secret", _("Mật")
    TOP_SECRET = "top_secret", _("Tối mật")
    ABSOLUTE = "absolute", _("Tuyệt mật")


class Register(models.Model):
    """One register per agency, kind and year: its counter gives the numbers.

    Numbers run from 1 on 1 January (Art. 15, 22); the row is locked while a number
    is taken, so numbers never repeat nor skip. Secret documents (mật, tối mật,
    tuyệt mật) have their own register and numbering (Art. 15, 22).
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại sổ"), max_length=8, choices=RegisterKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    secret = models.BooleanField(_("sổ văn bản mật"), default=False)
    last_number = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("sổ đăng ký văn bản")
        verbose_name_plural = _("sổ đăng ký văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "year", "secret"],
                name="register_unique_year",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RegisterKind.values), name="register_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        secret = " (mật)" if self.secret else ""
        return f"{self.get_kind_display()}{secret} {self.year} — {self.agency_id}"


class DocumentBase(models.Model):
    """What every document carries (Appendix VI, system metadata)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    notation = models.CharField(_("ký hiệu"), max_length=30, blank=True)
    issued_on = models.DateField(_("ngày văn bản"), null=True, blank=True)
    doc_type = models.CharField(
        _("loại văn bản"), max_length=8, choices=DocumentType.choices
    )
    summary = models.CharField(_("trích yếu"), max_length=500)
    # The summary normalized like the catalogue (procedures.search.normalize).
    search_text = models.CharField(max_length=600, editable=False, default="")
    signer_name = models.CharField(_("người ký"), max_length=50, blank=True)
    signer_position = models.CharField(
        _("chức vụ người ký"), max_length=100, blank=True
    )
    urgency = models.CharField(
        _("độ khẩn"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL
    )
    confidentiality = models.CharField(
        _("độ mật"),
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.NORMAL,
    )
    page_count = models.PositiveIntegerField(_("số trang"), default=1)
    due_on = models.DateField(_("hạn xử lý"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    # After issue, the issuer may replace (a new version), revoke or update it
    # (edXML replacement, revocation, update); both ends keep the trace.
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_reason = models.TextField(_("lý do thu hồi"), blank=True)

    class Meta:
        abstract = True

    @property
    def permission_owner_id(self) -> None:
        return None

    @property
    def is_secret(self) -> bool:
        """A state secret (mật or above): its own register, restricted readers."""
        return self.confidentiality != Confidentiality.NORMAL

    @property
    def permission_agency_ids(self) -> list[int]:
        return [self.agency_id]


class ExchangePeer(models.Model):
    """Another portal (another province, the national axis) exchanging documents.

    `key` is the shared secret of the HMAC on every message both ways.
    """

    code = models.SlugField(_("mã hệ thống"), max_length=32, unique=True)
    name = models.CharField(_("tên hệ thống"), max_length=255)
    endpoint_url = models.URLField(_("địa chỉ nhận gói tin"))
    key = models.CharField(_("khóa HMAC dùng chung"), max_length=128)

    class Meta:
        verbose_name = _("hệ thống liên thông")
        verbose_name_plural = _("hệ thống liên thông")

    def __str__(self) -> str:
        return self.name


class OutgoingDocument(DocumentBase):
    register = models.ForeignKey(
        Register,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sổ văn bản đi"),
    )
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=OutgoingStatus.choices,
        default=OutgoingStatus.DRAFT,
        editable=False,
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người soạn"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người duyệt"),
    )
    issued_at = models.DateTimeField(_("phát hành lúc"), null=True, blank=True)
    in_reply_to = models.ForeignKey(
        "IncomingDocument",
        verbose_name=_("trả lời văn bản đến"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hồ sơ"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("văn bản đi")
        verbose_name_plural = _("văn bản đi")
        indexes = [
            models.Index(
                # The summary is included so that a search walks the agency's
                # documents newest first without reading the table.
                fields=["agency", "-created_at", "-id"],
                name="outgoing_agency_created_text",
                include=["search_text"],
            ),
            models.Index(
                fields=["agency", "status", "-created_at"],
                name="outgoing_agency_status",
            ),
            models.Index(fields=["-created_at", "-id"], name="outgoing_created"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "number"], name="outgoing_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(status__in=OutgoingStatus.values),
                name="outgoing_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=OutgoingStatus.ISSUED) | Q(number__isnull=False),
                name="outgoing_issued_has_number",
            ),
        ]

    def __str__(self) -> str:
        return self.code or self.summary[:60]

    @property
    def code(self) -> str:
        """Number and notation as printed: 12/QĐ-UBND (empty before issue)."""
        if self.number is None:
            return ""
        return f"{self.number}/{self.notation}"

    def has_main_file(self) -> bool:
        return any(f.is_main for f in self.files.all())

    def has_recipients(self) -> bool:
        return self.recipients.exists()


class OutgoingRecipient(models.Model):
    """A recipient of an outgoing document and where delivery stands there."""

    document = models.ForeignKey(
        OutgoingDocument, on_delete=models.CASCADE, related_name="recipients"
    )
    # An agency on this portal, or one reached through a peer portal.
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    peer = models.ForeignKey(
        ExchangePeer, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organ_id = models.CharField(_("mã định danh nơi nhận"), max_length=16)
    organ_name = models.CharField(_("tên nơi nhận"), max_length=200)
    status = models.CharField(
        _("tình trạng"),
        max_length=12,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    reason = models.TextField(_("lý do"), blank=True)
    status_at = models.DateTimeField(_("cập nhật lúc"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False, peer__isnull=True)
                | Q(agency__isnull=True, peer__isnull=False),
                name="recipient_agency_or_peer",
            ),
            models.UniqueConstraint(
                fields=["document", "organ_id"], name="recipient_unique_organ"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values),
                name="recipient_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.organ_name


class IncomingSource(models.TextChoices):
    PAPER = "paper", _("Văn bản giấy, thư điện tử")
    PORTAL = "portal", _("Liên thông trong hệ thống")
    EXCHANGE = "exchange", _("Liên thông với hệ thống khác")


class IncomingDocument(DocumentBase):
    register = models.ForeignKey(
        Register,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sổ văn bản đến"),
    )
    arrival_number = models.PositiveIntegerField(_("số đến"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("ngày đến"), default=timezone.now)
    registered_at = models.DateTimeField(_("vào sổ lúc"), null=True, blank=True)
    number = models.CharField(_("số"), max_length=11, blank=True)
    sender_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sender_identifier = models.CharField(
        _("mã định danh nơi gửi"), max_length=16, blank=True
    )
    sender_name = models.CharField(_("cơ quan ban hành"), max_length=200)
    source = models.CharField(_("nguồn"), max_length=8, choices=IncomingSource.choices)
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=IncomingStatus.choices,
        default=IncomingStatus.ARRIVED,
        editable=False,
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ chủ trì"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("xử lý xong lúc"), null=True, blank=True)
    # Where it came from, so status changes can flow back to the sender.
    origin = models.OneToOneField(
        OutgoingRecipient,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delivered",
        verbose_name=_("văn bản đi gốc"),
    )
    peer = models.ForeignKey(
        ExchangePeer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cổng gửi đến"),
    )
    external_id = models.CharField(
        _("mã văn bản của nơi gửi"), max_length=64, blank=True
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hồ sơ"),
    )
    # Set on arrival when the document looks already received; the clerk merges
    # it or keeps it (documents.services.duplicates).
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("có thể trùng với"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-arrived_at"]
        verbose_name = _("văn bản đến")
        verbose_name_plural = _("văn bản đến")
        indexes = [
            models.Index(
                # The summary is included so that a search walks the agency's
                # documents newest first without reading the table.
                fields=["agency", "-arrived_at", "-id"],
                name="incoming_agency_arrived_text",
                include=["search_text"],
            ),
            models.Index(
                fields=["agency", "status", "-arrived_at"],
                name="incoming_agency_status",
            ),
            models.Index(
                fields=["handler", "status", "due_on"], name="incoming_handler_due"
            ),
            # The urgency filter: urgent documents are a few percent of an inbox,
            # so the (agency, time) index would walk hundreds of entries (and rows)
            # per page; normal ones are most of it and need no index of their own.
            models.Index(
                fields=["agency", "urgency", "-arrived_at", "-id"],
                condition=~Q(urgency=Urgency.NORMAL),
                name="incoming_agency_urgent",
            ),
            # The deadline filters (selectors.due_filter): the open documents with a
            # deadline, newest first, with what the filters and a search test, so a
            # page reads this small index alone instead of every open row.
            models.Index(
                fields=["agency", "-arrived_at", "-id"],
                include=["due_on", "search_text"],
                condition=Q(
                    due_on__isnull=False,
                    completed_at__isnull=True,
                    status__in=sorted(OPEN_INCOMING),
                ),
                name="incoming_agency_open_due",
            ),
            # Leaders over many units and administrators read across agencies.
            models.Index(fields=["-arrived_at", "-id"], name="incoming_arrived"),
            # Duplicate detection on arrival: issuer's number and date.
            models.Index(
                fields=["agency", "number", "issued_on"],
                condition=~Q(number=""),
                name="incoming_agency_number",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "arrival_number"],
                name="incoming_unique_arrival_number",
            ),
            models.UniqueConstraint(
                fields=["peer", "agency", "external_id"],
                condition=~Q(external_id=""),
                name="incoming_unique_external",
            ),
            models.CheckConstraint(
                condition=Q(status__in=IncomingStatus.values),
                name="incoming_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status=IncomingStatus.ARRIVED)
                | Q(status=IncomingStatus.RETURNED)
                | Q(status=IncomingStatus.MERGED)
                | Q(arrival_number__isnull=False),
                name="incoming_registered_has_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.notation}" if self.number else self.summary[:60]

    def has_invalid_signature(self) -> bool:
        return any(
            f.signature_status == SignatureStatus.INVALID
            for f in self.files.all()
            if f.superseded_at is None
        )

    def is_overdue(self, today: Any = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.due_on is not None
            and self.completed_at is None
            and (self.due_on < today)
        )


def document_file_path(instance: DocumentFile, filename: str) -> str:
    return random_stored_name(f"documents/{timezone.now():%Y/%m}", filename)


class DocumentFile(models.Model):
    """A file of a document; the signature check is stored with it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    incoming = models.ForeignKey(
        IncomingDocument,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
    )
    outgoing = models.ForeignKey(
        OutgoingDocument,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
    )
    is_main = models.BooleanField(_("tệp văn bản chính"), default=True)
    # Kept for the history when the issuer sent a replacement.
    superseded_at = models.DateTimeField(_("bị thay thế lúc"), null=True, blank=True)
    file = models.FileField(upload_to=document_file_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    signature_status = models.CharField(
        _("chữ ký số"),
        max_length=12,
        choices=SignatureStatus.choices,
        default=SignatureStatus.UNCHECKED,
    )
    signature_signer = models.CharField(_("người ký số"), max_length=255, blank=True)
    signature_signed_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    signature_reasons = models.JSONField(default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-is_main", "uploaded_at", "pk"]
        indexes = [
            # Duplicate detection on arrival: the same file received before.
            models.Index(
                fields=["sha256"],
                condition=Q(incoming__isnull=False),
                name="document_file_incoming_sha",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(incoming__isnull=False, outgoing__isnull=True)
                | Q(incoming__isnull=True, outgoing__isnull=False),
                name="document_file_one_parent",
            ),
            models.CheckConstraint(
                condition=Q(signature_status__in=SignatureStatus.values),
                name="document_file_signature_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATE = "coordinate", _("Phối hợp")
    INFORM = "inform", _("Để biết")


class Assignment(models.Model):
    """A leader's instruction on an incoming document (Art. 23): who, what, by when."""

    document = models.ForeignKey(
        IncomingDocument, on_delete=models.CASCADE, related_name="assignments"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("vai trò"), max_length=12, choices=AssignmentRole.choices)
    instruction = models.TextField(_("ý kiến chỉ đạo"), blank=True)
    due_on = models.DateField(_("hạn xử lý"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["assignee", "at"], name="assignment_assignee")]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.assignee_id} ({self.role})"


class ProcessingOpinion(models.Model):
    """A handler's note on an incoming document (ý kiến xử lý)."""

    document = models.ForeignKey(
        IncomingDocument, on_delete=models.CASCADE, related_name="opinions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("ý kiến"))
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class DocumentEvent(AppendOnlyModel):
    """One step in a document's life; append-only (the history is evidence)."""

    incoming = models.ForeignKey(
        IncomingDocument,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    outgoing = models.ForeignKey(
        OutgoingDocument,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    action = models.CharField(_("thao tác"), max_length=32)
    from_status = models.CharField(_("từ trạng thái"), max_length=12, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=12, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(incoming__isnull=False, outgoing__isnull=True)
                | Q(incoming__isnull=True, outgoing__isnull=False),
                name="document_event_one_parent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%d/%m/%Y %H:%M}"


class ExchangeMessage(models.Model):
    """An edXML package or status message sent to or received from a peer portal.

    Outgoing rows are an outbox: written in the business transaction, delivered by
    documents.tasks.exchange_deliver with retries. Incoming rows make replays
    visible: (peer, direction, message_id) is unique.
    """

    class Direction(models.TextChoices):
        OUT = "out", _("Gửi đi")
        IN = "in", _("Nhận về")

    class Kind(models.TextChoices):
        DOCUMENT = "edoc", _("Văn bản")
        STATUS = "status", _("Trạng thái")

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    peer = models.ForeignKey(
        ExchangePeer,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cổng liên thông"),
    )
    direction = models.CharField(
        max_length=3, choices=Direction.choices, verbose_name=_("chiều")
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, verbose_name=_("loại"))
    message_id = models.UUIDField(default=uuid.uuid4, verbose_name=_("mã thông điệp"))
    payload = models.TextField(verbose_name=_("nội dung"))
    state = models.CharField(
        max_length=8,
        choices=State.choices,
        default=State.PENDING,
        verbose_name=_("tình trạng"),
    )
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("số lần gửi"))
    last_error = models.TextField(blank=True, verbose_name=_("lỗi gần nhất"))
    recipient = models.ForeignKey(
        OutgoingRecipient,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("văn bản nhận"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("tạo lúc"))
    done_at = models.DateTimeField(null=True, blank=True, verbose_name=_("xong lúc"))

    class Meta:
        verbose_name = _("thông điệp liên thông")
        verbose_name_plural = _("thông điệp liên thông")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["state", "created_at"], name="exchange_state_created")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["peer", "direction", "message_id"],
                name="exchange_unique_message",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.direction} {self.kind} {self.message_id}"


def result_file_path(instance: ElectronicResult, filename: str) -> str:
    return f"results/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class ElectronicResult(models.Model):
    """The signed PDF of a dossier's result (kết quả điện tử)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="electronic_result"
    )
    source = models.ForeignKey(
        "dossiers.DossierFile", on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=result_file_path, max_length=255)
    sha256 = models.CharField(max_length=64)
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kết quả điện tử")
        verbose_name_plural = _("kết quả điện tử")

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.sha256[:12]}"
