"""The applicant's province and commune codes, read from a free-text address by
the names of the imported units (sent to the national portal as MaTinh/MaXa)."""

from datetime import date

import pytest

from accounts.models import AdministrativeLevel, AgencyKind
from accounts.selectors import administrative_unit_in
from tests.accounts.factories import AgencyFactory, province_with_communes

pytestmark = pytest.mark.django_db


@pytest.fixture
def lam_dong():
    return province_with_communes(
        "68",
        {
            "24781": "phường Xuân Hương - Đà Lạt",
            "24778": "phường Lâm Viên - Đà Lạt",
            "24958": "xã Đức Trọng",
            "24959": "xã Đức Trọng Hạ",  # a longer name holding another
        },
    )


@pytest.mark.parametrize(
    ("address", "codes"),
    [
        ("12 Phan Đình Phùng, phường Xuân Hương - Đà Lạt", ("68", "24781")),
        ("12 Phan Đình Phùng, Phường Xuân Hương – Đà Lạt, Lâm Đồng", ("68", "24781")),
        ("5 Trần Phú,  PHƯỜNG LÂM VIÊN-ĐÀ LẠT", ("68", "24778")),
        ("Thôn 3, xã Đức Trọng", ("68", "24958")),
        ("Thôn 3, xã Đức Trọng Hạ", ("68", "24959")),
    ],
)
def test_the_commune_named_in_the_address_gives_both_codes(lam_dong, address, codes):
    assert administrative_unit_in(address) == codes


@pytest.mark.parametrize(
    "address",
    [
        "",
        "12 Lê Lợi, phường Bến Nghé, TP Hồ Chí Minh",  # not an imported unit
        "12 Phan Đình Phùng, phường Xuân Hương",  # not the whole name
        "xã Đức Trọngg",  # not a word of its own
    ],
)
def test_an_address_naming_no_known_commune_gives_none(lam_dong, address):
    assert administrative_unit_in(address) is None


def test_two_units_of_the_same_name_are_not_guessed(lam_dong):
    province_with_communes("01", {"00001": "xã Đức Trọng"})
    assert administrative_unit_in("Thôn 3, xã Đức Trọng") is None


def test_former_units_and_communes_under_a_district_are_handled(lam_dong):
    district = AgencyFactory(
        name="Ủy ban nhân dân huyện Lạc Dương",
        admin_unit_code="682",
        level=AdministrativeLevel.DISTRICT,
        kind=AgencyKind.PEOPLES_COMMITTEE,
        parent=lam_dong,
    )
    AgencyFactory(
        commune=True,
        name="Ủy ban nhân dân xã Đạ Sar",
        admin_unit_code="24850",
        parent=district,
    )
    AgencyFactory(
        commune=True,
        name="Ủy ban nhân dân xã Đạ Nhim",
        admin_unit_code="24853",
        parent=district,
        valid_until=date(2025, 6, 30),
    )
    assert administrative_unit_in("xã Đạ Sar, Lạc Dương") == ("68", "24850")
    assert administrative_unit_in("xã Đạ Nhim, Lạc Dương") is None
