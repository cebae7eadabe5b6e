"""A dossier records whether it was filed under a VNeID identity (indicator 4.5): the
page and the API read the session's VNeID mark (set by the login, tests/accounts/
test_vneid_login.py), and only for the session's own user."""

import pytest
from django.urls import reverse

from accounts.tokens import token_issue
from dossiers.models import Dossier
from tests.accounts.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def vneid_session(client, user, level=2):
    client.force_login(user)
    session = client.session
    session["eid_login_level"] = level
    session.save()


def filing(world):
    return {
        "processing_agency": world.department.pk,
        "applicant_name": world.citizen.full_name,
        "applicant_id_number": world.citizen.national_id,
        "applicant_phone": "0912345678",
        "applicant_address": "12 Phan Đình Phùng, Đà Lạt",
        "delivery_method": "counter",
    }


def api_filing(world):
    return {
        "procedure": world.procedure.code,
        "processing_agency": str(world.department.uuid),
    }


def test_the_filing_page_marks_a_dossier_filed_in_a_vneid_session(client, world):
    page = reverse("dossiers:file_online", args=[world.procedure.code])
    vneid_session(client, world.citizen, level=1)
    assert client.post(page, filing(world)).status_code == 302
    client.force_login(world.citizen)  # a password login: a new session
    assert client.post(page, filing(world)).status_code == 302

    marks = list(
        Dossier.objects.order_by("pk").values_list("filed_with_eid", "eid_level")
    )
    assert marks == [(True, 1), (False, None)]


def test_the_api_reads_the_mark_of_the_session_of_the_same_user(client, world):
    vneid_session(client, world.citizen)
    response = client.post(
        "/api/v1/dossiers/", api_filing(world), content_type="application/json"
    )
    assert response.status_code == 201

    # Another person's token sent with the VNeID cookie does not borrow its mark.
    other = CitizenFactory()
    _token, key = token_issue(user=other)
    response = client.post(
        "/api/v1/dossiers/",
        api_filing(world),
        content_type="application/json",
        headers={"Authorization": f"Token {key}"},
    )
    assert response.status_code == 201

    marks = list(
        Dossier.objects.order_by("pk").values_list("owner_id", "filed_with_eid")
    )
    assert marks == [(world.citizen.pk, True), (other.pk, False)]
