"""Validators for Vietnamese identifiers: CCCD, tax code, mobile phone, agency codes."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Province codes of birth registration that open a 12-digit CCCD number (the 63
# provinces before the 2025 merger; Circular 59/2021/TT-BCA keeps them).
CCCD_PROVINCE_PREFIXES = frozenset(
    [
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    ]
)
MOBILE_PATTERN = re.compile(r"0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}")
TAX_CODE_PATTERN = re.compile(r"\d{10}(-\d{3})?")
AGENCY_IDENTIFIER_PATTERN = re.compile(
    r"[A-Z0-9]{3}\.[A-Z0-9]{2}\.[A-Z0-9]{2}\.[A-Z0-9]{2,3}"
)
ADMIN_UNIT_CODE_PATTERN = re.compile(r"\d{2}|\d{3}|\d{5}")


def validate_national_id(value: str) -> None:
    if not (len(value) == 12 and value.isdigit()):
        raise ValidationError(
            _("Số định danh cá nhân phải gồm đúng 12 chữ số."), code="format"
        )
    if value[:3] not in CCCD_PROVINCE_PREFIXES:
        raise ValidationError(
            _("Ba chữ số đầu của số định danh không phải là mã tỉnh hợp lệ."),
            code="province",
        )


def normalize_phone(value: str) -> str:
    """`+84 912.345.678` and `0912 345 678` both become `0912345678`."""
    digits = re.sub(r"[\s.\-()]", "", value)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def validate_mobile_phone(value: str) -> None:
    if not MOBILE_PATTERN.fullmatch(value):
        raise ValidationError(
            _("Số điện thoại di động không hợp lệ (10 chữ số, ví dụ 0912345678)."),
            code="format",
        )


def validate_tax_code(value: str) -> None:
    if not TAX_CODE_PATTERN.fullmatch(value):
        raise ValidationError(
            _("Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu '-' và 3 chữ số."),
            code="format",
        )


def validate_agency_identifier(value: str) -> None:
    if not AGENCY_IDENTIFIER_PATTERN.fullmatch(value):
        raise ValidationError(
            _("Mã định danh có dạng V1V2V3.Z1Z2.Y1Y2.MX1X2, ví dụ 000.00.00.H36."),
            code="format",
        )


def validate_admin_unit_code(value: str) -> None:
    if not ADMIN_UNIT_CODE_PATTERN.fullmatch(value):
        raise ValidationError(
            _("Mã đơn vị hành chính gồm 2 (tỉnh), 3 (huyện) hoặc 5 (xã) chữ số."),
            code="format",
        )


def same_name(first: str, second: str) -> bool:
    """Two spellings of one person's name: Unicode form, case and spacing aside."""

    def key(name: str) -> str:
        return " ".join(unicodedata.normalize("NFC", name).casefold().split())

    return bool(first.strip()) and key(first) == key(second)
