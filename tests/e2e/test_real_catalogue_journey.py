"""The real catalogue, imported from ../shared/data, files cleanly: a citizen files
the ten most-filed procedures online with their required papers only, and the
ward's clerk receives one."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import AdministrativeLevel, Agency, AgencyKind
from procedures.models import Procedure
from tests.accounts.factories import AgencyFactory
from tests.e2e.test_dossier_journeys import (
    CODE,
    log_in,
    log_out,
    open_dossier,
    pdf_file,
)
from tests.procedures.conftest import shared_data

XUAN_HUONG = "24781"
LAND_OFFICE = "Văn phòng Đăng ký đất đai tỉnh Lâm Đồng"
POLICE = "Công an tỉnh Lâm Đồng"
# The procedure a citizen looks for, by its public code, and who resolves it.
TEN = (
    ("1.001193.000.00.00.H36", "ward"),  # birth registration
    ("1.000894.000.00.00.H36", "ward"),  # marriage registration
    ("1.004873.000.00.00.H36", "ward"),  # marital status certificate
    ("1.000656.000.00.00.H36", "ward"),  # death registration
    ("1.004222", "ward"),  # permanent residence registration
    ("1.001612.000.00.00.H36", "ward"),  # business household (district until 2025)
    ("1.012756.H36", LAND_OFFICE),  # first land registration
    ("1.013225.H36", "ward"),  # construction permit, grade III-IV works
    ("2.000908.000.00.00.H36", "ward"),  # copies from the original register
    ("3.000333", POLICE),  # judicial record certificate
)


@pytest.fixture
def real_catalogue(transactional_db):
    call_command("seed_demo", "--skip-demo-dossiers", verbosity=0)
    # The provincial police issue judicial records; the demo has no such agency.
    AgencyFactory(
        name=POLICE,
        short_name="Công an tỉnh",
        kind=AgencyKind.DEPARTMENT,
        level=AdministrativeLevel.PROVINCE,
        parent=Agency.objects.get(identifier="000.00.00.H36"),
    )
    call_command(
        "import_procedures",
        str(shared_data("procedures.json")),
        "--texts",
        str(shared_data("procedure_texts.json")),
        stdout=StringIO(),
    )


def file_online(page, code, agency):
    page.goto(f"/thu-tuc/{code}/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_label("Cơ quan giải quyết").select_option(label=agency)
    page.get_by_role("button", name="Tiếp tục: tải lên giấy tờ").click()
    procedure = Procedure.objects.get(code=code)
    for component in procedure.components.filter(is_mandatory=True):
        page.locator(f"input[name=component_{component.position}]").set_input_files(
            pdf_file(f"giay-to-{component.position}.pdf")
        )
    page.get_by_role("button", name="Tải lên và tiếp tục").click()
    expect(page.get_by_role("heading", name="Thông tin hồ sơ")).to_be_visible()
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    expect(
        page.get_by_role("heading", name="Biên nhận nộp hồ sơ trực tuyến")
    ).to_be_visible()
    return page.locator("#ma-ho-so").inner_text()


@pytest.mark.slow
def test_citizen_files_the_ten_most_filed_procedures_and_a_clerk_receives_one(
    page, real_catalogue
):
    ward = Agency.objects.get(admin_unit_code=XUAN_HUONG, valid_until=None).name
    log_in(page, "068090001234")
    codes = {}
    for code, agency in TEN:
        codes[code] = file_online(page, code, ward if agency == "ward" else agency)
        assert CODE.fullmatch(codes[code]), code
    log_out(page)

    log_in(page, "motcua.xuanhuong")
    page.get_by_role("link", name="Tiếp nhận", exact=True).click()
    open_dossier(page, codes["1.004873.000.00.00.H36"])
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    expect(page.get_by_text("Đã thực hiện: Tiếp nhận")).to_be_visible()
    expect(page.get_by_text(re.compile("Đã tiếp nhận")).first).to_be_visible()
