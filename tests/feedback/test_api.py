"""The feedback API: the same rules as the pages, one audience per serializer."""

import pytest

from feedback.models import Feedback
from tests.accounts.factories import CitizenFactory
from tests.dossiers.conftest import act as dossier_act
from tests.dossiers.conftest import draft
from tests.dossiers.conftest import world as dossier_world  # noqa: F401 (a fixture)
from tests.feedback.factories import ANSWER, PHONE, act, advance, send

pytestmark = pytest.mark.django_db

BODY = {
    "kind": "regulation",
    "subject": "Thủ tục rườm rà",
    "text": "Quá nhiều giấy tờ.",
}


def test_a_citizen_sends_feedback_through_the_api(api_client, world):
    api_client.force_authenticate(world.citizen)
    response = api_client.post("/api/v1/feedback/", BODY, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "received" and data["code"].startswith("PAKN-")
    assert "sender_phone" not in data  # the sender's own view has no staff fields
    assert Feedback.objects.get(code=data["code"]).channel == "api"


def test_sending_needs_an_account(api_client, world):
    assert api_client.post("/api/v1/feedback/", BODY, format="json").status_code in (
        401,
        403,
    )


def test_a_bad_kind_is_a_field_error(api_client, world):
    api_client.force_authenticate(world.citizen)
    response = api_client.post(
        "/api/v1/feedback/", {**BODY, "kind": "rumour"}, format="json"
    )
    assert response.status_code == 400 and "kind" in response.json()["fields"]


def test_a_dossier_of_someone_else_is_refused(api_client, dossier_world):  # noqa: F811
    dossier = dossier_act(draft(dossier_world), "submit", dossier_world.citizen)
    api_client.force_authenticate(CitizenFactory())
    response = api_client.post(
        "/api/v1/feedback/", {**BODY, "dossier": dossier.code}, format="json"
    )
    assert response.status_code == 400 and "dossier" in response.json()["fields"]
    api_client.force_authenticate(dossier_world.citizen)
    response = api_client.post(
        "/api/v1/feedback/", {**BODY, "dossier": dossier.code}, format="json"
    )
    assert response.status_code == 201


def test_lists_show_own_feedback_or_the_agencys(api_client, world):
    mine = send(world)
    api_client.force_authenticate(CitizenFactory())
    assert api_client.get("/api/v1/feedback/").json()["results"] == []
    api_client.force_authenticate(world.officer)
    codes = [
        row["code"] for row in api_client.get("/api/v1/feedback/").json()["results"]
    ]
    assert codes == [mine.code]
    api_client.force_authenticate(world.other_leader)
    assert api_client.get("/api/v1/feedback/").json()["results"] == []


def test_someone_else_gets_a_404(api_client, world):
    feedback = send(world)
    url = f"/api/v1/feedback/{feedback.code}/"
    api_client.force_authenticate(CitizenFactory())
    assert api_client.get(url).status_code == 404
    api_client.force_authenticate(world.citizen)
    assert api_client.get(url).status_code == 200


def test_staff_see_the_contact_the_sender_does_not_repeat(api_client, world):
    feedback = send(world)
    api_client.force_authenticate(world.leader)
    data = api_client.get(f"/api/v1/feedback/{feedback.code}/").json()
    assert data["sender_phone"] == PHONE
    assert "assign" in data["allowed_actions"]


def test_anyone_with_the_phone_digits_follows_and_rates(api_client, world):
    feedback = advance(world, send(world), "approved")
    url = f"/api/v1/feedback/{feedback.code}/"
    assert api_client.get(url, {"verify": "1234"}).status_code == 404
    data = api_client.get(url, {"verify": "5678"}).json()
    assert data["answer"] == ANSWER and "sender_phone" not in data
    assert data["allowed_actions"] == ["rate"]
    response = api_client.post(
        f"{url}transitions/",
        {"action": "rate", "satisfied": True, "verify": "5678"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["satisfied"] is True


def test_a_draft_answer_is_not_shown_to_the_sender(api_client, world):
    feedback = advance(world, send(world), "answered")
    api_client.force_authenticate(world.citizen)
    assert api_client.get(f"/api/v1/feedback/{feedback.code}/").json()["answer"] == ""


def test_moves_through_the_api(api_client, world):
    feedback = send(world)
    url = f"/api/v1/feedback/{feedback.code}/transitions/"
    api_client.force_authenticate(world.leader)
    response = api_client.post(
        url, {"action": "assign", "assignee": world.officer.username}, format="json"
    )
    assert response.json()["status"] == "assigned"
    response = api_client.post(url, {"action": "approve"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "state"
    api_client.force_authenticate(world.officer)
    response = api_client.post(url, {"action": "answer"}, format="json")
    assert response.status_code == 400 and "answer" in response.json()["fields"]
    response = api_client.post(
        url, {"action": "answer", "answer": ANSWER}, format="json"
    )
    assert response.json()["status"] == "answered"
    response = api_client.post(url, {"action": "approve"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "role"


def test_an_unknown_assignee_is_a_field_error(api_client, world):
    feedback = send(world)
    api_client.force_authenticate(world.leader)
    response = api_client.post(
        f"/api/v1/feedback/{feedback.code}/transitions/",
        {"action": "assign", "assignee": "nobody"},
        format="json",
    )
    assert response.status_code == 400 and "assignee" in response.json()["fields"]


def test_published_answers_carry_no_personal_data(
    api_client, world, django_assert_max_num_queries
):
    feedback = advance(world, send(world), "approved")
    act(feedback, "publish", world.leader, public_text="Một công dân hỏi về hạn.")
    with django_assert_max_num_queries(3):
        response = api_client.get("/api/v1/feedback/published/")
    [row] = response.json()["results"]
    assert row["sender"] == "Người gửi ẩn danh"
    assert row["question"] == "Một công dân hỏi về hạn."
    assert PHONE not in str(row) and world.citizen.full_name not in str(row)


def test_the_name_is_published_when_the_sender_agreed(api_client, world):
    feedback = advance(world, send(world, publish_name=True), "approved")
    act(feedback, "publish", world.leader)
    [row] = api_client.get("/api/v1/feedback/published/").json()["results"]
    assert row["sender"] == world.citizen.full_name


def test_the_sender_does_not_see_the_agencys_inner_notes(api_client, world):
    feedback = advance(world, send(world), "answered")
    act(feedback, "send_back", world.leader, note="Nêu rõ căn cứ pháp lý.")
    url = f"/api/v1/feedback/{feedback.code}/"
    api_client.force_authenticate(world.citizen)
    sender_notes = [e["note"] for e in api_client.get(url).json()["events"]]
    api_client.force_authenticate(world.leader)
    staff_notes = [e["note"] for e in api_client.get(url).json()["events"]]
    assert "Nêu rõ căn cứ pháp lý." in staff_notes
    assert "Nêu rõ căn cứ pháp lý." not in sender_notes


def test_the_staff_list_takes_a_fixed_number_of_queries(
    api_client, world, django_assert_max_num_queries
):
    for _ in range(5):
        send(world)
    api_client.force_authenticate(world.leader)
    with django_assert_max_num_queries(6):
        response = api_client.get("/api/v1/feedback/")
    assert len(response.json()["results"]) == 5
