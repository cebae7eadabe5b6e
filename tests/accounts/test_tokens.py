"""API tokens expire, die with a password change or "log out everywhere", can be
listed and revoked; sessions end after an idle timeout."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts import tokens
from accounts.models import ApiToken
from tests.accounts.factories import PASSWORD, CitizenFactory

pytestmark = pytest.mark.django_db


def login(api_client, user):
    response = api_client.post(
        "/api/v1/auth/token/",
        {"username": user.username, "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 200
    return response.json()


def me(api_client, key):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api_client.get("/api/v1/me/").status_code


def test_only_the_digest_of_a_key_is_stored(api_client, citizen):
    key = login(api_client, citizen)["token"]
    stored = ApiToken.objects.get(user=citizen)
    assert stored.key_digest != key and stored.prefix == key[:8]


def test_token_expires_after_the_ttl(api_client, citizen, settings):
    settings.API_TOKEN_TTL = 3600
    key = login(api_client, citizen)["token"]
    assert me(api_client, key) == 200
    with time_machine.travel(timezone.now() + timedelta(seconds=3601)):
        assert me(api_client, key) == 401


def test_password_change_revokes_every_token(api_client, client, citizen):
    key = login(api_client, citizen)["token"]
    client.force_login(citizen)
    response = client.post(
        "/tai-khoan/doi-mat-khau/",
        {
            "old_password": PASSWORD,
            "new_password1": "Hoa-Mai-2026-moi",
            "new_password2": "Hoa-Mai-2026-moi",
        },
    )
    assert response.status_code == 302
    assert me(api_client, key) == 401


def test_logout_everywhere_through_the_api_ends_tokens_and_sessions(
    api_client, client, citizen
):
    first = login(api_client, citizen)["token"]
    second = login(api_client, citizen)["token"]
    client.force_login(citizen)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api_client.post("/api/v1/auth/logout-everywhere/").status_code == 204
    assert me(api_client, first) == me(api_client, second) == 401
    assert client.get("/tai-khoan/").status_code == 302  # back to the login page


def test_logout_everywhere_page(client, api_client, citizen):
    key = login(api_client, citizen)["token"]
    client.force_login(citizen)
    response = client.post("/tai-khoan/dang-xuat-moi-noi/")
    assert response.status_code == 302
    assert me(api_client, key) == 401


def test_tokens_are_listed_and_revoked_in_the_api(api_client, citizen):
    first = login(api_client, citizen)
    second = login(api_client, citizen)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {second['token']}")
    listed = api_client.get("/api/v1/me/tokens/").json()
    assert {t["id"] for t in listed} == {first["id"], second["id"]}
    assert api_client.delete(f"/api/v1/me/tokens/{first['id']}/").status_code == 204
    assert me(api_client, first["token"]) == 401
    assert me(api_client, second["token"]) == 200


def test_someone_elses_token_cannot_be_revoked(api_client, citizen):
    other = CitizenFactory()
    token, key = tokens.token_issue(user=other)
    api_client.force_authenticate(citizen)
    assert api_client.delete(f"/api/v1/me/tokens/{token.uuid}/").status_code == 404
    api_client.force_authenticate(None)
    assert me(api_client, key) == 200


def test_tokens_are_listed_and_revoked_in_the_profile(client, citizen):
    token, _key = tokens.token_issue(user=citizen, name="Ứng dụng")
    client.force_login(citizen)
    page = client.get("/tai-khoan/")
    assert token.prefix in page.content.decode()
    response = client.post(f"/tai-khoan/khoa-api/{token.uuid}/thu-hoi/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_session_ends_after_the_idle_timeout(client, citizen, settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_TIMEOUT
    client.force_login(citizen)
    start = timezone.now()
    with time_machine.travel(
        start + timedelta(seconds=settings.SESSION_IDLE_TIMEOUT - 60)
    ):
        assert client.get("/tai-khoan/").status_code == 200  # activity renews it
    later = start + timedelta(seconds=2 * settings.SESSION_IDLE_TIMEOUT - 120)
    with time_machine.travel(later):
        assert client.get("/tai-khoan/").status_code == 200
    with time_machine.travel(
        later + timedelta(seconds=settings.SESSION_IDLE_TIMEOUT + 1)
    ):
        assert client.get("/tai-khoan/").status_code == 302
