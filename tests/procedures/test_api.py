import pytest

from procedures.services import legal_documents_replace
from tests.accounts.factories import AgencyFactory
from tests.procedures.factories import (
    ComponentFactory,
    FeeItemFactory,
    FieldFactory,
    ProcedureFactory,
    WorkflowStepFactory,
)

pytestmark = pytest.mark.django_db


def test_list_searches_without_diacritics_and_paginates(api_client):
    ProcedureFactory(code="1.001193.H36", name="Thủ tục đăng ký khai sinh")
    ProcedureFactory(name="Cấp giấy phép xây dựng")
    response = api_client.get("/api/v1/procedures/", {"q": "dang ky khai sinh"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["code"] == "1.001193.H36"
    assert item["name"] == "Thủ tục đăng ký khai sinh"
    assert item["service_level"] == 3
    assert item["processing_time"] == {
        "amount": 5,
        "unit": "working_days",
        "text": "",
        "display": "5 ngày làm việc",
    }
    assert item["url"].endswith("/thu-tuc/1.001193.H36/")


def test_list_filters_by_field_agency_level_and_levels(api_client):
    agency = AgencyFactory()
    field = FieldFactory(name="Đất đai", slug="dat-dai")
    target = ProcedureFactory(
        field=field, commune=True, full_online=True, agencies=[agency]
    )
    ProcedureFactory()
    query = {
        "field": "dat-dai",
        "agency": str(agency.uuid),
        "level": "commune",
        "service_level": "4",
        "online_mode": "full",
        "online_payment": "true",
    }
    response = api_client.get("/api/v1/procedures/", query)
    assert [p["code"] for p in response.json()["results"]] == [target.code]


def test_bad_query_parameters_get_a_400_naming_each_parameter(api_client):
    response = api_client.get(
        "/api/v1/procedures/",
        {
            "service_level": "7",
            "online_payment": "maybe",
            "field": "khong-co",
            "agency": "abc",
            "level": "galaxy",
            "q": "x" * 201,
        },
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {
        "service_level",
        "online_payment",
        "field",
        "agency",
        "level",
        "q",
    }


def test_detail_has_components_fees_channels_and_workflow(api_client, media_root):
    procedure = ProcedureFactory(code="1.001193.H36", agencies=[AgencyFactory()])
    ComponentFactory(procedure=procedure, name="Tờ khai", form_name="to-khai.docx")
    FeeItemFactory(procedure=procedure, amount=8000)
    WorkflowStepFactory(procedure=procedure, hours=40)
    response = api_client.get("/api/v1/procedures/1.001193.H36/")
    assert response.status_code == 200
    body = response.json()
    assert body["components"][0]["name"] == "Tờ khai"
    assert body["components"][0]["form_url"] is None
    assert body["fee"]["items"][0]["amount"] == 8000
    assert body["workflow"]["fits"] is True
    assert body["submission_channels"] == []
    assert body["workflow"]["legal_hours"] == 40
    assert len(body["agencies"]) == 1


def test_unpublished_procedure_is_a_404_while_its_published_twin_is_found(api_client):
    ProcedureFactory(code="1.000001.H36")
    ProcedureFactory(code="1.000002.H36", unpublished=True)
    assert api_client.get("/api/v1/procedures/1.000001.H36/").status_code == 200
    assert api_client.get("/api/v1/procedures/1.000002.H36/").status_code == 404
    assert api_client.get("/api/v1/procedures/khong-co/").status_code == 404


def test_fields_list_counts_public_procedures(api_client):
    field = FieldFactory(name="Hộ tịch", slug="ho-tich")
    ProcedureFactory.create_batch(2, field=field)
    ProcedureFactory(field=field, unpublished=True)
    FieldFactory(name="Trống", slug="trong")
    response = api_client.get("/api/v1/fields/")
    assert response.json()["results"] == [
        {"slug": "ho-tich", "name": "Hộ tịch", "procedure_count": 2}
    ]


def test_api_is_read_only(api_client):
    ProcedureFactory(code="1.000001.H36")
    assert api_client.post("/api/v1/procedures/", {}).status_code in (401, 405)
    assert api_client.delete("/api/v1/procedures/1.000001.H36/").status_code in (
        401,
        405,
    )


def test_schema_describes_the_catalogue_endpoints_and_their_parameters(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path in (
        "/api/v1/procedures/",
        "/api/v1/procedures/{code}/",
        "/api/v1/fields/",
    ):
        assert "get" in paths[path]
    listing = paths["/api/v1/procedures/"]["get"]
    names = {parameter["name"] for parameter in listing["parameters"]}
    assert {"q", "field", "agency", "level", "service_level", "online_mode"} <= names
    assert {"online_payment", "page", "page_size"} <= names
    assert "400" in listing["responses"]
    assert "404" in paths["/api/v1/procedures/{code}/"]["get"]["responses"]


def test_the_district_level_is_no_public_filter_since_the_reform(api_client):
    ProcedureFactory(level_province=False, level_district=True, level_commune=True)

    response = api_client.get("/api/v1/procedures/", {"level": "district"})

    assert response.status_code == 400
    assert "level" in response.json()["fields"]
    commune = api_client.get("/api/v1/procedures/", {"level": "commune"}).json()
    assert commune["count"] == 1
    assert commune["results"][0]["levels"] == ["district", "commune"]  # history


def test_a_national_code_replaced_by_its_provincial_copy_gives_the_copy(
    api_client,
):
    copy = ProcedureFactory(code="1.004873.000.00.00.H36", base_code="1.004873")
    ProcedureFactory(code="1.004873", base_code="1.004873", replaced_by=copy)

    listed = api_client.get("/api/v1/procedures/", {"q": "1.004873"}).json()
    detail = api_client.get("/api/v1/procedures/1.004873/")

    assert [p["code"] for p in listed["results"]] == [copy.code]
    assert detail.status_code == 200
    assert detail.json()["code"] == copy.code
    assert api_client.get("/api/v1/procedures/1.999999/").status_code == 404


LEGAL_BASIS = (
    "- Luật Hộ tịch năm 2014\n"
    "- Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết "
    "một số điều và biện pháp thi hành Luật Hộ tịch"
)


def detail_with_legal_documents_and_hours():
    department = AgencyFactory(
        name="Sở Tư pháp", opening_hours="Thứ Hai – Thứ Sáu: 7:00–11:30, 13:30–17:00"
    )
    commune = AgencyFactory(name="UBND phường Lâm Viên", opening_hours="")
    procedure = ProcedureFactory(
        code="1.001193.H36", agencies=[department, commune], legal_basis=LEGAL_BASIS
    )
    legal_documents_replace(procedures=[procedure])
    return procedure


def test_detail_has_the_legal_documents_and_the_agencies_opening_hours(api_client):
    detail_with_legal_documents_and_hours()
    body = api_client.get("/api/v1/procedures/1.001193.H36/").json()
    assert body["legal_references"] == [
        {
            "position": 1,
            "kind": "Luật",
            "number": "",
            "issued_on": None,
            "title": "Luật Hộ tịch năm 2014",
        },
        {
            "position": 2,
            "kind": "Nghị định",
            "number": "123/2015/NĐ-CP",
            "issued_on": "2015-11-15",
            "title": "của Chính phủ quy định chi tiết một số điều và biện pháp thi "
            "hành Luật Hộ tịch",
        },
    ]
    hours = {agency["name"]: agency["opening_hours"] for agency in body["agencies"]}
    assert hours == {
        "Sở Tư pháp": "Thứ Hai – Thứ Sáu: 7:00–11:30, 13:30–17:00",
        "UBND phường Lâm Viên": "",
    }
    assert body["legal_basis"] == LEGAL_BASIS


def test_a_procedure_without_legal_documents_has_an_empty_list(api_client):
    ProcedureFactory(code="1.000001.H36", legal_basis="")
    body = api_client.get("/api/v1/procedures/1.000001.H36/").json()
    assert body["legal_references"] == []
    assert body["agencies"] == []


def test_the_detail_reads_the_documents_and_hours_in_a_few_queries(
    api_client, django_assert_max_num_queries
):
    detail_with_legal_documents_and_hours()
    # procedure, components, channels, fee items, workflow, legal documents, agencies
    with django_assert_max_num_queries(7):
        response = api_client.get("/api/v1/procedures/1.001193.H36/")
    assert len(response.json()["legal_references"]) == 2


def test_the_public_list_does_not_carry_documents_or_hours(api_client):
    detail_with_legal_documents_and_hours()
    item = api_client.get("/api/v1/procedures/").json()["results"][0]
    assert "legal_references" not in item and "agencies" not in item


def test_the_schema_describes_the_documents_and_hours(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    parts = schema["components"]["schemas"]
    document = parts["LegalDocument"]["properties"]
    assert set(document) == {"position", "kind", "number", "issued_on", "title"}
    assert document["issued_on"]["format"] == "date"
    assert document["issued_on"]["type"] == ["string", "null"]
    assert all(prop.get("readOnly") for prop in document.values())
    assert set(parts["LegalDocument"]["required"]) == set(document)
    hours = parts["ProcedureAgency"]["properties"]["opening_hours"]
    assert hours["readOnly"] and hours["type"] == "string"
    detail = parts["ProcedureDetail"]["properties"]["legal_references"]
    assert detail["readOnly"] and detail["items"]["$ref"].endswith("/LegalDocument")
