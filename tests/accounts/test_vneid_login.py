"""The VNeID login end to end against a real OpenID provider served in a thread
(oidc-provider-mock, built on Authlib): the browser's redirects, the code exchanged
over HTTP, the ID token's RS256 signature checked against the provider's JWKS, the
userinfo claims read and mapped (docs/vneid.md)."""

from datetime import date

import pytest
from django.contrib import auth
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware

from accounts.eid import eid_session_level
from accounts.models import AccessLog, User
from tests.accounts.factories import PASSWORD, CitizenFactory, StaffFactory
from tests.vneid import login

pytestmark = pytest.mark.django_db

NATIONAL_ID = "068090009999"
CLAIMS = {
    "national_id": NATIONAL_ID,
    "name": "Đỗ Văn Em",
    "birthdate": "1990-04-30",
    "acr": "2",
    "email": "em@example.vn",
    "phone_number": "+84912000111",
}


def test_first_login_creates_a_verified_citizen_with_the_claims(client, vneid):
    response = login(client, vneid, CLAIMS)

    assert response.status_code == 302
    assert response["Location"] == "/bang-dieu-khien/"
    user = User.objects.get(national_id=NATIONAL_ID)
    assert (user.full_name, user.birth_date, user.eid_level) == (
        "Đỗ Văn Em",
        date(1990, 4, 30),
        2,
    )
    assert (user.verification_method, user.phone) == ("eid", "0912000111")
    assert not user.has_usable_password()
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session["eid_login_level"] == 2
    assert AccessLog.objects.filter(object_ref=NATIONAL_ID, channel="eid").exists()


def test_a_login_verifies_and_takes_over_an_unverified_account_of_that_number(
    client, vneid
):
    squatter = CitizenFactory(national_id=NATIONAL_ID, full_name="Kẻ Mạo Danh")

    login(client, vneid, CLAIMS)

    squatter.refresh_from_db()
    assert client.session["_auth_user_id"] == str(squatter.pk)
    assert (squatter.full_name, squatter.verification_method) == ("Đỗ Văn Em", "eid")
    assert not squatter.has_usable_password()


def test_a_person_is_matched_by_number_never_by_e_mail_or_name(client, vneid):
    # Someone else's account has the e-mail and the name the e-ID gives.
    other = CitizenFactory(email="em@example.vn", full_name="Đỗ Văn Em")

    login(client, vneid, CLAIMS)

    user = User.objects.get(national_id=NATIONAL_ID)
    assert user.pk != other.pk
    assert user.email == ""  # the e-mail stays the other account's
    other.refresh_from_db()
    assert other.has_usable_password() and other.check_password(PASSWORD)


def test_every_login_records_the_level_of_the_e_id_account(client, vneid):
    citizen = CitizenFactory(national_id=NATIONAL_ID, full_name="Đỗ Văn Em")
    login(client, vneid, {**CLAIMS, "acr": "1"})
    citizen.refresh_from_db()
    assert citizen.eid_level == 1
    assert client.session["eid_login_level"] == 1

    login(client, vneid, {**CLAIMS, "acr": "vneid:loa:2"})  # raised to level 2

    citizen.refresh_from_db()
    assert citizen.eid_level == 2
    assert client.session["eid_login_level"] == 2


@pytest.mark.parametrize(
    "claims",
    [
        {**CLAIMS, "acr": "0"},  # below level 1
        {key: value for key, value in CLAIMS.items() if key != "acr"},
        {**CLAIMS, "national_id": "123"},
    ],
)
def test_claims_without_a_number_or_a_level_log_nobody_in(client, vneid, claims):
    response = login(client, vneid, claims)

    assert response["Location"] == "/dang-nhap/"
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(national_id=NATIONAL_ID).exists()


def test_a_staff_account_with_that_number_is_never_logged_in(client, vneid):
    StaffFactory(national_id=NATIONAL_ID)

    response = login(client, vneid, CLAIMS)

    assert response["Location"] == "/dang-nhap/"
    assert "_auth_user_id" not in client.session


def test_an_id_token_of_another_issuer_is_refused(client, vneid, settings):
    settings.OIDC_OP_ISSUER = "https://sso.dichvucong.gov.vn"

    response = login(client, vneid, CLAIMS)

    assert response["Location"] == "/dang-nhap/"
    assert "_auth_user_id" not in client.session


def test_a_minimum_level_two_refuses_level_one_accounts(client, vneid, settings):
    settings.VNEID_MIN_LEVEL = 2

    assert login(client, vneid, {**CLAIMS, "acr": "1"})["Location"] == "/dang-nhap/"
    assert login(client, vneid, CLAIMS)["Location"] == "/bang-dieu-khien/"


def test_any_other_login_in_the_session_clears_the_vneid_mark(rf):
    user = CitizenFactory()
    request = rf.get("/")
    SessionMiddleware(lambda request: None).process_request(request)
    request.user = AnonymousUser()
    request.session["eid_login_level"] = 2  # left by an earlier VNeID login

    auth.login(request, user, backend="accounts.backends.UsernameOrEmailBackend")

    assert "eid_login_level" not in request.session
    assert eid_session_level(request, user) is None


def test_without_a_client_id_the_pages_do_not_exist(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    assert client.get("/vneid/dang-nhap/").status_code == 404
    assert client.get("/vneid/xac-thuc/?code=x&state=y").status_code == 404
