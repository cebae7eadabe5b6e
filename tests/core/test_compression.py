"""Lighthouse points: compressed public pages (never the pages of a session:
CSRF tokens, personal data) and a meta description per page."""

import gzip

import pytest

from tests.accounts.factories import CitizenFactory

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
