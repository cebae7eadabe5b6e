"""Demo data of the current (2-tier) province of Lâm Đồng: agencies, staff, citizens.

Names and GSO codes are public. The province's identifier 000.00.00.H36 follows the
published procedure codes (`….000.00.00.H36`); the department and commune numbers in the
other identifiers are illustrative, since no official list of them is published.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from accounts import services
from accounts.imports import units_import
from accounts.models import (
    AccountType,
    AdministrativeLevel,
    Agency,
    AgencyKind,
    Role,
    User,
    VerificationMethod,
)

DEMO_PASSWORD = "MotCua@2026"  # noqa: S105 (published in the README)
UNITS_FIXTURE = Path(__file__).parent / "fixtures" / "demo_lamdong_units.json"
PROVINCE_CODE = "68"
PROVINCE_IDENTIFIER = "000.00.00.H36"
ADDRESS = "số 36 Trần Phú, phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng"
PHONE = "0263 3822 146"
# The province's working hours (settings.WORKING_PERIODS), as an agency writes them.
OPENING_HOURS = "Thứ Hai – Thứ Sáu: sáng 7:30–11:30, chiều 13:00–17:00"

# (identifier, name, short name, kind, parent identifier)
PROVINCIAL_AGENCIES = [
    (
        "000.00.01.H36",
        "Văn phòng Ủy ban nhân dân tỉnh Lâm Đồng",
        "Văn phòng UBND tỉnh",
        AgencyKind.DEPARTMENT,
        PROVINCE_IDENTIFIER,
    ),
    (
        "000.00.02.H36",
        "Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng",
        "Trung tâm PVHCC tỉnh",
        AgencyKind.SERVICE_CENTRE,
        "000.00.01.H36",
    ),
    (
        "000.00.03.H36",
        "Sở Nội vụ tỉnh Lâm Đồng",
        "Sở Nội vụ",
        AgencyKind.DEPARTMENT,
        PROVINCE_IDENTIFIER,
    ),
    (
        "000.00.04.H36",
        "Sở Tư pháp tỉnh Lâm Đồng",
        "Sở Tư pháp",
        AgencyKind.DEPARTMENT,
        PROVINCE_IDENTIFIER,
    ),
    (
        "000.00.05.H36",
        "Sở Tài chính tỉnh Lâm Đồng",
        "Sở Tài chính",
        AgencyKind.DEPARTMENT,
        PROVINCE_IDENTIFIER,
    ),
    (
        "000.00.06.H36",
        "Sở Công Thương tỉnh Lâm Đồng",
        "Sở Công Thương",
        AgencyKind.DEPARTMENT,
        PROVINCE_IDENTIFIER,
    ),
    (
        "000.00.07.H36",
        "Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng",
        "Sở Nông nghiệp và Môi trường",
        AgencyKind.DEPARTMENT,
        PROVINCE_IDENTIFIER,
    ),
    (
        "000.01.07.H36",
        "Văn phòng Đăng ký đất đai tỉnh Lâm Đồng",
        "Văn phòng Đăng ký đất đai",
        AgencyKind.UNIT,
        "000.00.07.H36",
    ),
    (
        "000.00.08.H36",
        "Sở Xây dựng tỉnh Lâm Đồng",
        "Sở Xây dựng",
        AgencyKind.DEPARTMENT,
        PROVINCE_IDENTIFIER,
    ),
    (
        "000.00.09.H36",
        "Sở Khoa học và Công nghệ tỉnh Lâm Đồng",
        "Sở Khoa học và Công nghệ",
        AgencyKind.DEPARTMENT,
        PROVINCE_IDENTIFIER,
    ),
    (
        "000.00.10.H36",
        "Sở Văn hóa, Thể thao và Du lịch tỉnh Lâm Đồng",
        "Sở Văn hóa, Thể thao và Du lịch",
        AgencyKind.DEPARTMENT,
        PROVINCE_IDENTIFIER,
    ),
    (
        "000.00.11.H36",
        "Sở Giáo dục và Đào tạo tỉnh Lâm Đồng",
        "Sở Giáo dục và Đào tạo",
        AgencyKind.DEPARTMENT,
        PROVINCE_IDENTIFIER,
    ),
    (
        "000.00.12.H36",
        "Sở Y tế tỉnh Lâm Đồng",
        "Sở Y tế",
        AgencyKind.DEPARTMENT,
        PROVINCE_IDENTIFIER,
    ),
    (
        "000.00.13.H36",
        "Sở Dân tộc và Tôn giáo tỉnh Lâm Đồng",
        "Sở Dân tộc và Tôn giáo",
        AgencyKind.DEPARTMENT,
        PROVINCE_IDENTIFIER,
    ),
    (
        "000.00.14.H36",
        "Thanh tra tỉnh Lâm Đồng",
        "Thanh tra tỉnh",
        AgencyKind.DEPARTMENT,
        PROVINCE_IDENTIFIER,
    ),
    (
        "000.00.15.H36",
        "Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng",
        "Ban Quản lý các khu công nghiệp",
        AgencyKind.DEPARTMENT,
        PROVINCE_IDENTIFIER,
    ),
]
# Commune identifiers by GSO code (illustrative numbering after the departments).
COMMUNE_IDENTIFIERS = {
    "24781": "000.00.31.H36",
    "24778": "000.00.32.H36",
    "24846": "000.00.33.H36",
    "24823": "000.00.34.H36",
    "24829": "000.00.35.H36",
    "22945": "000.00.36.H36",
    "22918": "000.00.37.H36",
    "24611": "000.00.38.H36",
    "24958": "000.00.39.H36",
    "25000": "000.00.40.H36",
    "24848": "000.00.41.H36",
    "22978": "000.00.42.H36",
    "24670": "000.00.43.H36",
    "23272": "000.00.44.H36",
}
XUAN_HUONG = "24781"
XUAN_HUONG_CENTRE = "000.01.31.H36"


@dataclass(frozen=True)
class DemoStaff:
    username: str
    full_name: str
    agency_identifier: str
    roles: tuple[str, ...]
    position: str


DEMO_STAFF = [
    DemoStaff(
        "quantri",
        "Phạm Quốc Huy",
        PROVINCE_IDENTIFIER,
        (Role.SYSTEM_ADMIN,),
        "Quản trị hệ thống",
    ),
    DemoStaff(
        "motcua.tinh", "Lê Thị Hoa", "000.00.02.H36", (Role.CLERK,), "Cán bộ tiếp nhận"
    ),
    DemoStaff(
        "lanhdao.trungtam",
        "Phan Thị Ngọc",
        "000.00.02.H36",
        (Role.LEADER,),
        "Giám đốc Trung tâm Phục vụ hành chính công",
    ),
    DemoStaff(
        "chuyenvien.tuphap",
        "Nguyễn Minh Tuấn",
        "000.00.04.H36",
        (Role.OFFICER,),
        "Chuyên viên Phòng Hành chính tư pháp",
    ),
    DemoStaff(
        "lanhdao.tuphap",
        "Trần Văn Dũng",
        "000.00.04.H36",
        (Role.LEADER,),
        "Phó Giám đốc Sở",
    ),
    DemoStaff(
        "quantri.tuphap",
        "Võ Thị Mai",
        "000.00.04.H36",
        (Role.AGENCY_ADMIN,),
        "Văn phòng Sở",
    ),
    DemoStaff(
        "chuyenvien.datdai",
        "Hoàng Văn Nam",
        "000.01.07.H36",
        (Role.OFFICER,),
        "Chuyên viên đăng ký đất đai",
    ),
    DemoStaff(
        "motcua.xuanhuong",
        "Đặng Thị Thu",
        XUAN_HUONG_CENTRE,
        (Role.CLERK,),
        "Cán bộ tiếp nhận",
    ),
    DemoStaff(
        "chuyenvien.xuanhuong",
        "Bùi Văn Long",
        COMMUNE_IDENTIFIERS[XUAN_HUONG],
        (Role.OFFICER,),
        "Công chức Tư pháp - Hộ tịch",
    ),
    DemoStaff(
        "lanhdao.xuanhuong",
        "Ngô Thị Lan",
        COMMUNE_IDENTIFIERS[XUAN_HUONG],
        (Role.LEADER,),
        "Phó Chủ tịch UBND phường",
    ),
]

# (login, full name, national ID or tax code, phone, e-mail, address, type)
DEMO_APPLICANTS = [
    (
        "068090001234",
        "Nguyễn Văn An",
        "0912345678",
        "an.nguyen@example.vn",
        "12 Phan Đình Phùng, phường Xuân Hương - Đà Lạt",
        AccountType.CITIZEN,
    ),
    (
        "068185004321",
        "Trần Thị Bình",
        "0987654321",
        "binh.tran@example.vn",
        "5 Lê Hồng Phong, phường 1 Bảo Lộc",
        AccountType.CITIZEN,
    ),
    (
        "5800123456",
        "Công ty TNHH Cà phê Cầu Đất",
        "0901234567",
        "info@caphecaudat.example.vn",
        "Thôn Cầu Đất, phường Xuân Trường - Đà Lạt",
        AccountType.BUSINESS,
    ),
]


@transaction.atomic
def seed_accounts() -> list[str]:
    """Create the demo agencies and accounts; returns lines describing the accounts."""
    units_import(
        data=json.loads(UNITS_FIXTURE.read_text("utf-8")), province_code=PROVINCE_CODE
    )
    province = Agency.objects.get(admin_unit_code=PROVINCE_CODE, valid_until=None)
    _set_fields(
        province,
        identifier=PROVINCE_IDENTIFIER,
        address=ADDRESS,
        phone=PHONE,
        opening_hours=OPENING_HOURS,
        website="https://lamdong.gov.vn",
    )
    for code, identifier in COMMUNE_IDENTIFIERS.items():
        commune = Agency.objects.get(admin_unit_code=code, valid_until=None)
        _set_fields(commune, identifier=identifier)
    for identifier, name, short_name, kind, parent in PROVINCIAL_AGENCIES:
        _agency(
            identifier, name, short_name, kind, AdministrativeLevel.PROVINCE, parent
        )
    _agency(
        XUAN_HUONG_CENTRE,
        "Trung tâm Phục vụ hành chính công phường Xuân Hương - Đà Lạt",
        "Trung tâm PVHCC phường Xuân Hương",
        AgencyKind.SERVICE_CENTRE,
        AdministrativeLevel.COMMUNE,
        COMMUNE_IDENTIFIERS[XUAN_HUONG],
    )
    lines = [_staff(member) for member in DEMO_STAFF]
    lines += [_applicant(*applicant) for applicant in DEMO_APPLICANTS]
    return lines


def _set_fields(agency: Agency, **values: str) -> None:
    changed = [name for name, value in values.items() if getattr(agency, name) != value]
    for name in changed:
        setattr(agency, name, values[name])
    if changed:
        agency.save(update_fields=changed)


def _agency(
    identifier: str,
    name: str,
    short_name: str,
    kind: str,
    level: str,
    parent_identifier: str,
) -> Agency:
    parent = Agency.objects.get(identifier=parent_identifier)
    agency, _created = Agency.objects.get_or_create(
        identifier=identifier,
        defaults={
            "name": name,
            "short_name": short_name,
            "kind": kind,
            "level": level,
            "parent": parent,
        },
    )
    _set_fields(agency, address=ADDRESS, phone=PHONE, opening_hours=OPENING_HOURS)
    return agency


def _staff(member: DemoStaff) -> str:
    user = User.objects.filter(username=member.username).first()
    if user is None:
        user = services.staff_create(
            username=member.username,
            full_name=member.full_name,
            agency=Agency.objects.get(identifier=member.agency_identifier),
            roles=member.roles,
            email=f"{member.username}@lamdong.example.vn",
            position=member.position,
            password=DEMO_PASSWORD,
            granter=None,
        )
    labels = ", ".join(str(Role(role).label) for role in member.roles)
    return f"{member.username:<22} {labels} — {user.agency}"


def _applicant(
    login: str, full_name: str, phone: str, email: str, address: str, kind: str
) -> str:
    user = User.objects.filter(username=login).first()
    if user is None:
        common: dict[str, Any] = {
            "full_name": full_name,
            "email": email,
            "phone": phone,
            "password": DEMO_PASSWORD,
            "address": address,
        }
        if kind == AccountType.BUSINESS:
            user = services.business_register(tax_code=login, **common)
        else:
            user = services.citizen_register(national_id=login, **common)
    if not user.is_verified:
        # A recorded demo check stands in for the e-ID, so that the demo's walk-in
        # dossiers of these people reach their accounts (docs/accounts.md).
        services.account_verify(
            user=user,
            method=VerificationMethod.DEMO,
            full_name=full_name,
            channel="command",
        )
    return f"{login:<22} {AccountType(kind).label} — {full_name}"
