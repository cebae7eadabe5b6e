"""The feedback pages: the sender's form with its robot checks, the follow-up, the
officer's worklist and actions, the leader's approval, the public answers."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from feedback.forms import STARTED_SALT
from feedback.models import Feedback
from tests.accounts.factories import CitizenFactory
from tests.dossiers.conftest import act as dossier_act
from tests.dossiers.conftest import draft
from tests.dossiers.conftest import world as dossier_world  # noqa: F401 (a fixture)
from tests.feedback.factories import ANSWER, PHONE, act, advance, send

pytestmark = pytest.mark.django_db


def form_data(**changes):
    shown = (timezone.now() - timedelta(seconds=30)).timestamp()
    return {
        "kind": "conduct",
        "subject": "Hồ sơ trễ hạn",
        "text": "Đã quá ngày hẹn mà chưa có kết quả.",
        "sender_name": "Trần Thị Bình",
        "sender_phone": "0987654321",
        "website": "",
        "started": signing.dumps(shown, salt=STARTED_SALT),
        **changes,
    }


def test_anyone_sends_feedback_and_gets_a_code(client, world):
    response = client.post("/phan-anh/gui/", form_data())
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.owner is None and feedback.agency == world.province
    page = client.get(response["Location"])
    assert feedback.code in page.content.decode()


def test_the_honeypot_and_the_fill_time_stop_robots(client, world):
    assert client.post("/phan-anh/gui/", form_data(website="x")).status_code == 400
    too_fast = signing.dumps(timezone.now().timestamp(), salt=STARTED_SALT)
    assert client.post("/phan-anh/gui/", form_data(started=too_fast)).status_code == 400
    assert client.post("/phan-anh/gui/", form_data(started="forged")).status_code == 400
    assert not Feedback.objects.exists()


def test_the_form_is_limited_per_address(client, world, settings):
    settings.FEEDBACK_LIMIT_PER_ADDRESS = 1
    assert client.post("/phan-anh/gui/", form_data()).status_code == 302
    assert client.post("/phan-anh/gui/", form_data()).status_code == 429


def test_the_dossier_page_links_to_feedback_for_its_owner(client, dossier_world):  # noqa: F811
    dossier = dossier_act(draft(dossier_world), "submit", dossier_world.citizen)
    client.force_login(dossier_world.citizen)
    page = client.get(f"/ho-so/{dossier.code}/").content.decode()
    assert f"/phan-anh/gui/?dossier={dossier.code}" in page
    response = client.post(
        f"/phan-anh/gui/?dossier={dossier.code}",
        form_data(dossier=dossier.code),
    )
    assert response.status_code == 302
    assert Feedback.objects.get().dossier == dossier
    client.force_login(CitizenFactory())
    assert client.get(f"/phan-anh/gui/?dossier={dossier.code}").status_code == 404


def test_the_procedure_page_links_to_feedback(client, dossier_world):  # noqa: F811
    code = dossier_world.procedure.code
    page = client.get(f"/thu-tuc/{code}/").content.decode()
    assert f"/phan-anh/gui/?procedure={code}" in page


def test_follow_up_and_rating_with_code_and_digits(client, world):
    feedback = advance(world, send(world), "approved")
    page = client.get("/phan-anh/tra-cuu/", {"code": feedback.code, "verify": "5678"})
    assert page.status_code == 200 and ANSWER in page.content.decode()
    wrong = client.get("/phan-anh/tra-cuu/", {"code": feedback.code, "verify": "1111"})
    assert wrong.status_code == 404
    response = client.post(
        f"/phan-anh/tra-cuu/{feedback.code}/rate/",
        {"verify": "5678", "satisfied": "false"},
    )
    assert response.status_code == 200
    feedback.refresh_from_db()
    assert feedback.satisfied is False


def test_rating_without_the_digits_is_refused(client, world):
    feedback = advance(world, send(world), "approved")
    response = client.post(
        f"/phan-anh/tra-cuu/{feedback.code}/rate/",
        {"verify": "1111", "satisfied": "true"},
    )
    assert response.status_code == 404
    feedback.refresh_from_db()
    assert feedback.rated_at is None


def test_the_sender_lists_their_own(client, world):
    feedback = send(world)
    client.force_login(world.citizen)
    assert feedback.code in client.get("/phan-anh/cua-toi/").content.decode()
    assert client.get(f"/phan-anh/cua-toi/{feedback.code}/").status_code == 200
    client.force_login(CitizenFactory())
    assert client.get(f"/phan-anh/cua-toi/{feedback.code}/").status_code == 404


def test_the_worklist_marks_overdue_and_due_soon(client, world):
    with time_machine.travel(timezone.now() - timedelta(days=40)):
        late = act(send(world), "assign", world.leader, assignee=world.officer)
    fresh = act(send(world), "assign", world.leader, assignee=world.officer)
    client.force_login(world.officer)
    page = client.get("/phan-anh/xu-ly/").content.decode()
    assert late.code in page and fresh.code in page
    assert page.index(late.code) < page.index(fresh.code)  # most urgent first
    assert page.count("Quá hạn") == 1


def test_the_officer_answers_and_the_leader_approves_on_the_pages(client, world):
    feedback = act(send(world), "assign", world.leader, assignee=world.officer)
    client.force_login(world.officer)
    page = client.get(f"/phan-anh/xu-ly/{feedback.code}/").content.decode()
    assert PHONE in page  # the contact is the staff's to see
    response = client.post(
        f"/phan-anh/xu-ly/{feedback.code}/thao-tac/answer/", {"answer": ""}
    )
    assert response.status_code == 400
    client.post(f"/phan-anh/xu-ly/{feedback.code}/thao-tac/answer/", {"answer": ANSWER})
    client.force_login(world.leader)
    assert feedback.code in client.get("/phan-anh/duyet/").content.decode()
    client.post(f"/phan-anh/xu-ly/{feedback.code}/thao-tac/approve/", {})
    feedback.refresh_from_db()
    assert feedback.status == "approved" and feedback.answer == ANSWER


def test_staff_of_another_agency_get_a_404(client, world):
    feedback = send(world)
    client.force_login(world.other_leader)
    assert client.get(f"/phan-anh/xu-ly/{feedback.code}/").status_code == 404


def test_the_public_page_shows_published_answers_without_personal_data(client, world):
    feedback = advance(world, send(world), "approved")
    assert client.get(f"/phan-anh/cong-khai/{feedback.code}/").status_code == 404
    act(feedback, "publish", world.leader, public_text="Một công dân hỏi về hạn.")
    page = client.get(f"/phan-anh/cong-khai/{feedback.code}/").content.decode()
    assert ANSWER in page and "Người gửi ẩn danh" in page
    assert PHONE not in page and world.citizen.full_name not in page
    assert feedback.code in client.get("/phan-anh/cong-khai/").content.decode()


def test_a_clerk_enters_feedback_at_the_counter(client, world):
    client.force_login(world.clerk)
    response = client.post(
        "/phan-anh/tiep-nhan/",
        {
            "kind": "other",
            "subject": "Góp ý",
            "text": "Cần thêm ghế chờ.",
            "sender_name": "Lê Văn Cường",
            "sender_phone": "0911222333",
        },
    )
    assert response.status_code == 302
    assert Feedback.objects.get().channel == "counter"
    client.force_login(world.officer)
    assert client.get("/phan-anh/tiep-nhan/").status_code == 403
