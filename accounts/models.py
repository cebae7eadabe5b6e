"""Agencies (the tree of state bodies), users and their roles."""

import uuid
from datetime import date

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import validators

# Districts were abolished and provinces merged on this day (Resolution 202/2025/QH15).
TWO_TIER_REFORM_DATE = date(2025, 7, 1)


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

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
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

    @property
    def is_historical(self) -> bool:
        return self.valid_until is not None and self.valid_until < timezone.localdate()


class AgencySuccession(models.Model):
    """An old unit absorbed, fully or in part, by a new one in a merger."""

    class MergeType(models.TextChoices):
        FULL = "full", _("Toàn bộ")
        PARTIAL = "partial", _("Một phần")

    successor = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="succession_sources"
    )
    predecessor = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="succession_targets"
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
