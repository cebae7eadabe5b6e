"""Accessibility, checked in the browser: axe-core (WCAG 2.1 A/AA) on the public
pages, the forms, the filing steps, the dossier page and the staff queues, and what
axe cannot see (docs/accessibility.md)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.pages import PROCEDURE, PUBLIC, citizen_pages, log_in, log_out, seed

AXE = Path(__file__).parent / "assets" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
STAFF = ["/bang-dieu-khien/", "/tiep-nhan/", "/ho-so/", "/thong-ke/"]
OFFICER = ["/bang-dieu-khien/", "/xu-ly/"]


@pytest.fixture
def axe_page(browser, live_server):
    # The portal's CSP forbids inline scripts, and axe is injected as one.
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def serious_violations(page, paths):
    assert AXE.exists(), (
        "axe-core is missing: run scripts/vendor_axe.sh (make test does)"
    )
    found = {}
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status < 500, path
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
        )
        bad = [
            f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if bad:
            found[path] = bad
    return found


@pytest.mark.slow
def test_axe_finds_no_serious_violation(axe_page, transactional_db):
    refs = seed()
    page = axe_page
    found = serious_violations(page, PUBLIC)
    log_in(page, "068090001234")
    found |= serious_violations(page, citizen_pages(refs))
    # A failed submit: the error summary and the invalid fields.
    page.goto(f"/nop-ho-so/{PROCEDURE}/")
    page.get_by_label("Họ tên người nộp").fill("")
    page.get_by_role("button", name="Tiếp tục: tải lên giấy tờ").click()
    found |= serious_violations(page, [page.url])
    log_out(page)
    log_in(page, "motcua.tinh")
    found |= {f"clerk {k}": v for k, v in serious_violations(page, STAFF).items()}
    log_out(page)
    log_in(page, "chuyenvien.tuphap")
    found |= {f"officer {k}": v for k, v in serious_violations(page, OFFICER).items()}
    log_out(page)
    log_in(page, "lanhdao.tuphap")
    found |= {f"leader {k}": v for k, v in serious_violations(page, STAFF).items()}
    assert found == {}


def test_a_failed_submit_leads_to_the_errors(page, transactional_db):
    seed()
    log_in(page, "068090001234")
    page.goto(f"/nop-ho-so/{PROCEDURE}/")
    name = page.get_by_label("Họ tên người nộp")
    name.fill("")
    page.get_by_role("button", name="Tiếp tục: tải lên giấy tờ").click()

    assert page.title().startswith("Lỗi: ")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name=re.compile("^Họ tên người nộp: "))
    expect(name).to_have_attribute("aria-invalid", "true")
    assert name.evaluate("el => getComputedStyle(el).borderTopColor") == (
        "rgb(179, 38, 30)"  # --red
    )
    link.click()
    expect(name).to_be_focused()


def test_the_language_changes_only_on_the_button(page, transactional_db):
    seed()
    page.goto("/tra-cuu/")
    select = page.get_by_label("Ngôn ngữ")
    expect(select.locator("option[value=en]")).to_have_attribute("lang", "en")
    select.focus()
    page.keyboard.press("ArrowDown")  # once did switch the page to English
    page.wait_for_timeout(300)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(select).to_have_value("en")
    page.get_by_role("button", name="Đổi ngôn ngữ").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/tra-cuu/$"))


def test_the_focus_ring_is_dark_with_a_yellow_glow(page, transactional_db):
    seed()
    page.goto("/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand link, on the red header
    ring = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, s.outlineColor, s.outlineWidth, s.boxShadow]; }"""
    )
    # A near-black ring (17:1 on white) inside a yellow glow (3.6:1 on the red).
    assert ring[:3] == ["solid", "rgb(27, 27, 31)", "3px"]
    assert ring[3].startswith("rgb(255, 191, 71) 0px 0px 0px 6px")


def test_password_rules_are_read_with_the_new_password(page, transactional_db):
    seed()
    log_in(page, "068090001234")
    page.goto("/tai-khoan/doi-mat-khau/")
    for field in page.locator("input[aria-describedby]").all():
        for target in field.get_attribute("aria-describedby").split():
            assert page.locator(f"#{target}").count() == 1, target
    rules = page.get_by_role("textbox", name="Mật khẩu mới", exact=True)
    expect(rules).to_have_accessible_description(re.compile("ít nhất 8 ký tự"))


def test_keyboard_alone_fills_the_first_filing_step(page, transactional_db):
    seed()
    log_in(page, "068090001234")
    page.goto(f"/nop-ho-so/{PROCEDURE}/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Bỏ qua, đến nội dung chính")).to_be_focused()
    page.keyboard.press("Enter")
    order = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const el = document.activeElement;"
            " return el.id || el.textContent.trim(); }"
        )
        order.append(focused)
        if focused == "id_processing_agency":
            page.keyboard.press("ArrowDown")  # the first agency of the list
        if focused == "Tiếp tục: tải lên giấy tờ":
            break
    # From the main content, the fields come in reading order and lead to the button
    # without leaving the page (no trap, nothing of the header in between).
    assert order[-1] == "Tiếp tục: tải lên giấy tờ"
    fields = [name for name in order if name.startswith("id_")]
    assert fields[:5] == [
        "id_processing_agency",
        "id_applicant_name",
        "id_applicant_id_number",
        "id_applicant_phone",
        "id_applicant_email",
    ]
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/thanh-phan/(#main)?$"))


def test_the_kiosk_warns_at_least_20_seconds_before_it_resets(page, transactional_db):
    seed()
    page.clock.install()
    page.goto(f"/ki-ot/{PROCEDURE}/")
    warning = page.locator("[data-kiosk-warning]")
    warned_at = None
    for second in range(1, 300):
        page.clock.run_for(1000)
        if warned_at is None and warning.is_visible():
            warned_at = second
        if not page.url.endswith(f"/ki-ot/{PROCEDURE}/"):
            break
    assert warned_at is not None
    assert second - warned_at >= 20
