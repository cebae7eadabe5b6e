"""Bad or oversized bodies get a clear 4xx, never a 500, and are not read."""

import pytest
from django.test import RequestFactory

from core.middleware import RequestSizeLimitMiddleware
from core.parsers import MAX_DEPTH, nesting_depth

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5000, 100_000])
def test_deeply_nested_json_to_the_token_login_is_a_400(api_client, depth):
    body = "[" * depth + "]" * depth
    response = api_client.post(
        "/api/v1/auth/token/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


def test_deeply_nested_objects_are_a_400_everywhere(api_client, citizen):
    api_client.force_authenticate(citizen)
    body = '{"a":' * 3000 + "1" + "}" * 3000
    response = api_client.post(
        "/api/v1/dossiers/", body, content_type="application/json"
    )
    assert response.status_code == 400


def test_brackets_inside_strings_do_not_count():
    assert nesting_depth(b'{"note": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}') == 1
    assert nesting_depth(b'{"a": "\\"[[[[", "b": [[1]]}') == 3


def test_ordinary_json_still_logs_in(api_client, citizen):
    from tests.accounts.factories import PASSWORD

    response = api_client.post(
        "/api/v1/auth/token/",
        {"username": citizen.username, "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 200


def test_a_json_body_over_the_memory_limit_is_a_400(api_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"username": "' + "x" * 2000 + '", "password": "y"}'
    response = api_client.post(
        "/api/v1/auth/token/", body, content_type="application/json"
    )
    assert response.status_code == 400


class Unreadable:
    """A body that fails the test if anybody reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_an_upload_over_the_limit_is_refused_unread(settings):
    settings.MAX_REQUEST_BYTES = 1000
    request = RequestFactory().post("/api/v1/dossiers/X/files/")
    request.META["CONTENT_LENGTH"] = "5000000000"
    request._stream = Unreadable()
    middleware = RequestSizeLimitMiddleware(lambda r: pytest.fail("view reached"))
    response = middleware(request)
    assert response.status_code == 413
    assert b"too_large" in response.content


def test_a_page_upload_over_the_limit_gets_a_page(client, settings, citizen):
    settings.MAX_REQUEST_BYTES = 1000
    client.force_login(citizen)
    response = client.post("/dang-ky/", {"name": "x" * 5000})
    assert response.status_code == 413
    assert "vượt quá" in response.content.decode()
