"""Error pages: the portal's layout, Vietnamese (English when chosen), a way back;
JSON for API clients."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.core.error_urls"


def page_of(response) -> str:
    return response.content.decode()


def assert_portal_page(response, status, heading):
    body = page_of(response)
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert 'class="site-header"' in body  # the portal's layout
    assert f'id="error-title">{heading}</h1>' in body
    assert 'href="/">Về trang chủ</a>' in body  # a way back
    assert '<html lang="vi">' in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/loi/400/", 400, "Yêu cầu không hợp lệ"),
        ("/loi/403/", 403, "Không có quyền truy cập"),
        ("/khong-co-trang-nay/", 404, "Không tìm thấy trang"),
        ("/loi/500/", 500, "Hệ thống đang gặp sự cố"),
    ],
)
def test_error_pages_in_the_portal_layout(failing_urls, path, status, heading):
    client = Client(raise_request_exception=False)
    assert_portal_page(client.get(path), status, heading)


@pytest.mark.django_db
def test_error_pages_speak_english_when_chosen(failing_urls):
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for path, heading in [
        ("/khong-co-trang-nay/", "Page not found"),
        ("/loi/403/", "Access denied"),
        ("/loi/500/", "The system is having a problem"),
    ]:
        body = page_of(client.get(path))
        assert '<html lang="en">' in body
        assert f'id="error-title">{heading}</h1>' in body
        assert ">Back to the home page</a>" in body


@pytest.mark.django_db
def test_a_bad_host_header_gives_the_400_page(client):
    # Refused by CommonMiddleware before the user is loaded.
    response = client.get("/", HTTP_HOST="evil.example")
    assert_portal_page(response, 400, "Yêu cầu không hợp lệ")


@pytest.mark.django_db
def test_a_get_on_a_post_only_page_gives_the_405_page(client):
    response = client.get("/dang-xuat/")  # logging out takes a POST
    assert_portal_page(response, 405, "Không thể mở trang này trực tiếp")
    assert response["Allow"] == "POST, OPTIONS"


@pytest.mark.django_db
def test_too_many_requests_page(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 0
    response = client.post("/quen-mat-khau/", {"email": "a@example.vn"})
    assert_portal_page(response, 429, "Quá nhiều yêu cầu")


@pytest.mark.django_db
def test_an_expired_form_gives_the_vietnamese_csrf_page():
    response = Client(enforce_csrf_checks=True).post("/dang-nhap/", {})
    assert_portal_page(response, 403, "Phiên làm việc đã hết hạn")


@pytest.mark.django_db
def test_the_500_page_needs_no_database(failing_urls, django_assert_num_queries):
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        response = client.get("/loi/500/")
    assert response.status_code == 500


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/v1/loi/403/", 403, "permission_denied"),
        ("/api/v1/loi/500/", 500, "server_error"),
        ("/api/v1/khong-co/", 404, "not_found"),
    ],
)
def test_api_errors_stay_json(failing_urls, path, status, code):
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == status
    assert response.json()["code"] == code


def test_the_demo_runs_without_debug_pages_and_serves_static_files(tmp_path):
    """`make run`'s settings (DEBUG off, plain HTTP): static files are served by
    WhiteNoise and an unknown page is the portal's 404, not Django's."""
    env = {
        **os.environ,
        "DEBUG": "False",
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "SECURE_HSTS_SECONDS": "0",
        "WHITENOISE_USE_FINDERS": "True",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "",
    }
    probe = (
        "import django; django.setup();"
        "from django.test import Client; c = Client(HTTP_HOST='127.0.0.1');"
        "r = c.get('/static/css/portal.css'); print(r.status_code);"
        "r = c.get('/khong-co-trang-nay/'); print(r.status_code);"
        "print('Không tìm thấy trang' in r.content.decode());"
        "print('URLconf' in r.content.decode())"
    )
    out = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", probe],
        env={**env, "DJANGO_SETTINGS_MODULE": "egov.settings"},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert out == ["200", "404", "True", "False"]
