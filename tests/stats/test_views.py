"""The dashboards, the public page, the report and the exports show the world's
figures to those who may see them."""

import io
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from accounts.models import AgencyKind, Role
from tests.accounts.factories import StaffFactory
from tests.dossiers.conftest import act, draft
from tests.stats.worlds import at

pytestmark = pytest.mark.django_db

MAY = "period=month&year=2026&month=5"


@pytest.fixture(autouse=True)
def _june_10():
    with time_machine.travel(at(6, 10, 10), tick=False):
        yield


def department_query(may):
    return f"{MAY}&agency={may.world.department.uuid}"


def test_leader_sees_the_departments_figures_and_late_dossiers(client, may):
    client.force_login(may.world.leader)
    response = client.get(f"/thong-ke/?{department_query(may)}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tháng 5/2026" in page
    by_field = response.context["by_field"]
    total = by_field.rows[0]  # one field in the department: Hộ tịch
    assert total[:4] == ["Hộ tịch", 11, 9, 7]
    overdue_codes = [row[0] for row in response.context["overdue"].rows]
    # Now (10/6 10:00): M and K are overdue, P is due today at 17:00.
    assert overdue_codes == [may.dossiers[n].code for n in ("M", "K", "P")]
    assert f'href="/ho-so/{may.dossiers["M"].code}/"' in page
    assert "<svg" in page and "<table" in page
    workload = response.context["workload"].rows
    # The officer has L (waiting for a supplement) and M (overdue); K and P wait
    # for an officer, and K is overdue.
    assert workload == [[may.world.officer.full_name, 2, 1], ["Chưa phân công", 2, 1]]


def test_officer_may_not_see_the_dashboard(client, officer):
    client.force_login(officer)
    assert client.get("/thong-ke/").status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/thong-ke/")
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]


def test_leader_of_another_agency_cannot_pick_this_one(client, may):
    stranger = StaffFactory(roles=[Role.LEADER])
    client.force_login(stranger)
    response = client.get(f"/thong-ke/?{department_query(may)}")
    assert response.status_code == 200
    assert response.context["query"] is None
    assert "agency" in response.context["form"].errors


def test_leader_without_a_choice_sees_only_their_agencies(client, may):
    client.force_login(may.world.leader)
    response = client.get(f"/thong-ke/?{MAY}")
    by_level = response.context["by_level"].rows
    assert [row[0] for row in by_level] == ["Cấp tỉnh"]  # not the commune's


def test_bad_period_is_a_form_error_not_a_500(client, leader):
    client.force_login(leader)
    response = client.get("/thong-ke/?period=range&start=2026-05-31&end=2026-05-01")
    assert response.status_code == 200
    assert response.context["form"].errors


def test_public_page_shows_the_same_figures_without_personal_data(client, may):
    response = client.get(f"/thong-ke/cong-khai/?{department_query(may)}")
    assert response.status_code == 200
    summary = {row[0]: row[1] for row in response.context["summary"].rows}
    assert summary["Tổng số hồ sơ tiếp nhận"] == 11
    assert summary["Đã giải quyết"] == 7
    page = response.content.decode()
    assert may.world.citizen.full_name not in page
    assert may.dossiers["A"].code not in page
    assert may.world.officer.full_name not in page


def test_province_dashboard_ranks_agencies_by_level(client, may):
    committee_leader = StaffFactory(agency=may.world.province, roles=[Role.LEADER])
    assert may.world.province.kind == AgencyKind.PEOPLES_COMMITTEE
    client.force_login(committee_leader)
    response = client.get(f"/thong-ke/toan-tinh/?{MAY}")
    assert response.status_code == 200
    titles = [table.slug for table, _chart in response.context["rankings"]]
    assert titles == ["xep-hang-province", "xep-hang-commune"]
    communes = response.context["rankings"][1][0].rows
    assert communes[0][0] == 1 and communes[0][2] == 1  # rank, received


def test_department_leader_may_not_see_the_province_dashboard(client, leader):
    client.force_login(leader)
    assert client.get("/thong-ke/toan-tinh/").status_code == 403


def test_report_form_ii06a_columns(client, may):
    client.force_login(may.world.leader)
    response = client.get(f"/thong-ke/bao-cao/?{department_query(may)}")
    rows = response.context["report"].rows
    # The level subtotal, then the field: columns (3) to (13).
    expected = [11, 8, 1, 2, 7, 1, 4, 2, 4, 2, 2]
    assert rows[0][2:] == expected
    assert rows[1][1:] == ["Hộ tịch", *expected]
    assert rows[-1][2:] == expected  # the total


def test_report_pdf(client, may):
    client.force_login(may.world.leader)
    response = client.get(f"/thong-ke/bao-cao.pdf?{department_query(may)}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_csv_export_of_a_table(client, may):
    response = client.get(f"/thong-ke/xuat/theo-linh-vuc.csv?{department_query(may)}")
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Lĩnh vực,Tổng số hồ sơ tiếp nhận")
    assert lines[1].startswith("Hộ tịch,11,9,7,1,4,2,4,2,71.43,88.89,80.0,50.0")


def test_xlsx_export_of_the_report(client, may):
    response = client.get(f"/thong-ke/xuat/bieu-ii06a.xlsx?{department_query(may)}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for cell in sheet[4]]  # title, header, level subtotal
    assert values[1:] == ["Hộ tịch", 11, 8, 1, 2, 7, 1, 4, 2, 4, 2, 2]


def test_lists_naming_officers_are_not_exported_to_strangers(client, may):
    url = f"/thong-ke/don-vi/xuat/qua-han-sap-den-han.csv?{department_query(may)}"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(may.world.leader)
    response = client.get(url)
    assert response.status_code == 200
    assert may.dossiers["M"].code in response.content.decode("utf-8-sig")


def test_unknown_export_is_a_404(client, db):
    assert client.get("/thong-ke/xuat/khong-co.csv").status_code == 404
    assert client.get("/thong-ke/xuat/tong-hop.pdf").status_code == 404


def test_a_transition_shows_at_once_on_the_cached_public_page(world, client):
    dossier = act(draft(world), "submit", world.citizen)
    before = client.get("/thong-ke/cong-khai/").content
    act(dossier, "receive", world.clerk)
    after = client.get("/thong-ke/cong-khai/").content
    assert after != before


def test_public_page_shows_the_766_index_of_each_agency(client, may):
    response = client.get(f"/thong-ke/cong-khai/?{department_query(may)}")
    index = response.context["agency_index"]
    assert index.columns[1:3] == [
        "2.1 Tiến độ giải quyết: hồ sơ trước hạn, đúng hạn (%)",
        "2.1 điểm (tối đa 20)",
    ]
    name, rate_2_1, points_2_1, *_rest, rate_5_4, points_5_4 = index.rows[0]
    assert name == may.world.department.name
    # Early 1 + on time 4 + in progress within time 2 = 7, of 7 resolved + 4 in
    # progress: 7 / 11 = 63,64%, worth 20 × 63,64% = 12,73 points.
    assert (rate_2_1, points_2_1) == (Decimal("63.64"), Decimal("12.73"))
    # 100% − late 2/7 (28,57%) − unsatisfied 1/7 (B; 14,29%) = 57,14%;
    # 57,14 / 90 = 63,49% of 6 points = 3,81.
    assert (rate_5_4, points_5_4) == (Decimal("57.14"), Decimal("3.81"))
    page = response.content.decode()
    assert "63,64" in page and "12,73" in page


def test_every_public_page_shows_the_hotline(client, db, settings):
    settings.PROVINCE_HOTLINE = "0263 3 123 456"
    settings.PROVINCE_CONTACT_ADDRESS = "36 Trần Phú, Đà Lạt"
    for url in ("/", "/thu-tuc/", "/thong-ke/cong-khai/", "/ki-ot/"):
        page = client.get(url).content.decode()
        assert 'href="tel:02633123456"' in page, url
        assert "36 Trần Phú, Đà Lạt" in page, url
