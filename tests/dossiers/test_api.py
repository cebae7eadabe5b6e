from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.dossiers.conftest import act, advance, draft, wrong_digits
from tests.dossiers.factories import PDF_BYTES, pdf

pytestmark = pytest.mark.django_db


def url(dossier, suffix=""):
    return f"/api/v1/dossiers/{dossier.reference}/{suffix}"


def test_citizen_files_a_dossier_through_the_api(api_client, world):
    api_client.force_authenticate(world.citizen)
    response = api_client.post(
        "/api/v1/dossiers/",
        {
            "procedure": world.procedure.code,
            "processing_agency": str(world.department.uuid),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    reference = response.json()["id"]
    assert response.json()["status"] == "draft"
    assert response.json()["allowed_actions"] == ["submit", "withdraw"]
    for position in (1, 2):
        upload = api_client.post(
            f"/api/v1/dossiers/{reference}/files/",
            {"file": pdf(), "component": position},
            format="multipart",
        )
        assert upload.status_code == 201, upload.json()
    submitted = api_client.post(
        f"/api/v1/dossiers/{reference}/transitions/",
        {"action": "submit"},
        format="json",
    )
    assert submitted.status_code == 200
    assert submitted.json()["code"].startswith("000.00.02.H36-")
    assert submitted.json()["national_status"] == 1


def test_missing_components_are_a_409_with_the_reason(api_client, world):
    dossier = draft(world)
    dossier.files.all().delete()
    api_client.force_authenticate(world.citizen)
    response = api_client.post(url(dossier, "transitions/"), {"action": "submit"})
    assert response.status_code == 409
    assert response.json()["code"] == "components_missing"
    assert "Còn thiếu" in response.json()["detail"]


def test_action_in_the_wrong_state_is_a_409(api_client, world):
    dossier = advance(world, draft(world), "received")
    api_client.force_authenticate(world.clerk)
    response = api_client.post(url(dossier, "transitions/"), {"action": "receive"})
    assert response.status_code == 409
    assert response.json()["code"] == "state"


def test_unknown_action_and_bad_fields_are_400(api_client, world):
    dossier = advance(world, draft(world), "received")
    api_client.force_authenticate(world.leader)
    response = api_client.post(url(dossier, "transitions/"), {"action": "fly"})
    assert response.status_code == 400 and "action" in response.json()["fields"]
    response = api_client.post(
        url(dossier, "transitions/"), {"action": "assign", "assignee": "nobody"}
    )
    assert response.status_code == 400 and "assignee" in response.json()["fields"]


def test_leader_assigns_by_username(api_client, world):
    dossier = advance(world, draft(world), "received")
    api_client.force_authenticate(world.leader)
    response = api_client.post(
        url(dossier, "transitions/"),
        {"action": "assign", "assignee": world.officer.username},
    )
    assert response.status_code == 200
    assert response.json()["assignee"] == world.officer.username


def test_officer_apologizes_with_a_new_date(api_client, world):
    dossier = advance(world, draft(world), "processing")
    api_client.force_authenticate(world.officer)
    new_date = (dossier.due_at + timedelta(days=2)).isoformat()
    response = api_client.post(
        url(dossier, "transitions/"),
        {"action": "apologize", "note": "Chờ xác minh", "new_due_at": new_date},
    )
    assert response.status_code == 200
    assert response.json()["apologized_at"]


def test_citizen_cannot_read_someone_elses_dossier(api_client, world, other_citizen):
    dossier = advance(world, draft(world), "submitted")
    api_client.force_authenticate(other_citizen)
    assert api_client.get(url(dossier)).status_code == 404
    api_client.force_authenticate(world.citizen)
    assert api_client.get(url(dossier)).status_code == 200


def test_officer_of_another_agency_gets_404(api_client, world, outsider_officer):
    dossier = advance(world, draft(world), "received")
    api_client.force_authenticate(outsider_officer)
    assert api_client.get(url(dossier)).status_code == 404
    response = api_client.post(url(dossier, "transitions/"), {"action": "assign"})
    assert response.status_code == 404


def test_list_is_scoped_and_uses_constant_queries(
    api_client, world, django_assert_max_num_queries
):
    for _ in range(3):
        advance(world, draft(world), "received")
    api_client.force_authenticate(world.officer)
    with django_assert_max_num_queries(8):
        response = api_client.get("/api/v1/dossiers/")
    assert len(response.json()["results"]) == 3
    for _ in range(5):
        advance(world, draft(world), "received")
    with django_assert_max_num_queries(8):
        assert len(api_client.get("/api/v1/dossiers/").json()["results"]) == 8


def test_list_pages_by_cursor_newest_first_without_a_count(api_client, world):
    codes = [advance(world, draft(world), "received").code for _ in range(5)]
    api_client.force_authenticate(world.officer)
    seen, url = [], "/api/v1/dossiers/?page_size=2"
    while url:
        body = api_client.get(url).json()
        assert "count" not in body
        seen += [row["code"] for row in body["results"]]
        url = body["next"]
    assert seen == codes[::-1]  # newest first, each once


def test_list_refuses_a_forged_cursor_and_a_bad_page_size(api_client, world):
    api_client.force_authenticate(world.officer)
    # "o=x": an offset that is not a number
    assert api_client.get("/api/v1/dossiers/?cursor=bz14").status_code == 404
    assert api_client.get("/api/v1/dossiers/?page_size=zero").status_code == 400


def test_list_filters(api_client, world):
    received = advance(world, draft(world), "received")
    advance(world, draft(world), "submitted")
    api_client.force_authenticate(world.citizen)
    response = api_client.get("/api/v1/dossiers/", {"status": "received"})
    assert [row["code"] for row in response.json()["results"]] == [received.code]
    assert api_client.get("/api/v1/dossiers/", {"status": "flying"}).status_code == 400
    overdue = api_client.get("/api/v1/dossiers/", {"overdue": "true"}).json()
    assert overdue["results"] == []


def test_staff_cannot_create_online_dossiers(api_client, world):
    api_client.force_authenticate(world.clerk)
    response = api_client.post(
        "/api/v1/dossiers/",
        {
            "procedure": world.procedure.code,
            "processing_agency": str(world.department.uuid),
        },
    )
    assert response.status_code == 400


def test_create_with_unknown_procedure_is_400(api_client, world):
    api_client.force_authenticate(world.citizen)
    response = api_client.post(
        "/api/v1/dossiers/",
        {"procedure": "9.999999", "processing_agency": str(world.department.uuid)},
    )
    assert response.status_code == 400 and "procedure" in response.json()["fields"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00 not a pdf", "định dạng"),
        ("empty.pdf", b"", "rỗng"),
        ("scan.png", b"GIF89a", "định dạng"),
    ],
)
def test_bad_files_are_400_with_a_message(api_client, world, name, content, message):
    dossier = draft(world)
    api_client.force_authenticate(world.citizen)
    upload = SimpleUploadedFile(name, content)
    response = api_client.post(
        url(dossier, "files/"), {"file": upload, "component": 1}, format="multipart"
    )
    assert response.status_code == 400
    assert message in str(response.json())
    assert dossier.files.count() == 2  # the two from the draft helper only


def test_file_too_large(api_client, world, settings):
    settings.DOSSIER_MAX_FILE_BYTES = 100
    dossier = draft(world)
    api_client.force_authenticate(world.citizen)
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 200)
    response = api_client.post(
        url(dossier, "files/"), {"file": big, "component": 1}, format="multipart"
    )
    assert response.status_code == 400
    assert "MB" in response.json()["fields"]["file"][0]


def test_files_cannot_be_added_after_submission(api_client, world):
    dossier = act(draft(world), "submit", world.citizen)
    api_client.force_authenticate(world.citizen)
    response = api_client.post(
        url(dossier, "files/"), {"file": pdf(), "component": 1}, format="multipart"
    )
    assert response.status_code == 409


def test_unknown_component_is_400(api_client, world):
    dossier = draft(world)
    api_client.force_authenticate(world.citizen)
    response = api_client.post(
        url(dossier, "files/"), {"file": pdf(), "component": 9}, format="multipart"
    )
    assert response.status_code == 400 and "component" in response.json()["fields"]


def test_public_lookup_needs_the_second_factor(api_client, world):
    dossier = advance(world, draft(world), "received")
    digits = world.citizen.phone[-4:]
    ok = api_client.get("/api/v1/lookup/", {"code": dossier.code, "verify": digits})
    assert ok.status_code == 200
    body = ok.json()
    assert body["status"] == "received" and body["national_status"] == 2
    assert "applicant_name" not in body and "note" not in body["events"][0]
    wrong = api_client.get(
        "/api/v1/lookup/", {"code": dossier.code, "verify": wrong_digits(dossier)}
    )
    unknown = api_client.get("/api/v1/lookup/", {"code": "X-1", "verify": digits})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    short = api_client.get("/api/v1/lookup/", {"code": dossier.code, "verify": "12"})
    assert short.status_code == 400 and "verify" in short.json()["fields"]


def test_schema_declares_conflicts(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    transition = schema["paths"]["/api/v1/dossiers/{code}/transitions/"]["post"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(transition["responses"])
