"""The touch kiosk of a one-stop centre, as a visitor uses it: a life event's tile,
a procedure with its QR code, a dossier looked up with the on-screen keypad, and the
screen starting over after the visitor walks away."""

import random
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo.dossiers import Plan, seed_plans

BIRTH = "1.001193.000.00.00.H36"  # Thủ tục đăng ký khai sinh, in the demo catalogue


@pytest.fixture
def demo_base(transactional_db):
    call_command("seed_demo", "--skip-demo-dossiers", verbosity=0)


def test_visitor_finds_a_procedure_by_life_event_and_gets_its_qr_code(page, demo_base):
    page.goto("/ki-ot/")
    expect(page.locator(".site-nav")).to_be_hidden()  # the kiosk hides the chrome
    page.get_by_role("link", name=re.compile("^Sinh con")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sinh con")
    page.get_by_role("link", name=re.compile("Thủ tục đăng ký khai sinh")).click()
    expect(page).to_have_url(re.compile(f"/ki-ot/{re.escape(BIRTH)}/$"))
    qr = page.get_by_role("img", name="Mã QR: mở trang thủ tục trên điện thoại")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 150  # big enough to scan from a phone
    expect(page.get_by_text(f"/thu-tuc/{BIRTH}/")).to_be_visible()
    page.get_by_role("link", name="Trang đầu").click()
    expect(page).to_have_url(re.compile("/ki-ot/$"))


def test_visitor_looks_up_a_dossier_with_the_on_screen_keypad(page, demo_base):
    [dossier] = seed_plans(
        random.Random(7),  # noqa: S311 (demo data)
        [Plan("justice", "submitted")],
    )
    page.goto("/ki-ot/")
    page.get_by_role("link", name=re.compile("^Tra cứu tiến độ hồ sơ")).click()
    keypad = page.get_by_role("group", name="Bàn phím trên màn hình")
    expect(keypad).to_be_visible()
    page.get_by_label("Mã hồ sơ").click()
    for key in dossier.code:
        keypad.locator(f'[data-key="{key}"]').click()
    expect(page.get_by_label("Mã hồ sơ")).to_have_value(dossier.code)
    page.get_by_label(re.compile("^4 số cuối")).click()
    for key in dossier.applicant_phone[-4:]:
        keypad.locator(f'[data-key="{key}"]').click()
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_role("heading", name=re.compile(dossier.code))).to_be_visible()
    expect(
        page.get_by_role("img", name="Mã QR: theo dõi hồ sơ trên điện thoại")
    ).to_be_visible()


def test_kiosk_warns_for_30_seconds_then_starts_over(page, demo_base):
    start = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    page.clock.install(time=start)
    page.goto(f"/ki-ot/{BIRTH}/")
    # Timers run only when the test says so from here (the page loaded before).
    page.clock.pause_at(start + timedelta(seconds=5))
    warning = page.get_by_role("alertdialog")
    page.keyboard.press("Shift")  # the visitor's last touch, at a known moment
    page.clock.run_for(89_000)
    expect(warning).to_be_hidden()
    page.clock.run_for(1_000)  # 120 s of quiet, warned 30 s before
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("sau 30 giây")
    page.clock.run_for(10_000)
    expect(warning).to_contain_text("sau 20 giây")
    page.get_by_role("button", name="Tiếp tục sử dụng").click()
    expect(warning).to_be_hidden()
    expect(page).to_have_url(re.compile(f"/ki-ot/{re.escape(BIRTH)}/$"))
    page.clock.run_for(121_000)
    expect(page).to_have_url(re.compile("/ki-ot/$"))
