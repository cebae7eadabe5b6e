"""A clerk's check of the ID card at the counter verifies, and takes over, the
account of that number."""

import pytest

from accounts import services as accounts_services
from accounts import tokens
from accounts.models import AccessLog, Role, VerificationMethod
from tests.accounts.factories import PASSWORD, CitizenFactory, StaffFactory
from tests.identity.conftest import VICTIM, walk_in

pytestmark = pytest.mark.django_db

CHECK = {
    "id_number": VICTIM.id_number,
    "full_name": VICTIM.name,
    "phone": "0912 000 333",
    "email": "hoa@example.vn",
}


@pytest.fixture
def impostor(db):
    return accounts_services.citizen_register(
        full_name="Kẻ Mạo Danh",
        national_id=VICTIM.id_number,
        email="mao.danh@example.vn",
        phone="0988000111",
        password=PASSWORD,
    )


def test_counter_check_takes_the_account_from_whoever_registered_it(
    client, api_client, counter, impostor
):
    dossier = walk_in(counter)
    _token, key = tokens.token_issue(user=impostor)
    client.force_login(counter["clerk"])

    response = client.post("/tiep-nhan/xac-thuc-tai-khoan/", {**CHECK, "checked": "on"})

    assert response.status_code == 302
    impostor.refresh_from_db()
    assert impostor.verification_method == VerificationMethod.COUNTER
    assert impostor.verified_by == counter["clerk"]
    assert (impostor.full_name, impostor.phone, impostor.email) == (
        VICTIM.name,
        "0912000333",
        "hoa@example.vn",
    )
    assert not impostor.check_password(PASSWORD)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get("/api/v1/me/").status_code == 401
    dossier.refresh_from_db()
    assert dossier.owner == impostor  # the account now belongs to the victim
    row = AccessLog.objects.get(action="verify")
    assert (row.actor, row.object_ref, row.detail) == (
        counter["clerk"],
        VICTIM.id_number,
        "counter",
    )


def test_counter_check_needs_the_box_ticked(client, counter, impostor):
    client.force_login(counter["clerk"])
    response = client.post("/tiep-nhan/xac-thuc-tai-khoan/", CHECK)
    assert response.context["form"].errors["checked"]
    impostor.refresh_from_db()
    assert not impostor.is_verified


def test_only_clerks_open_the_counter_check(client, counter):
    client.force_login(StaffFactory(agency=counter["department"], roles=[Role.OFFICER]))
    assert client.get("/tiep-nhan/xac-thuc-tai-khoan/").status_code == 403


def test_counter_check_through_the_api(api_client, counter, impostor):
    api_client.force_authenticate(counter["clerk"])
    response = api_client.post("/api/v1/verifications/counter/", CHECK, format="json")
    assert response.status_code == 200
    assert response.json()["verification_method"] == "counter"


def test_a_citizen_cannot_verify_through_the_api(api_client, impostor):
    api_client.force_authenticate(CitizenFactory())
    response = api_client.post("/api/v1/verifications/counter/", CHECK, format="json")
    assert response.status_code == 409
    impostor.refresh_from_db()
    assert not impostor.is_verified


def test_counter_check_of_an_unknown_number_is_a_clear_error(api_client, counter):
    api_client.force_authenticate(counter["clerk"])
    response = api_client.post("/api/v1/verifications/counter/", CHECK, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "no_account"


def test_counter_check_activates_a_registration_its_maker_never_activated(
    api_client, counter
):
    inactive = accounts_services.citizen_register(
        full_name="Kẻ Mạo Danh",
        national_id=VICTIM.id_number,
        email="mao.danh@example.vn",
        phone="0988000111",
        password=PASSWORD,
        active=False,
    )
    api_client.force_authenticate(counter["clerk"])
    api_client.post("/api/v1/verifications/counter/", CHECK, format="json")
    inactive.refresh_from_db()
    assert inactive.is_active and inactive.is_verified
