"""The "done when" of feedback: a citizen complains about a late dossier from its
page, the officer answers in time, the leader approves and publishes, the public
page shows no personal data, the citizen rates, and indicators 5.1–5.3 count it."""

import random
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from demo.dossiers import Plan, seed_plans
from feedback import forms as feedback_forms
from tests.e2e.test_dossier_journeys import log_in, log_out

FEEDBACK_CODE = re.compile(r"PAKN-\d{6}-\d{4}")
ANSWER = "Hồ sơ chậm do chờ xác minh; Sở đã trả kết quả và xin lỗi công dân."


@pytest.fixture
def demo_base(transactional_db):
    """Agencies, accounts and procedures without the demo dossiers (faster)."""
    call_command("seed_demo", "--skip-demo-dossiers", verbosity=0)


@pytest.fixture
def quick_form(monkeypatch):
    """A browser fills the form faster than a person: no minimum time here."""
    monkeypatch.setattr(feedback_forms, "MIN_FILL_SECONDS", 0)


def as_staff(page, username, code):
    log_in(page, username)
    page.goto("/phan-anh/xu-ly/")
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)


def test_feedback_about_a_late_dossier_from_sending_to_the_indicators(
    page,
    demo_base,
    quick_form,
):
    [dossier] = seed_plans(
        random.Random(3),  # noqa: S311 (a demo story, not a secret)
        [Plan("justice", "processing", due="overdue")],
    )
    log_in(page, "068090001234")
    page.goto(f"/ho-so/{dossier.code}/")
    page.get_by_role("link", name="Gửi phản ánh").click()
    expect(page.get_by_text(dossier.code)).to_be_visible()
    page.get_by_label("Về hành vi, cách giải quyết của cán bộ, công chức").check()
    page.get_by_label("Tiêu đề").fill("Hồ sơ quá hạn chưa có kết quả")
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill(
        "Hồ sơ của tôi đã quá ngày hẹn mà chưa được thông báo lý do."
    )
    expect(page.get_by_label("Số điện thoại")).not_to_be_empty()
    page.get_by_role("button", name="Gửi phản ánh").click()
    code = page.locator("strong.code").inner_text()
    assert FEEDBACK_CODE.fullmatch(code)
    log_out(page)

    as_staff(page, "lanhdao.tuphap", code)
    officer = User.objects.get(username="chuyenvien.tuphap")
    page.get_by_label("Giao cho chuyên viên").select_option(label=officer.full_name)
    page.get_by_role("button", name="Phân công xử lý").click()
    expect(page.get_by_text("Đang xử lý").first).to_be_visible()
    log_out(page)

    as_staff(page, "chuyenvien.tuphap", code)
    page.get_by_label("Nội dung trả lời").fill(ANSWER)
    page.get_by_role("button", name="Dự thảo trả lời, trình duyệt").click()
    log_out(page)

    log_in(page, "lanhdao.tuphap")
    page.goto("/phan-anh/duyet/")
    page.get_by_role("link", name=code).click()
    page.get_by_role("button", name="Duyệt và gửi câu trả lời").click()
    page.get_by_label("Nội dung phản ánh công khai").fill(
        "Một công dân phản ánh hồ sơ quá hạn mà không được thông báo lý do."
    )
    page.get_by_role("button", name="Công khai câu trả lời").click()
    expect(page.get_by_text("Đã trả lời và công khai").first).to_be_visible()
    log_out(page)

    page.goto("/phan-anh/cong-khai/")
    page.get_by_role("link", name="Hồ sơ quá hạn chưa có kết quả").click()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    expect(page.get_by_text("Người gửi ẩn danh")).to_be_visible()
    content = page.content()
    assert "Nguyễn Văn An" not in content and dossier.applicant_phone not in content

    log_in(page, "068090001234")
    page.goto(f"/phan-anh/cua-toi/{code}/")
    page.get_by_label("Hài lòng", exact=True).check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_text("Thông tin đã được ghi nhận")).to_be_visible()
    log_out(page)

    log_in(page, "lanhdao.tuphap")
    today = timezone.localdate()
    page.goto(f"/thong-ke/bao-cao/?period=month&year={today.year}&month={today.month}")
    table = page.locator("table", has=page.get_by_text("Quyết định 766/QĐ-TTg"))
    for indicator in ("5.1", "5.2", "5.3"):
        row = table.locator("tr", has=page.get_by_role("rowheader", name=indicator))
        cells = row.locator("td")
        # Numerator, denominator, rate: the one feedback, in time, rated satisfied.
        expect(cells.nth(1)).to_have_text("1")
        expect(cells.nth(2)).to_have_text("1")
        expect(cells.nth(3)).to_contain_text("100")
