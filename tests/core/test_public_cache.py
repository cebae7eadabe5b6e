"""Anonymous visitors share cached public pages; a change of the catalogue or of the
statistics shows at once, and people with a session get their own page."""

import pytest
from django.test import Client

from procedures.services import procedure_save
from tests.accounts.factories import CitizenFactory
from tests.procedures.factories import ProcedureFactory

pytestmark = pytest.mark.django_db
SEARCH = "/thu-tuc/?q=giay+phep+thu+nghiem"


def test_second_anonymous_visit_is_served_without_a_query(
    client, django_assert_num_queries
):
    ProcedureFactory(name="Cấp giấy phép thử nghiệm")
    first = client.get(SEARCH)
    with django_assert_num_queries(0):
        second = client.get(SEARCH)
    assert second.content == first.content
    assert "Cấp giấy phép thử nghiệm" in second.content.decode()
    assert second["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in second["Vary"]


def test_a_catalogue_change_shows_at_once(client):
    procedure = ProcedureFactory(name="Cấp giấy phép thử nghiệm")
    assert "Cấp giấy phép thử nghiệm" in client.get(SEARCH).content.decode()
    procedure.name = "Cấp lại giấy phép thử nghiệm"
    procedure_save(procedure=procedure)
    page = client.get(SEARCH).content.decode()
    assert "Cấp lại giấy phép thử nghiệm" in page


def test_the_procedure_api_follows_the_catalogue(client):
    procedure = ProcedureFactory(name="Cấp giấy phép thử nghiệm")
    url = f"/api/v1/procedures/{procedure.code}/"
    assert client.get(url).json()["name"] == "Cấp giấy phép thử nghiệm"
    procedure.name = "Cấp đổi giấy phép thử nghiệm"
    procedure.save()
    assert client.get(url).json()["name"] == "Cấp đổi giấy phép thử nghiệm"


def test_a_logged_in_visitor_gets_a_private_page():
    ProcedureFactory(name="Cấp giấy phép thử nghiệm")
    anonymous, person = Client(), Client()
    anonymous.get(SEARCH)
    citizen = CitizenFactory(full_name="Nguyễn Thị Mai")
    person.force_login(citizen)
    response = person.get(SEARCH)
    assert "Nguyễn Thị Mai" in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "Nguyễn Thị Mai" not in anonymous.get(SEARCH).content.decode()


def test_language_switch_needs_no_token_on_a_shared_page():
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/ngon-ngu/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert browser.cookies["django_language"].value == "en"
