import pytest
from django.utils import timezone

from accounts.models import AccountType
from tests.accounts.factories import PASSWORD, CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend(settings):
    settings.OIDC_RP_CLIENT_ID = "portal"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://id.example.vn/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://id.example.vn/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://id.example.vn/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://id.example.vn/jwks"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    from accounts.oidc import NationalIdOIDCBackend

    return NationalIdOIDCBackend()


CLAIMS = {
    "national_id": "068090009999",
    "name": "Đỗ Văn Em",
    "email": "em@example.vn",
    "phone_number": "+84912000111",
    "acr": "2",
}


def test_claims_without_a_valid_national_id_are_refused(backend):
    assert backend.verify_claims(CLAIMS)
    assert not backend.verify_claims({**CLAIMS, "national_id": "123"})
    assert not backend.verify_claims({"name": "X"})


def test_first_login_creates_a_citizen_without_password(backend):
    user = backend.create_user(CLAIMS)
    assert user.account_type == AccountType.CITIZEN
    assert user.username == user.national_id == "068090009999"
    assert user.phone == "0912000111"
    assert not user.has_usable_password()


def test_existing_citizen_is_found_by_national_id(backend):
    citizen = CitizenFactory(national_id="068090009999")
    assert list(backend.filter_users_by_claims(CLAIMS)) == [citizen]


def test_unusable_contact_details_are_dropped(backend):
    CitizenFactory(email="em@example.vn")
    user = backend.create_user({**CLAIMS, "phone_number": "12"})
    assert (user.email, user.phone) == ("", "")


def test_first_login_creates_a_verified_account(backend):
    user = backend.create_user(CLAIMS)
    assert user.verification_method == "eid"


def test_e_id_login_takes_over_an_unverified_account_of_that_number(backend):
    impostor = CitizenFactory(
        national_id="068090009999", full_name="Kẻ Mạo Danh", email="x@example.vn"
    )
    user = backend.update_user(impostor, CLAIMS)
    user.refresh_from_db()
    assert user.verification_method == "eid"
    assert (user.full_name, user.email, user.phone) == (
        "Đỗ Văn Em",
        "em@example.vn",
        "0912000111",
    )
    assert not user.has_usable_password()


def test_e_id_login_leaves_a_verified_account_as_it_is(backend):
    citizen = CitizenFactory(national_id="068090009999")
    citizen.verified_at = timezone.now()
    citizen.verification_method = "demo"
    citizen.save()
    user = backend.update_user(citizen, CLAIMS)
    assert user.check_password(PASSWORD)
    assert user.verification_method == "demo"
