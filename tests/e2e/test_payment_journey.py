import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo.payments import demo_people, file_owing_dossier, online_payment_procedure
from tests.e2e.test_dossier_journeys import log_in


@pytest.fixture
def owing(transactional_db, settings):
    settings.PAYMENT_SANDBOX = True
    settings.PAYMENT_GATEWAY = "sandbox"
    call_command("seed_demo", "--skip-demo-dossiers", verbosity=0)
    return file_owing_dossier(online_payment_procedure(), demo_people())


def test_citizen_pays_a_level_4_fee_through_the_sandbox_and_gets_the_receipt(
    page, owing, tmp_path
):
    code = owing.dossier.code
    log_in(page, "068090001234")
    page.goto(f"/ho-so/{code}/")
    expect(
        page.get_by_text("Yêu cầu thực hiện nghĩa vụ tài chính").first
    ).to_be_visible()
    expect(page.locator(".payment-total")).to_have_text("8.000 đồng")
    page.get_by_role("button", name="Thanh toán trực tuyến").click()

    expect(
        page.get_by_role("heading", name="Cổng thanh toán thử nghiệm")
    ).to_be_visible()
    expect(page.locator("#sandbox-amount")).to_have_text("8.000 đồng")
    page.get_by_role("button", name="Thanh toán", exact=True).click()

    expect(page.get_by_text("Thanh toán thành công.")).to_be_visible()
    with page.expect_download() as download:
        page.locator("#receipt-download").click()
    saved = tmp_path / "bien-lai.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert re.match(
        r"bien-lai-000\.00\.\d\d\.H36-\d{4}-000001\.pdf",
        download.value.suggested_filename,
    )

    page.get_by_role("link", name="Về trang hồ sơ").click()
    expect(page.locator("#payment .payment-status")).to_have_text("Đã thanh toán")
    expect(page.get_by_text("mã trạng thái quốc gia 2")).to_be_visible()
