import pytest

from accounts.models import Agency
from tests.accounts.factories import PASSWORD, AgencyFactory

pytestmark = pytest.mark.django_db


def test_agencies_are_public_and_filterable(api_client):
    province = AgencyFactory(level="province")
    commune = AgencyFactory(commune=True, parent=province)
    AgencyFactory(commune=True, valid_until="2025-06-30")
    response = api_client.get("/api/v1/agencies/", {"level": "commune"})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(commune.uuid)]
    assert response.json()["results"][0]["parent"]["id"] == str(province.uuid)


def test_historical_agencies_on_request(api_client):
    AgencyFactory(commune=True, valid_until="2025-06-30")
    response = api_client.get("/api/v1/agencies/", {"include_historical": "true"})
    assert response.json()["count"] == 1


def test_agency_search_by_name_and_identifier(api_client):
    AgencyFactory(name="Sở Tư pháp", identifier="000.00.04.H36")
    AgencyFactory(name="Sở Y tế")
    assert api_client.get("/api/v1/agencies/", {"q": "tư pháp"}).json()["count"] == 1
    assert (
        api_client.get("/api/v1/agencies/", {"q": "000.00.04.H36"}).json()["count"] == 1
    )


@pytest.mark.parametrize(
    "params",
    [{"level": "galaxy"}, {"parent": "not-a-uuid"}, {"include_historical": "maybe"}],
)
def test_bad_filters_are_400_with_field_messages(api_client, params):
    response = api_client.get("/api/v1/agencies/", params)
    assert response.status_code == 400
    assert response.json()


def test_agency_detail_and_404(api_client, agency):
    assert (
        api_client.get(f"/api/v1/agencies/{agency.uuid}/").json()["name"] == agency.name
    )
    missing = "00000000-0000-0000-0000-000000000000"
    assert api_client.get(f"/api/v1/agencies/{missing}/").status_code == 404


def test_agency_list_uses_constant_queries(api_client, django_assert_num_queries):
    parent = AgencyFactory()
    for _ in range(15):
        AgencyFactory(parent=parent)
    with django_assert_num_queries(2):
        api_client.get("/api/v1/agencies/")


def test_token_login_and_me(api_client, officer):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": officer.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    me = api_client.get("/api/v1/me/").json()
    assert me["username"] == officer.username
    assert me["roles"] == ["officer"]
    assert me["agency"]["id"] == str(officer.agency.uuid)


def test_bad_credentials_are_400(api_client, citizen):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": citizen.username, "password": "sai"}
    )
    assert response.status_code == 400
    assert response.json()["fields"]["non_field_errors"]
    assert api_client.post("/api/v1/auth/token/", {}).json()["fields"].keys() == {
        "username",
        "password",
    }


def test_me_requires_authentication(api_client):
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 401


def test_invalid_token_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token nope")
    assert api_client.get("/api/v1/me/").status_code == 401


def test_agencies_are_read_only(api_client, system_admin):
    api_client.force_authenticate(system_admin)
    assert api_client.post("/api/v1/agencies/", {"name": "X"}).status_code == 405
    assert Agency.objects.count() == 1  # the admin's own agency only


def test_schema_lists_endpoints_with_errors(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    assert {"/api/v1/agencies/", "/api/v1/auth/token/", "/api/v1/me/"} <= set(paths)
    assert {"200", "400", "404"} <= set(paths["/api/v1/agencies/"]["get"]["responses"])
    assert "401" in paths["/api/v1/me/"]["get"]["responses"]


@pytest.mark.parametrize("params", [{"page": ""}, {"page": "x"}, {"page_size": "0"}])
def test_bad_paging_is_400(api_client, params):
    response = api_client.get("/api/v1/agencies/", params)
    assert response.status_code == 400
    assert set(response.json()["fields"]) == set(params)


def test_page_past_the_end_is_404(api_client, agency):
    assert api_client.get("/api/v1/agencies/", {"page": "2"}).status_code == 404
