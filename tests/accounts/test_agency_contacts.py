"""Agencies' contacts imported from the province's CSV list."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Agency
from tests.accounts.factories import AgencyFactory

pytestmark = pytest.mark.django_db

CSV = (
    "identifier,admin_unit_code,address,phone,opening_hours,email\n"
    "000.00.04.H36,,36 Trần Phú,0263 3822 146,Thứ Hai – Thứ Sáu,\n"
    ",24781,,0263 3 111 222,,ubnd@xuanhuong.example.vn\n"
    "000.00.99.H36,,1 Lê Lợi,,,\n"
    "000.00.05.H36,,,,,not-an-email\n"
)


def run(path):
    out, err = StringIO(), StringIO()
    call_command("import_agency_contacts", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_contacts_are_set_by_identifier_or_unit_code_and_empty_cells_keep(tmp_path):
    justice = AgencyFactory(identifier="000.00.04.H36", address="", phone="")
    ward = AgencyFactory(
        identifier="000.24.81.H36", admin_unit_code="24781", address="Giữ nguyên"
    )
    finance = AgencyFactory(identifier="000.00.05.H36", email="")
    path = tmp_path / "lien-he.csv"
    path.write_text(CSV, encoding="utf-8")

    out, err = run(path)

    assert "Updated 2, unchanged 0, rejected 2." in out
    assert "line 4: no current agency 000.00.99.H36" in err
    assert "line 5: Địa chỉ e-mail chưa đúng, ví dụ đúng: ten@example.vn." in err
    justice.refresh_from_db()
    assert (justice.address, justice.phone, justice.opening_hours) == (
        "36 Trần Phú",
        "0263 3822 146",
        "Thứ Hai – Thứ Sáu",
    )
    ward.refresh_from_db()
    assert ward.address == "Giữ nguyên"  # an empty cell changes nothing
    assert (ward.phone, ward.email) == ("0263 3 111 222", "ubnd@xuanhuong.example.vn")
    assert Agency.objects.get(pk=finance.pk).email == ""
    again, _err = run(path)
    assert "Updated 0, unchanged 2, rejected 2." in again


def test_a_file_without_contact_columns_is_refused(tmp_path):
    path = tmp_path / "sai.csv"
    path.write_text("identifier,name\n000.00.04.H36,Sở Tư pháp\n", encoding="utf-8")
    with pytest.raises(CommandError, match="at least one of address"):
        run(path)
