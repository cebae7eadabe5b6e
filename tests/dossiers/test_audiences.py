"""Each audience sees the same things in the page and in the API: the applicant
never sees staff notes, staff names, the assignee or the unsigned result."""

import json
import re

import pytest

from accounts.models import Role
from dossiers import services
from tests.accounts.factories import StaffFactory
from tests.dossiers.conftest import act, advance, draft
from tests.dossiers.factories import pdf

pytestmark = pytest.mark.django_db

STAFF_NOTE = "Ghi chú nội bộ: hồ sơ cần đối chiếu sổ gốc"
DRAFT_RESULT = "du-thao-quyet-dinh"


@pytest.fixture
def awaiting(world):
    """Forwarded to the leader with an internal note and an unsigned result."""
    dossier = advance(world, draft(world), "processing")
    services.dossier_file_add(
        dossier=dossier,
        actor=world.officer,
        upload=pdf(f"{DRAFT_RESULT}.pdf"),
        kind="result",
    )
    return act(dossier, "forward", world.officer, note=STAFF_NOTE)


def page_and_api(client, api_client, user, dossier):
    client.force_login(user)
    api_client.force_authenticate(user)
    page = client.get(f"/ho-so/{dossier.code}/")
    detail = api_client.get(f"/api/v1/dossiers/{dossier.code}/")
    files = api_client.get(f"/api/v1/dossiers/{dossier.code}/files/")
    assert page.status_code == detail.status_code == files.status_code == 200
    api_text = json.dumps([detail.json(), files.json()], ensure_ascii=False)
    return page.content.decode(), api_text, detail.json(), files.json()


def test_applicant_page_and_api_hide_staff_only_facts(
    client, api_client, world, awaiting
):
    page, api, detail, files = page_and_api(client, api_client, world.citizen, awaiting)
    hidden = [
        STAFF_NOTE,
        DRAFT_RESULT,
        world.officer.full_name,
        world.officer.username,
        world.leader.full_name,
    ]
    for secret in hidden:
        assert secret not in page, secret
        assert secret not in api, secret
    assert "assignee" not in detail and "events" not in detail
    assert "legal_due_at" not in detail and "steps" not in detail
    assert {f["kind"] for f in files} == {"component"}


def test_applicant_api_shows_what_the_page_shows(client, api_client, world, awaiting):
    page, _api, detail, files = page_and_api(
        client, api_client, world.citizen, awaiting
    )
    for value in (
        detail["applicant_phone"],
        detail["applicant_id_number"],
        detail["applicant_address"],
    ):
        assert value in page
    for entry in detail["timeline"]:
        assert entry["sentence"] in page
    names_on_page = set(re.findall(r'/tep/[^/"]+/">([^<]+)</a>', page))
    assert names_on_page == {f["original_name"] for f in files}
    assert {f["original_name"] for f in detail["files"]} == names_on_page


def test_staff_page_and_api_both_show_the_internal_facts(
    client, api_client, world, awaiting
):
    page, api, detail, files = page_and_api(client, api_client, world.leader, awaiting)
    for shown in (STAFF_NOTE, DRAFT_RESULT, world.officer.full_name):
        assert shown in page, shown
        assert shown in api, shown
    assert detail["assignee"] == world.officer.username
    assert "result" in {f["kind"] for f in files}


def test_applicant_sees_the_result_once_signed(client, api_client, world, awaiting):
    signed = act(awaiting, "approve", world.leader)
    page, api, _detail, _files = page_and_api(client, api_client, world.citizen, signed)
    assert DRAFT_RESULT in page and DRAFT_RESULT in api
    assert STAFF_NOTE not in page and STAFF_NOTE not in api


# --- Who attaches the result ---


def attach_result(api_client, user, dossier):
    api_client.force_authenticate(user)
    return api_client.post(
        f"/api/v1/dossiers/{dossier.code}/files/",
        {"file": pdf("ket-qua.pdf"), "kind": "result"},
        format="multipart",
    )


def test_an_officer_not_assigned_cannot_attach_a_result(client, api_client, world):
    dossier = advance(world, draft(world), "processing")
    colleague = StaffFactory(agency=world.department, roles=[Role.OFFICER])
    assert attach_result(api_client, colleague, dossier).status_code == 409
    client.force_login(colleague)
    page = client.post(f"/ho-so/{dossier.code}/ket-qua/", {"result": pdf()})
    assert "Không thể đính kèm tệp" in page.content.decode()
    assert not dossier.files.filter(kind="result").exists()


def test_the_assignee_and_the_leader_attach_results(api_client, world):
    dossier = advance(world, draft(world), "processing")
    assert attach_result(api_client, world.officer, dossier).status_code == 201
    assert attach_result(api_client, world.leader, dossier).status_code == 201


# --- Download names ---


def test_a_download_is_named_after_the_detected_type(client, world):
    dossier = services.dossier_create_online(
        owner=world.citizen,
        procedure=world.procedure,
        processing_agency=world.department,
        applicant=services.Applicant.of_user(world.citizen),
    )
    stored = services.dossier_file_add(
        dossier=dossier,
        actor=world.citizen,
        upload=pdf("scan.hta"),
        component=world.procedure.components.first(),
    )
    client.force_login(world.citizen)
    name = stored.file.name.rsplit("/", 1)[-1]
    response = client.get(f"/ho-so/{dossier.reference}/tep/{name}/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="scan.pdf"'
    assert response["Content-Type"] == "application/pdf"
