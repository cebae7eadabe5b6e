"""Agencies (the tree of state bodies), users and their roles."""

import secrets
import uuid
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from accounts import validators

# Districts were abolished and provinces merged on this day (Resolution 202/2025/QH15).
TWO_TIER_REFORM_DATE = date(2025, 7, 1)
# No real tree is deeper (province, department, unit, team...): every walk up the
# tree stops here, so a cycle that slipped past the guards cannot loop forever.
MAX_AGENCY_DEPTH = 12


class AdministrativeLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class AgencyKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    UNIT = "unit", _("Đơn vị trực thuộc")
    SERVICE_CENTRE = "service_centre", _("Trung tâm Phục vụ hành chính công")
    OTHER = "other", _("Cơ quan khác")


class AgencyQuerySet(models.QuerySet["Agency"]):
    def current(self, on: date | None = None) -> "AgencyQuerySet":
        """Agencies that exist on `on` (today when omitted)."""
        on = on or timezone.localdate()
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on),
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on),
        )


class Agency(models.Model):
    """A state body: a people's committee, a department, one of its units, a centre.

    Local governments carry the official administrative-unit code; the level is data,
    so pre-reform districts stay in the tree with `valid_until` set.
    """

    uuid = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("UUID")
    )
    identifier = models.CharField(
        _("mã định danh"),
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        validators=[validators.validate_agency_identifier],
        help_text=_(
            "Mã định danh điện tử theo QĐ 20/2020/QĐ-TTg, ví dụ 000.00.00.H36."
        ),
    )
    # NULL (not "") for agencies that are not local governments, so that the unique
    # constraints below ignore them.
    admin_unit_code = models.CharField(  # noqa: DJ001
        _("mã đơn vị hành chính"),
        max_length=5,
        null=True,
        blank=True,
        validators=[validators.validate_admin_unit_code],
        help_text=_("Mã của Cục Thống kê, chỉ với chính quyền địa phương."),
    )
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=120, blank=True)
    level = models.CharField(
        _("cấp hành chính"), max_length=16, choices=AdministrativeLevel.choices
    )
    kind = models.CharField(
        _("loại cơ quan"), max_length=24, choices=AgencyKind.choices
    )
    unit_type = models.CharField(
        _("loại đơn vị hành chính"),
        max_length=32,
        blank=True,
        help_text=_("Tỉnh, Thành phố, Huyện, Xã, Phường, Đặc khu…"),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    predecessors: "models.ManyToManyField[Agency, AgencySuccession]" = (
        models.ManyToManyField(
            "self",
            through="AgencySuccession",
            through_fields=("successor", "predecessor"),
            symmetrical=False,
            related_name="successors",
            blank=True,
            verbose_name=_("sáp nhập từ"),
        )
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    opening_hours = models.CharField(
        _("giờ tiếp nhận hồ sơ"),
        max_length=255,
        blank=True,
        help_text=_(
            "Ví dụ: Thứ Hai – Thứ Sáu: sáng 7:30–11:30, chiều 13:00–17:00. "
            "Để trống: giờ làm việc chung của tỉnh."
        ),
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("trang thông tin"), blank=True)
    valid_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    valid_until = models.DateField(_("hoạt động đến"), null=True, blank=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__in=AdministrativeLevel.values),
                name="agency_level_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=AgencyKind.values),
                name="agency_kind_valid",
            ),
            # A unit code names one current unit, and one historical unit per end date.
            models.UniqueConstraint(
                fields=["admin_unit_code"],
                condition=models.Q(valid_until__isnull=True),
                name="agency_unique_current_admin_unit",
            ),
            models.UniqueConstraint(
                fields=["admin_unit_code", "valid_until"],
                condition=models.Q(valid_until__isnull=False),
                name="agency_unique_historical_admin_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_until__isnull=True)
                | models.Q(valid_from__lte=models.F("valid_until")),
                name="agency_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def permission_owner_id(self) -> None:
        return None

    @property
    def permission_agency_ids(self) -> list[int]:
        return [self.pk]

    def clean(self) -> None:
        super().clean()
        if self.parent is None or self.pk is None:
            return
        if self.pk in [agency.pk for agency in self.parent.ancestors(self_too=True)]:
            raise ValidationError(
                {"parent": _("Cơ quan cấp trên không được là chính nó hay cấp dưới.")}
            )

    def ancestors(self, *, self_too: bool = False) -> list["Agency"]:
        """The agencies above this one, nearest first (at most MAX_AGENCY_DEPTH)."""
        found: list[Agency] = [self] if self_too else []
        current = self.parent
        while current is not None and len(found) < MAX_AGENCY_DEPTH:
            found.append(current)
            current = current.parent
        return found

    @property
    def is_historical(self) -> bool:
        return self.valid_until is not None and self.valid_until < timezone.localdate()


class AgencySuccession(models.Model):
    """An old unit absorbed, fully or in part, by a new one in a merger."""

    class MergeType(models.TextChoices):
        FULL = "full", _("Toàn bộ")
        PARTIAL = "partial", _("Một phần")

    successor = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="succession_sources",
        verbose_name=_("đơn vị mới"),
    )
    predecessor = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="succession_targets",
        verbose_name=_("đơn vị cũ"),
    )
    merge_type = models.CharField(
        _("hình thức"), max_length=8, choices=MergeType.choices
    )

    class Meta:
        verbose_name = _("sáp nhập")
        verbose_name_plural = _("sáp nhập")
        constraints = [
            models.UniqueConstraint(
                fields=["successor", "predecessor"], name="agency_succession_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class Role(models.TextChoices):
    CLERK = "clerk", _("Cán bộ một cửa")
    OFFICER = "officer", _("Chuyên viên xử lý")
    LEADER = "leader", _("Lãnh đạo")
    AGENCY_ADMIN = "agency_admin", _("Quản trị đơn vị")
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")


class AccountType(models.TextChoices):
    CITIZEN = "citizen", _("Công dân")
    BUSINESS = "business", _("Tổ chức, doanh nghiệp")
    STAFF = "staff", _("Cán bộ, công chức")


class VerificationMethod(models.TextChoices):
    EID = "eid", _("Định danh điện tử VNeID")
    CODE = "code", _("Mã xác nhận gửi tới liên hệ ghi trên hồ sơ")
    COUNTER = "counter", _("Cán bộ một cửa kiểm tra giấy tờ tại quầy")
    DEMO = "demo", _("Dữ liệu minh họa")


def new_security_stamp() -> str:
    return secrets.token_hex(16)


class User(AbstractUser):
    """Anyone who logs in: citizens, businesses and staff.

    Citizens log in with their national ID number, businesses with their tax code,
    staff with the username the administrator gave them; all may use their e-mail.
    """

    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    full_name = models.CharField(_("họ và tên"), max_length=150)
    account_type = models.CharField(
        _("loại tài khoản"),
        max_length=16,
        choices=AccountType.choices,
        default=AccountType.CITIZEN,
    )
    national_id = models.CharField(
        _("số định danh cá nhân (CCCD)"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[validators.validate_national_id],
    )
    tax_code = models.CharField(
        _("mã số thuế"),
        max_length=14,
        unique=True,
        null=True,
        blank=True,
        validators=[validators.validate_tax_code],
    )
    phone = models.CharField(
        _("số điện thoại"),
        max_length=10,
        blank=True,
        validators=[validators.validate_mobile_phone],
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    # An applicant's identity is only claimed until proved (docs/accounts.md); then
    # the ID number and the full name are the verified identity.
    verified_at = models.DateTimeField(
        _("xác thực danh tính lúc"), null=True, blank=True
    )
    verification_method = models.CharField(
        _("cách xác thực"),
        max_length=8,
        choices=VerificationMethod.choices,
        blank=True,
    )
    verified_by = models.ForeignKey(
        "self",
        verbose_name=_("cán bộ xác thực"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the last VNeID login said (docs/vneid.md): the date of birth and the
    # assurance level of the e-ID account (1 or 2, Decree 69/2024).
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    eid_level = models.PositiveSmallIntegerField(
        _("mức độ tài khoản định danh điện tử"), null=True, blank=True
    )
    # Part of the session and API token hashes: changing it ends every session and
    # token of the account ("log out everywhere").
    security_stamp = models.CharField(
        max_length=32, default=new_security_stamp, editable=False
    )

    objects = UserManager()  # type: ignore[misc]

    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(account_type__in=AccountType.values),
                name="user_account_type_valid",
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_unique_email",
            ),
            models.CheckConstraint(
                condition=models.Q(verified_at__isnull=True, verification_method="")
                | models.Q(
                    verified_at__isnull=False,
                    verification_method__in=VerificationMethod.values,
                ),
                name="user_verification_consistent",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else self.username

    @property
    def is_staff_member(self) -> bool:
        return self.account_type == AccountType.STAFF

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def id_number(self) -> str:
        """The national ID number or the tax code: what a dossier names them by."""
        return (
            (self.national_id or self.tax_code or "")
            if not self.is_staff_member
            else ""
        )

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's own hash covers the password only; the stamp lets a person end
        # every session and API token without changing it (Django calls this for
        # SECRET_KEY and each SECRET_KEY_FALLBACKS entry).
        return salted_hmac(
            "accounts.User.session_auth_hash",
            f"{self.password}:{self.security_stamp}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def permission_owner_id(self) -> int:
        return self.pk

    @property
    def permission_agency_ids(self) -> list[int]:
        return [self.agency_id] if self.agency_id else []


class StaffRole(models.Model):
    """One role held by a staff member in their agency."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="staff_role_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="staff_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_role_display()


class ApiToken(models.Model):
    """An API token of one person: only its SHA-256 digest is stored.

    Valid until it expires (API_TOKEN_TTL) or is revoked, and only while the person's
    credentials are those it was issued under: a password change or "log out
    everywhere" (a new security stamp) ends every token at once.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=80, blank=True)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the key, so a person can tell their tokens apart.
    prefix = models.CharField(_("mở đầu"), max_length=8, editable=False)
    credentials_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        indexes = [models.Index(fields=["user", "-created_at"], name="apitoken_user")]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    def is_valid(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.revoked_at is None
            and self.expires_at > now
            and self.user.is_active
            and self.credentials_hash == self.user.get_session_auth_hash()
        )


class AccessAction(models.TextChoices):
    VIEW = "view", _("Xem hồ sơ")
    DOWNLOAD = "download", _("Tải tệp")
    FORM = "form", _("Tải biểu mẫu")
    ADMIN_ADD = "admin_add", _("Quản trị: thêm")
    ADMIN_CHANGE = "admin_change", _("Quản trị: sửa")
    ADMIN_DELETE = "admin_delete", _("Quản trị: xóa")
    ROLE_GRANT = "role_grant", _("Giao vai trò")
    ROLE_REVOKE = "role_revoke", _("Thu hồi vai trò")
    VERIFY = "verify", _("Xác thực danh tính")


class AccessLog(models.Model):
    """Who viewed or downloaded a dossier's personal data, and every admin change.

    Append-only: the ORM refuses to update or delete a row, and a trigger in the
    database refuses UPDATE always and DELETE outside the retention purge
    (accounts.audit). Dossiers are named by code, with their two agencies, so that
    a leader sees the rows of their agencies' dossiers.
    """

    at = models.DateTimeField(_("lúc"), default=timezone.now)
    actor = models.ForeignKey(
        User,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(
        _("hành động"), max_length=16, choices=AccessAction.choices
    )
    # Where it happened: page, api, admin, command.
    channel = models.CharField(_("kênh"), max_length=8)
    object_type = models.CharField(_("loại đối tượng"), max_length=60)
    object_ref = models.CharField(_("đối tượng"), max_length=80)
    detail = models.CharField(_("chi tiết"), max_length=255, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan giải quyết"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    receiving_agency = models.ForeignKey(
        Agency,
        verbose_name=_("nơi tiếp nhận"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("nhật ký truy cập dữ liệu cá nhân")
        verbose_name_plural = _("nhật ký truy cập dữ liệu cá nhân")
        indexes = [
            models.Index(fields=["at"], name="accesslog_at"),
            models.Index(fields=["agency", "-id"], name="accesslog_agency"),
            models.Index(
                fields=["receiving_agency", "-id"], name="accesslog_receiving"
            ),
            models.Index(fields=["object_type", "object_ref"], name="accesslog_object"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=AccessAction.values),
                name="accesslog_action_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_ref}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError(_("Nhật ký truy cập không được sửa."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValidationError(_("Nhật ký truy cập không được xóa."))
