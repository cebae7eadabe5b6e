"""The pages the experience tests visit (phone width, axe-core), and their data."""

import random
import re

from django.core.management import call_command
from playwright.sync_api import Page, expect

from demo.accounts import DEMO_PASSWORD
from demo.dossiers import Plan, seed_plans

CITIZEN = "068090001234"
PROCEDURE = "2.000635.000.00.00.H36"  # Cấp bản sao Trích lục hộ tịch

PUBLIC = [
    "/",
    "/thu-tuc/",
    "/thu-tuc/?q=h%E1%BB%99+t%E1%BB%8Bch",
    f"/thu-tuc/{PROCEDURE}/",
    "/tra-cuu/",
    "/thong-ke/cong-khai/",
    "/ki-ot/",
    "/ki-ot/su-kien/sinh-con/",
    f"/ki-ot/{PROCEDURE}/",
    "/ki-ot/tra-cuu-ho-so/",
    "/xac-thuc-van-ban/",
    "/dang-nhap/",
    "/dang-ky/",
    "/quen-mat-khau/",
    "/trang-khong-co/",
]


def seed() -> dict[str, str]:
    """Demo accounts and procedures, and the citizen's dossiers: a draft with its
    files step, and one being processed. Returns their references."""
    call_command("seed_demo", "--skip-demo-dossiers", verbosity=0)
    draft, processing = seed_plans(
        random.Random(1),  # noqa: S311 (demo data)
        [Plan("justice", "draft"), Plan("justice", "processing")],
    )
    return {"draft": draft.reference, "processing": processing.reference}


def citizen_pages(refs: dict[str, str]) -> list[str]:
    return [
        "/bang-dieu-khien/",
        "/ho-so-cua-toi/",
        f"/nop-ho-so/{PROCEDURE}/",
        f"/ho-so/{refs['draft']}/thanh-phan/",
        f"/ho-so/{refs['draft']}/xem-lai/",
        f"/ho-so/{refs['processing']}/",
        "/tai-khoan/",
        "/tai-khoan/doi-mat-khau/",
        "/tai-khoan/xac-thuc/",
        "/tai-khoan/nhan-thong-bao/",
        "/thong-bao/",
    ]


def log_in(page: Page, username: str) -> None:
    page.goto("/dang-nhap/")
    page.get_by_label("Số CCCD, mã số thuế, tên đăng nhập hoặc e-mail").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").last.click()
    expect(page).to_have_url(re.compile(r"/bang-dieu-khien/$"))


def log_out(page: Page) -> None:
    page.context.clear_cookies()
