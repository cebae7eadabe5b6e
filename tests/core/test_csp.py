"""A Content-Security-Policy without inline scripts, and pages that need none."""

import re

import pytest

from tests.dossiers.conftest import act, advance, draft

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)


def directives(response):
    policy = response["Content-Security-Policy"]
    parts = [part.split() for part in policy.split("; ") if part]
    return {words[0]: words[1:] for words in parts}


def test_the_policy_forbids_inline_scripts_and_styles(client):
    policy = directives(client.get("/"))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_api_answers_carry_the_policy_too(api_client):
    assert (
        "script-src 'self'"
        in api_client.get("/api/v1/agencies/")["Content-Security-Policy"]
    )


def assert_no_inline_code(page, path):
    assert not INLINE_SCRIPT.search(page), path
    assert not HANDLER.search(page), path
    assert not STYLE_ATTRIBUTE.search(page), path


@pytest.mark.parametrize(
    "path",
    ["/", "/dang-nhap/", "/dang-ky/", "/quen-mat-khau/", "/tra-cuu/", "/thu-tuc/"],
)
def test_public_pages_have_no_inline_code(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_no_inline_code(response.content.decode(), path)


def test_dossier_pages_have_no_inline_code(client, world):
    dossier = advance(world, draft(world), "processing")
    pages = [
        (world.citizen, f"/ho-so/{dossier.code}/"),
        (world.citizen, f"/ho-so/{dossier.code}/da-nop/"),
        (world.citizen, "/ho-so-cua-toi/"),
        (world.officer, f"/ho-so/{dossier.code}/"),
        (world.leader, "/thong-ke/"),
        (world.clerk, "/tiep-nhan/"),
    ]
    for user, path in pages:
        client.force_login(user)
        response = client.get(path)
        assert response.status_code == 200, path
        assert_no_inline_code(response.content.decode(), path)


def test_the_print_button_works_without_inline_script(client, world):
    dossier = act(draft(world), "submit", world.citizen)
    client.force_login(world.citizen)
    page = client.get(f"/ho-so/{dossier.code}/").content.decode()
    assert "data-print" in page
    assert "js/portal.js" in page


def served_templates():
    """Every HTML template of the site; PDF and e-mail templates are never served
    to a browser under the policy and may style themselves inline."""
    from django.conf import settings

    roots = [settings.BASE_DIR / "templates", *settings.BASE_DIR.glob("*/templates")]
    for root in roots:
        for path in root.rglob("*.html"):
            relative = path.relative_to(root).as_posix()
            if "pdf" in relative or "/forms/" in relative or "email" in relative:
                continue
            yield relative, path.read_text()


def test_no_served_template_has_inline_code():
    found = dict(served_templates())
    assert "base.html" in found and "dossiers/detail.html" in found
    for name, text in found.items():
        assert_no_inline_code(text, name)
