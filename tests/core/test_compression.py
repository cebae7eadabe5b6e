"""Lighthouse points: compressed public pages (never the pages of a session:
CSRF tokens, personal data), a meta description per page, one render-blocking
stylesheet."""

import gzip
import re

import pytest

from tests.accounts.factories import CitizenFactory
from tests.procedures.factories import ProcedureFactory

pytestmark = pytest.mark.django_db


def test_public_pages_are_gzipped(client):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"<title>" in gzip.decompress(response.content)


def test_pages_with_a_session_or_a_csrf_token_are_not(client):
    login = client.get("/dang-nhap/", HTTP_ACCEPT_ENCODING="gzip")
    assert "csrfmiddlewaretoken" in login.content.decode()
    assert not login.has_header("Content-Encoding")
    client.force_login(CitizenFactory())
    home = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert "private" in home["Cache-Control"]
    assert not home.has_header("Content-Encoding")


@pytest.mark.parametrize(
    ("path", "start"),
    [
        ("/", "Cổng dịch vụ công một cửa điện tử"),
        ("/dang-nhap/", "Đăng nhập Cổng dịch vụ công"),
        ("/dang-ky/", "Đăng ký tài khoản công dân"),
        ("/tra-cuu/", "Tra cứu tình trạng giải quyết hồ sơ"),
        ("/thu-tuc/", "Danh mục thủ tục hành chính"),
        ("/thong-ke/cong-khai/", "Công khai tiến độ"),
        ("/xac-thuc-van-ban/", "Xác thực chữ ký số"),
        ("/khong-co/", "Trang bạn tìm không tồn tại"),
    ],
)
def test_each_public_page_has_its_meta_description(client, path, start):
    html = client.get(path).content.decode()
    assert f'<meta name="description" content="{start}' in html


STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"(?: media="([^"]+)")?>')


@pytest.mark.parametrize(
    "path", ["/", "/thu-tuc/", "/tra-cuu/", "/thong-ke/cong-khai/", "/ki-ot/"]
)
def test_one_render_blocking_stylesheet(client, path):
    html = client.get(path).content.decode()
    blocking = [href for href, media in STYLESHEET.findall(html) if media != "print"]
    assert blocking == ["/static/css/portal.css"]


def test_one_render_blocking_stylesheet_on_citizen_pages(client):
    procedure = ProcedureFactory(code="1.000002.H36")
    client.force_login(CitizenFactory())
    for path in ["/bang-dieu-khien/", "/ho-so-cua-toi/", f"/thu-tuc/{procedure.code}/"]:
        html = client.get(path).content.decode()
        blocking = [h for h, media in STYLESHEET.findall(html) if media != "print"]
        assert blocking == ["/static/css/portal.css"], path
