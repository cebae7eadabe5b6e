"""Counter dossiers reach only a verified account of the same identity."""

import pytest

from accounts import services as accounts_services
from tests.accounts.factories import PASSWORD
from tests.identity.conftest import VICTIM, verified_citizen, walk_in

pytestmark = pytest.mark.django_db


def test_impostor_who_registered_the_victims_id_cannot_read_a_walk_in(
    api_client, counter
):
    """The reproduction of issue 9: register the victim's ID under a made-up name,
    a clerk takes a walk-in of the victim, the impostor's token reads nothing."""
    accounts_services.citizen_register(
        full_name="Kẻ Mạo Danh",
        national_id=VICTIM.id_number,
        email="mao.danh@example.vn",
        phone="0988000111",
        password=PASSWORD,
    )
    dossier = walk_in(counter)
    token = api_client.post(
        "/api/v1/auth/token/",
        {"username": VICTIM.id_number, "password": PASSWORD},
        format="json",
    ).json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert dossier.owner is None
    assert api_client.get(f"/api/v1/dossiers/{dossier.code}/").status_code == 404
    assert api_client.get(f"/api/v1/dossiers/{dossier.code}/files/").status_code == 404
    listing = api_client.get("/api/v1/dossiers/").json()
    assert listing["results"] == []
    withdrawal = api_client.post(
        f"/api/v1/dossiers/{dossier.code}/transitions/",
        {"action": "request_withdrawal", "note": "Không cần nữa"},
        format="json",
    )
    assert withdrawal.status_code == 404


def test_walk_in_is_linked_to_the_verified_account_of_the_same_id_and_name(counter):
    owner = verified_citizen(national_id=VICTIM.id_number, full_name="NGUYỄN THỊ  HOA")
    assert walk_in(counter).owner == owner


def test_walk_in_is_not_linked_when_the_verified_name_differs(counter):
    verified_citizen(national_id=VICTIM.id_number, full_name="Nguyễn Thị Hòa Bình")
    assert walk_in(counter).owner is None


def test_walk_in_is_not_linked_to_an_unverified_account_of_the_same_name(counter):
    accounts_services.citizen_register(
        full_name=VICTIM.name,
        national_id=VICTIM.id_number,
        email="x@example.vn",
        phone="0988000111",
        password=PASSWORD,
    )
    assert walk_in(counter).owner is None


def test_verified_owner_links_earlier_walk_ins_from_the_verification_page(
    client, counter
):
    dossier = walk_in(counter)
    owner = verified_citizen(national_id=VICTIM.id_number, full_name=VICTIM.name)
    client.force_login(owner)
    page = client.get("/tai-khoan/xac-thuc/")
    assert page.context["linkable"] == 1
    response = client.post("/tai-khoan/xac-thuc/lien-ket/")
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.owner == owner
