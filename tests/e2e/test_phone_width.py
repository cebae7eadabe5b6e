"""Every public and citizen page fits a phone: nothing is wider than the screen."""

from pathlib import Path

import pytest

from tests.e2e.pages import PROCEDURE, PUBLIC, citizen_pages, log_in, seed

SHOTS = Path(__file__).resolve().parents[2] / "var" / "e2e"

# How far the page scrolls sideways, and the widest elements that stick out.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const culprits = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1)
    .filter(el => !el.closest('.table-scroll, table, .visually-hidden, .skip-link'))
    .slice(0, 5)
    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
         + ' ' + Math.round(el.getBoundingClientRect().right));
  return {scroll: document.documentElement.scrollWidth, width, culprits};
}"""


def overflowing(page, paths, width):
    page.set_viewport_size({"width": width, "height": 844})
    failures = []
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status < 500, path
        found = page.evaluate(OVERFLOW)
        if found["scroll"] > found["width"]:
            SHOTS.mkdir(parents=True, exist_ok=True)
            name = path.strip("/").replace("/", "_") or "home"
            page.screenshot(path=SHOTS / f"phone-{width}-{name}.png", full_page=True)
            failures.append((path, found))
    return failures


@pytest.mark.slow
def test_public_and_citizen_pages_fit_a_phone(page, transactional_db):
    refs = seed()
    failures = overflowing(page, PUBLIC, 390)
    log_in(page, "068090001234")
    mine = citizen_pages(refs)
    failures += overflowing(page, mine, 390)
    # The narrowest phones: the home search, the procedure page's links, dossier codes.
    failures += overflowing(
        page, ["/", f"/thu-tuc/{PROCEDURE}/", "/ho-so-cua-toi/", mine[5]], 320
    )
    assert failures == []


def test_the_menu_folds_behind_a_button_on_a_phone(page, transactional_db):
    seed()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    menu = page.get_by_role("button", name="Danh mục")
    nav = page.get_by_role("navigation")
    catalogue = nav.get_by_role("link", name="Thủ tục hành chính")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not catalogue.first.is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert catalogue.first.is_visible()
    box = menu.bounding_box()
    assert box is not None and box["height"] >= 44

    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto("/")
    assert not page.get_by_role("button", name="Danh mục").is_visible()


def test_the_procedure_admin_page_fits_the_screen(page, transactional_db):
    from procedures.models import Procedure

    seed()
    procedure = Procedure.objects.get(code=PROCEDURE)
    log_in(page, "quantri")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"/admin/procedures/procedure/{procedure.pk}/change/")
    found = page.evaluate(OVERFLOW)
    assert found["scroll"] <= found["width"], found
