import re

import pytest
from playwright.sync_api import expect

from demo.accounts import DEMO_PASSWORD


def log_in(page, username):
    page.goto("/dang-nhap/")
    page.get_by_label("Số CCCD, mã số thuế, tên đăng nhập hoặc e-mail").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").last.click()


@pytest.mark.parametrize(
    ("username", "panel"),
    [
        ("068090001234", "Hồ sơ của tôi"),
        ("5800123456", "Hồ sơ của tôi"),
        ("motcua.tinh", "Tiếp nhận và trả kết quả"),
        ("chuyenvien.tuphap", "Hồ sơ cần xử lý"),
        ("lanhdao.tuphap", "Phân công và ký duyệt"),
        ("quantri.tuphap", "Quản trị đơn vị"),
        ("quantri", "Quản trị hệ thống"),
    ],
)
def test_each_demo_role_logs_in_and_sees_its_dashboard(page, demo, username, panel):
    log_in(page, username)
    expect(page).to_have_url(re.compile(r"/bang-dieu-khien/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng điều khiển")
    expect(page.get_by_role("heading", name=panel)).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(
        page.get_by_role("banner").get_by_role("link", name="Đăng nhập")
    ).to_be_visible()


def test_wrong_password_shows_an_error(page, demo):
    page.goto("/dang-nhap/")
    page.get_by_label("Số CCCD, mã số thuế, tên đăng nhập hoặc e-mail").fill("quantri")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").last.click()
    # The error summary (templates/form_errors.html) takes the focus.
    expect(page.get_by_role("heading", name="Có lỗi cần sửa")).to_be_visible()


def test_citizen_registers_in_the_browser(page, demo):
    page.goto("/dang-ky/")
    page.get_by_label("Họ và tên / Tên tổ chức").fill("Phan Thị Dung")
    page.get_by_label("Số định danh cá nhân (CCCD, 12 chữ số)").fill("068190007777")
    page.get_by_label("Số điện thoại di động").fill("0934 567 890")
    page.get_by_label("Thư điện tử").fill("dung@example.vn")
    page.locator("#id_password1").fill("Hoa-Mai-2026")
    page.get_by_label("Nhập lại mật khẩu").fill("Hoa-Mai-2026")
    page.get_by_role("button", name="Đăng ký").last.click()
    # The same answer whether or not the number has an account (docs/accounts.md).
    expect(page.get_by_role("heading", name="Kiểm tra thư điện tử")).to_be_visible()


def test_language_switch_to_english(page, demo):
    page.goto("/")
    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("button", name="Đổi ngôn ngữ").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
