"""The schema says what the answers are: types, enums, names, nullability."""

import pytest

from tests.accounts.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api_client):
    return api_client.get("/api/schema/", {"format": "json"}).json()


def properties(schema, component):
    return schema["components"]["schemas"][component]["properties"]


def parameter(schema, path, name, method="get"):
    operation = schema["paths"][path][method]
    return next(p for p in operation["parameters"] if p["name"] == name)


def test_names_are_english_for_generators(schema):
    assert schema["openapi"] == "3.1.0"
    assert schema["info"]["title"] == "One-stop Portal API"
    names = set(schema["components"]["schemas"])
    assert all(name.isascii() for name in names)
    # No Vietnamese title left for a generator to name a class after.
    assert list(titles(schema["components"])) == []
    assert list(titles(schema["paths"])) == []


def titles(node, names=False):
    """Every `title` keyword under `node` (a property may be named "title")."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "title" and not names:
                yield value
            yield from titles(value, names=key == "properties" and not names)
    elif isinstance(node, list):
        for value in node:
            yield from titles(value)


def test_filters_reuse_the_enums_of_the_answers(schema):
    status = parameter(schema, "/api/v1/dossiers/", "status")
    assert status["schema"] == {"$ref": "#/components/schemas/DossierStatusEnum"}
    channel = parameter(schema, "/api/v1/dossiers/", "channel")
    assert channel["schema"] == {"$ref": "#/components/schemas/ChannelEnum"}
    assert parameter(schema, "/api/v1/dossiers/", "overdue")["schema"] == {
        "type": "boolean"
    }


def test_loose_types_are_typed(schema):
    legal = properties(schema, "ProcedureDetail")["legal_documents"]
    assert legal["type"] == "array" and legal["items"] == {"type": "string"}
    actions = schema["components"]["schemas"]["DossierEventActionEnum"]["enum"]
    assert {"create", "submit", "pay", "refund"} <= set(actions)
    event = properties(schema, "DossierEvent")
    assert event["action"]["allOf"] == [
        {"$ref": "#/components/schemas/DossierEventActionEnum"}
    ]
    national = properties(schema, "Dossier")["national_status"]
    assert (national["minimum"], national["maximum"]) == (1, 10)


def test_none_is_null_beside_a_reference_and_for_urls(schema):
    agency = properties(schema, "Agency")
    assert agency["parent"]["oneOf"] == [
        {"$ref": "#/components/schemas/AgencyRef"},
        {"type": "null"},
    ]
    assert agency["website"]["type"] == ["string", "null"]
    assert properties(schema, "ProcedureDetail")["source_url"]["type"] == [
        "string",
        "null",
    ]


def test_a_blank_website_is_null(api_client):
    agency = AgencyFactory(website="", email="")
    body = api_client.get(f"/api/v1/agencies/{agency.uuid}/").json()
    assert (body["website"], body["email"], body["parent"]) == (None, None, None)


def test_bodies_are_json_except_uploads(schema):
    content_types = {
        (method, path): list(operation["requestBody"]["content"])
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if "requestBody" in operation
    }
    uploads = {
        ("post", "/api/v1/dossiers/{code}/files/"),
        ("post", "/api/v1/documents/incoming/"),
        ("post", "/api/v1/documents/outgoing/"),
        ("post", "/api/v1/documents/outgoing/{key}/replacement/"),
    }
    protocols = {
        ("post", "/api/v1/documents/exchange/"),
        ("post", "/api/v1/payments/ipn/{gateway}/"),
    }
    for key, types in content_types.items():
        if key in uploads:
            assert types == ["multipart/form-data"], key
        elif key not in protocols:
            assert types == ["application/json"], key


def test_writes_take_an_idempotency_key(schema):
    for path in ("/api/v1/dossiers/", "/api/v1/dossiers/{code}/transitions/"):
        key = parameter(schema, path, "Idempotency-Key", method="post")
        assert key["in"] == "header"
        assert "422" in schema["paths"][path]["post"]["responses"]
