import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.imports import LAST_THREE_TIER_DAY, units_import
from accounts.models import AdministrativeLevel, Agency, AgencySuccession
from core.exceptions import DomainError
from tests.conftest import SHARED_DATA

pytestmark = pytest.mark.django_db

DATA = SHARED_DATA
THREE_TIER = DATA / "admin_units_vn_3tier_2025-03-01.json"
TWO_TIER = DATA / "admin_units_vn_2tier_2025-07-01.json"
needs_data = pytest.mark.skipif(
    not THREE_TIER.exists(), reason="../shared/data is not on this machine"
)


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_units", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@needs_data
def test_real_three_tier_lam_dong():
    out, _err = run(str(THREE_TIER), "--province", "68")
    assert "Created 152, updated 0, unchanged 0, rejected 0." in out
    historical = Agency.objects.filter(valid_until=LAST_THREE_TIER_DAY)
    assert historical.filter(level=AdministrativeLevel.DISTRICT).count() == 10
    assert historical.filter(level=AdministrativeLevel.COMMUNE).count() == 141
    ward = historical.get(admin_unit_code="24769")
    assert ward.name == "Ủy ban nhân dân phường 7"
    assert ward.parent.name == "Ủy ban nhân dân thành phố Đà Lạt"
    assert not Agency.objects.current().filter(pk=ward.pk).exists()


@needs_data
def test_real_two_tier_after_three_tier_links_merges():
    run(str(THREE_TIER), "--province", "68")
    out, _err = run(str(TWO_TIER), "--province", "68")
    assert "Created 125, updated 0, unchanged 0, rejected 0." in out
    current = Agency.objects.filter(valid_until__isnull=True)
    assert current.filter(level=AdministrativeLevel.COMMUNE).count() == 124
    # The new ward 24781 and the old ward 24781 are different units.
    new_ward = current.get(admin_unit_code="24781")
    assert new_ward.name == "Ủy ban nhân dân phường Xuân Hương - Đà Lạt"
    assert new_ward.parent.admin_unit_code == "68"
    assert Agency.objects.filter(admin_unit_code="24781").count() == 2
    assert set(new_ward.predecessors.values_list("admin_unit_code", flat=True)) == {
        "24781",
        "24784",
        "24793",
        "24796",
        "24802",
    }
    assert Agency.objects.get(admin_unit_code="23272", valid_until=None).unit_type == (
        "Đặc khu"
    )


@needs_data
def test_import_is_idempotent():
    run(str(TWO_TIER), "--province", "68")
    out, _err = run(str(TWO_TIER), "--province", "68")
    assert "Created 0, updated 0, unchanged 125, rejected 0." in out


@needs_data
def test_dry_run_saves_nothing():
    out, _err = run(str(TWO_TIER), "--province", "68", "--dry-run")
    assert "Created 125" in out and "nothing was saved" in out
    assert not Agency.objects.exists()


def test_malformed_rows_are_rejected_and_the_rest_imported():
    data = {
        "data": [
            {
                "level1_id": "68",
                "name": "Tỉnh Lâm Đồng",
                "type": "Tỉnh",
                "merges": [],
                "level2s": [
                    {"level2_id": "24781", "name": "Phường Xuân Hương - Đà Lạt"},
                    {"level2_id": "abc", "name": "Xã Sai Mã"},
                    {"level2_id": "24778", "name": ""},
                    "not an object",
                ],
            }
        ]
    }
    report = units_import(data=data, province_code="68")
    assert report.created == 2
    assert report.rejected == [
        "level2s[1]: level2_id 'abc' is not a 5-digit code",
        "level2s[2] (24778): the name is empty",
        "level2s[3]: not an object",
    ]


def test_partial_merges_are_recorded():
    old = {
        "data": [
            {
                "level1_id": "68",
                "name": "Tỉnh Lâm Đồng",
                "level2s": [
                    {
                        "level2_id": "672",
                        "name": "Thành phố Đà Lạt",
                        "level3s": [{"level3_id": "24769", "name": "Phường 7"}],
                    }
                ],
            }
        ]
    }
    new = {
        "data": [
            {
                "level1_id": "68",
                "name": "Tỉnh Lâm Đồng",
                "merges": [],
                "level2s": [
                    {
                        "level2_id": "24778",
                        "name": "Phường Lâm Viên - Đà Lạt",
                        "merges": [
                            {"old_id": "24769", "type": "partial"},
                            {"old_id": "99999"},
                        ],
                    }
                ],
            }
        ]
    }
    units_import(data=old, province_code="68")
    report = units_import(data=new, province_code="68")
    assert (report.merges_linked, report.merges_unresolved) == (1, 1)
    succession = AgencySuccession.objects.get()
    assert succession.merge_type == "partial"
    assert succession.predecessor.admin_unit_code == "24769"


def test_renamed_unit_is_updated():
    data = {
        "data": [
            {
                "level1_id": "68",
                "name": "Tỉnh Lâm Đồng",
                "merges": [],
                "level2s": [{"level2_id": "24781", "name": "Phường A"}],
            }
        ]
    }
    units_import(data=data, province_code="68")
    data["data"][0]["level2s"][0]["name"] = "Phường B"
    report = units_import(data=data, province_code="68")
    assert (report.updated, report.unchanged) == (1, 1)
    assert (
        Agency.objects.get(admin_unit_code="24781").name == "Ủy ban nhân dân phường B"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not valid UTF-8 JSON"),
        ("[1, 2]", 'must be a JSON object with a "data" list'),
        (
            '{"data": [{"level1_id": "01"}]}',
            "Province 68 is not in the file; it has: 01",
        ),
        (
            '{"data": [{"level1_id": "68", "name": "X", "level2s": 5}]}',
            "must be a list",
        ),
    ],
)
def test_bad_files_give_clear_errors(tmp_path, content, message):
    path = tmp_path / "units.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run(str(path), "--province", "68")
    assert not Agency.objects.exists()


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="File not found"):
        run(str(tmp_path / "none.json"), "--province", "68")


def test_province_is_required(tmp_path):
    path = tmp_path / "units.json"
    path.write_text(json.dumps({"data": []}))
    with pytest.raises(CommandError, match="--province"):
        run(str(path))


def test_structure_error_rolls_back_everything():
    data = {
        "data": [
            {
                "level1_id": "68",
                "name": "Tỉnh Lâm Đồng",
                "level2s": [{"level2_id": "672", "name": "Huyện A", "level3s": 7}],
            }
        ]
    }
    with pytest.raises(DomainError):
        units_import(data=data, province_code="68")
    assert not Agency.objects.exists()


@needs_data
def test_real_units_report_that_the_files_carry_no_identifiers(tmp_path):
    out, _err = run(str(TWO_TIER), "--province", "68")

    # The GSO layouts have no mã định danh: every current unit (the province and
    # its 124 communes) is reported, and none is invented.
    assert "Identifiers: 0 set; 125 current unit(s) without one" in out
    assert not Agency.objects.exclude(identifier=None).exists()


@needs_data
def test_identifiers_are_imported_from_the_provinces_list(tmp_path):
    listing = tmp_path / "ma-dinh-danh.csv"
    listing.write_text(
        "admin_unit_code,identifier\n68,000.00.00.H36\n24781,000.31.24.H36\n"
        "24778,bad\n",
        encoding="utf-8",
    )

    out, _err = run(str(TWO_TIER), "--province", "68", "--identifiers", str(listing))

    assert "Identifiers: 2 set; 123 current unit(s) without one" in out
    ward = Agency.objects.get(admin_unit_code="24781", valid_until=None)
    assert ward.identifier == "000.31.24.H36"
    assert Agency.objects.get(admin_unit_code="68").identifier == "000.00.00.H36"
    assert "24778: identifier 'bad' is not of the form" in _err
    again, _err = run(str(TWO_TIER), "--province", "68", "--identifiers", str(listing))
    assert "Identifiers: 0 set" in again  # already set, nothing changes


def test_identifier_file_without_its_columns_is_a_clear_error(tmp_path):
    listing = tmp_path / "list.csv"
    listing.write_text("code,id\n68,000.00.00.H36\n", encoding="utf-8")
    data = tmp_path / "units.json"
    data.write_text('{"data": []}', encoding="utf-8")

    with pytest.raises(CommandError, match="admin_unit_code and identifier"):
        run(str(data), "--province", "68", "--identifiers", str(listing))
