"""Login lockout per account and per address, and hourly limits of e-mails sent on
request; all keyed on the one client address (core.client)."""

import pytest
from django.core import mail
from rest_framework.request import Request
from rest_framework.test import APIClient

from core.throttling import ScopedRateThrottle
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def html_login(client, username, password, **extra):
    return client.post(
        "/dang-nhap/", {"username": username, "password": password}, **extra
    )


def token_login(username, password, **extra):
    return APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": password}, **extra
    )


def test_html_login_locks_the_account_after_the_failure_limit(client, citizen):
    statuses = [
        html_login(client, citizen.username, "sai").status_code for _ in "12345"
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks
    locked = html_login(client, citizen.username, PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "tạm khóa" in locked.content.decode()


def test_token_login_locks_despite_rotating_forwarded_for(citizen):
    for index in range(5):
        token_login(citizen.username, "sai", HTTP_X_FORWARDED_FOR=f"1.2.3.{index}")
    locked = token_login(citizen.username, PASSWORD, HTTP_X_FORWARDED_FOR="9.9.9.9")
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert "token" not in locked.json()


def test_an_address_guessing_many_accounts_is_locked(citizen):
    for index in range(5):
        token_login(
            f"06819900{index:04d}", "sai", HTTP_X_FORWARDED_FOR=f"7.7.7.{index}"
        )
    assert token_login(citizen.username, PASSWORD).status_code == 429


def test_login_name_and_email_count_as_one_account(client, citizen):
    for index in range(5):
        login = citizen.email if index % 2 else citizen.username
        html_login(client, login, "sai", REMOTE_ADDR=f"203.0.113.{index}")
    fresh = html_login(client, citizen.email, PASSWORD, REMOTE_ADDR="198.51.100.1")
    assert fresh.status_code == 429


def test_behind_a_trusted_proxy_citizens_do_not_share_a_bucket(settings, citizen):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    for index in range(5):
        token_login(
            f"06819900{index:04d}",
            "sai",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    blocked = token_login(
        citizen.username,
        PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    other = token_login(
        citizen.username,
        PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert blocked.status_code == 429
    assert other.status_code == 200


def test_a_successful_login_resets_the_account_failures(client, citizen):
    for _ in range(4):
        html_login(client, citizen.username, "sai")
    assert html_login(client, citizen.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        html_login(client, citizen.username, "sai")
    assert html_login(client, citizen.username, PASSWORD).status_code == 302


def test_api_throttles_key_on_the_client_address_not_the_header(rf, settings):
    settings.TRUSTED_PROXIES = []
    request = Request(
        rf.post("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    )
    assert ScopedRateThrottle().get_ident(request) == "203.0.113.9"


def test_password_reset_mails_are_limited_per_email(client, settings, citizen):
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 3
    statuses = [
        client.post(
            "/quen-mat-khau/",
            {"email": citizen.email.upper() if index % 2 else citizen.email},
            REMOTE_ADDR=f"203.0.113.{index}",
        ).status_code
        for index in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3


def test_password_reset_is_limited_per_address_despite_forwarded_for(client, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 2
    statuses = [
        client.post(
            "/quen-mat-khau/",
            {"email": f"nobody{index}@example.vn"},
            HTTP_X_FORWARDED_FOR=f"1.2.3.{index}",
        ).status_code
        for index in range(3)
    ]
    assert statuses == [302, 302, 429]


def test_registration_is_limited_per_address(client, settings):
    settings.REGISTRATION_LIMIT_PER_ADDRESS = 2
    statuses = [
        client.post("/dang-ky/", {"username": f"x{index}"}).status_code
        for index in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert client.get("/dang-ky/").status_code == 200
