"""One error envelope for every API error, with a code from the schema's enum."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

from core.exceptions import ErrorCode
from tests.dossiers.conftest import act, draft

pytestmark = pytest.mark.django_db

# Classes whose first argument (or `code=`) is an error code, and the guards' Reason.
RAISERS = {
    "DomainError",
    "NotFound",
    "InvalidInput",
    "TransitionNotAllowed",
    "LookupLimited",
    "GrantNotAllowed",
    "ExchangeRefused",
    "SigningUnavailable",
    "Reason",
}
SKIPPED = {".venv", "tests", "node_modules", "static", "locale"}


def raised_codes() -> dict[str, str]:
    """Every literal code raised in the source, with a file that raises it."""
    found: dict[str, str] = {}
    for path in Path(settings.BASE_DIR).rglob("*.py"):
        if SKIPPED & set(path.relative_to(settings.BASE_DIR).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            codes = [k.value for k in node.keywords if k.arg == "code"]
            argument = node.args[0] if node.args else (codes[0] if codes else None)
            if name in RAISERS and isinstance(argument, ast.Constant):
                found[argument.value] = str(path)
    return found


def test_every_code_raised_is_in_the_enum():
    codes = raised_codes()
    assert {"state", "role", "not_found", "components_missing"} <= set(codes)
    unknown = {code: path for code, path in codes.items() if code not in ErrorCode}
    assert unknown == {}, "add them to core.exceptions.ErrorCode"


def test_the_schema_lists_the_codes_and_every_4xx_has_the_envelope(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    assert "throttled" in schema["components"]["schemas"]["ErrorCodeEnum"]["enum"]
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["code", "detail"]
    responses = [
        (status, response)
        for item in schema["paths"].values()
        for operation in item.values()
        for status, response in operation["responses"].items()
        if status.startswith("4")
    ]
    assert len(responses) > 50
    for status, response in responses:
        assert response["content"] == {
            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
        }, status


def test_an_unknown_dossier_is_a_404_with_a_code(api_client, citizen):
    api_client.force_authenticate(citizen)
    response = api_client.get("/api/v1/dossiers/000.00.04.H36-261202-9999/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "Không tìm thấy."}


def test_someone_elses_dossier_is_the_same_404(api_client, citizen, world):
    dossier = act(draft(world), "submit", world.citizen)
    api_client.force_authenticate(citizen)
    response = api_client.get(f"/api/v1/dossiers/{dossier.code}/")
    assert response.json() == {"code": "not_found", "detail": "Không tìm thấy."}
    api_client.force_authenticate(world.citizen)
    assert api_client.get(f"/api/v1/dossiers/{dossier.code}/").status_code == 200


def test_messages_are_english_with_accept_language_en(api_client, citizen):
    api_client.force_authenticate(citizen)
    response = api_client.get(
        "/api/v1/dossiers/X-1/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    assert response.json() == {"code": "not_found", "detail": "Not found."}
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]


def test_validation_errors_name_their_fields(api_client, citizen):
    api_client.force_authenticate(citizen)
    response = api_client.post("/api/v1/dossiers/", {"procedure": "x"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation"
    assert body["detail"] == "Dữ liệu không hợp lệ."
    assert set(body["fields"]) == {"processing_agency"}


def test_authentication_errors_have_codes(api_client):
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    api_client.credentials(HTTP_AUTHORIZATION="Token nope")
    assert api_client.get("/api/v1/me/").json()["code"] == "authentication_failed"


def test_a_form_body_is_refused_on_a_json_endpoint(api_client, citizen):
    api_client.force_authenticate(citizen)
    response = api_client.post(
        "/api/v1/dossiers/", {"procedure": "x"}, format="multipart"
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_overdue_is_a_boolean_and_maybe_is_a_400(api_client, citizen):
    api_client.force_authenticate(citizen)
    assert api_client.get("/api/v1/dossiers/", {"overdue": "false"}).status_code == 200
    response = api_client.get("/api/v1/dossiers/", {"overdue": "maybe"})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"overdue"}


def test_a_method_a_view_lacks_is_a_405_even_with_a_bad_token(api_client):
    # DRF would read the token first and answer 401 on an operation open to all.
    api_client.credentials(HTTP_AUTHORIZATION="Token nonsense")
    response = api_client.generic("TRACE", "/api/v1/procedures/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, OPTIONS, HEAD"
    assert response.json()["code"] == "method_not_allowed"
    assert api_client.get("/api/v1/procedures/").status_code == 401
