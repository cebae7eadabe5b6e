"""A dossier waiting for its fees: national status 6, the clock paused."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from core.exceptions import TransitionNotAllowed
from dossiers import services as dossier_services
from dossiers.models import ClockPause
from payments import services
from tests.dossiers.factories import pdf
from tests.payments.conftest import act, owing, received

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def waiting(world):
    request = owing(world)
    dossier = request.dossier
    if dossier.status == "received":
        dossier = act(dossier, "request_payment", world.clerk)
    return request, dossier


def test_a_dossier_waiting_for_fees_is_in_national_status_6_with_its_clock_paused(
    paying,
):
    _request, dossier = waiting(paying)
    assert (dossier.status, dossier.national_status) == ("awaiting_payment", 6)
    pause = ClockPause.objects.get(dossier=dossier, ended_at__isnull=True)
    assert pause.reason == "Chờ thực hiện nghĩa vụ tài chính"
    assert dossier.supplement_requests == 0  # a payment is not a supplement


def test_paying_resumes_the_clock_and_moves_the_appointment(
    paying, broker, django_capture_on_commit_callbacks
):
    wednesday = datetime(2026, 11, 25, 9, 0, tzinfo=TZ)
    with time_machine.travel(wednesday, tick=False):
        request, dossier = waiting(paying)
    due = dossier.due_at
    # Paid one working day later (Thursday 09:00): the appointment moves by a
    # working day, 8 hours.
    with (
        time_machine.travel(wednesday + timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.payment_record_counter(
            request_uuid=request.uuid, actor=paying.clerk, method="cash"
        )
    dossier.refresh_from_db()
    assert dossier.status == "received"
    # Five working days from Wednesday 25/11 09:00, then one more.
    assert timezone.localtime(due).strftime("%a %d/%m %H:%M") == "Wed 02/12 09:00"
    assert timezone.localtime(dossier.due_at).strftime("%a %d/%m %H:%M") == (
        "Thu 03/12 09:00"
    )
    assert not ClockPause.objects.filter(dossier=dossier, ended_at__isnull=True)


def test_the_dossier_cannot_leave_status_6_while_fees_are_owed(paying):
    _request, dossier = waiting(paying)
    with pytest.raises(TransitionNotAllowed) as error:
        act(dossier, "settle_payment", paying.clerk)
    assert error.value.code == "fees_owed"


def test_payment_cannot_be_requested_without_a_request(world):
    from tests.payments.conftest import received

    dossier = received(world)
    with pytest.raises(TransitionNotAllowed) as error:
        act(dossier, "request_payment", world.clerk)
    assert error.value.code == "payment_missing"


def test_the_result_is_not_returned_while_fees_are_owed(paying):
    """Fees billed at reception that the procedure wants before the result."""
    from tests.dossiers.conftest import advance

    paying.procedure.payment_gate = "result"
    paying.procedure.save(update_fields=["payment_gate"])
    request = owing(paying)
    # Processing goes on: the money is wanted only before the result.
    dossier = advance(paying, request.dossier, "result_ready")
    with pytest.raises(TransitionNotAllowed) as error:
        act(dossier, "return_result", paying.clerk)
    assert "nghĩa vụ tài chính" in error.value.message
    services.payment_record_counter(
        request_uuid=request.uuid, actor=paying.clerk, method="cash"
    )
    assert act(dossier, "return_result", paying.clerk).status == "returned"


@pytest.fixture
def no_signing(monkeypatch):
    """The approval's signing task, kept instead of sent to the broker."""
    from documents import tasks

    queued = []
    monkeypatch.setattr(tasks.electronic_result_sign, "delay", queued.append)
    return queued


def _fees_due(world, moment: str, gate: str = "processing") -> None:
    world.procedure.fee_due = moment
    world.procedure.payment_gate = gate
    world.procedure.save(update_fields=["fee_due", "payment_gate"])


def test_fees_due_with_the_result_hold_it_in_national_status_6(
    paying, broker, no_signing, django_capture_on_commit_callbacks, client
):
    from tests.dossiers.conftest import advance

    _fees_due(paying, "result")
    dossier = advance(paying, received(paying), "awaiting_approval")
    assert not dossier.payment_requests.exists()  # nothing due before the result
    with django_capture_on_commit_callbacks(execute=True):
        act(dossier, "approve", paying.leader)
    dossier.refresh_from_db()
    assert (dossier.status, dossier.national_status) == ("awaiting_result_payment", 6)
    assert dossier.national_status_name == "Yêu cầu thực hiện nghĩa vụ tài chính"
    assert list(dossier.events.values_list("action", "to_status"))[-2:] == [
        ("approve", "result_ready"),
        ("request_payment", "awaiting_result_payment"),
    ]
    request = dossier.payment_requests.get()
    assert (request.moment, request.total) == ("result", 50000)
    assert no_signing == [dossier.pk]  # the result is signed all the same

    # The citizen's page and API say 6 and hold the result back.
    client.force_login(paying.citizen)
    page = client.get(f"/ho-so/{dossier.code}/").content.decode()
    assert "Đã có kết quả, chờ thực hiện nghĩa vụ tài chính" in page
    assert "ket-qua.pdf" not in page
    api = client.get(f"/api/v1/dossiers/{dossier.code}/").json()
    assert (api["status"], api["national_status"]) == ("awaiting_result_payment", 6)
    assert all(f["kind"] != "result" for f in api.get("files", []))
    assert client.get(f"/ket-qua-dien-tu/{dossier.code}/").status_code == 404

    with pytest.raises(TransitionNotAllowed) as error:
        act(dossier, "return_result", paying.clerk)
    assert error.value.code == "state"
    with django_capture_on_commit_callbacks(execute=True):
        services.payment_record_counter(
            request_uuid=request.uuid, actor=paying.clerk, method="cash"
        )
    dossier.refresh_from_db()
    assert (dossier.status, dossier.national_status) == ("result_ready", 9)
    assert "ket-qua.pdf" in client.get(f"/ho-so/{dossier.code}/").content.decode()
    assert act(dossier, "return_result", paying.clerk).status == "returned"


def test_fees_due_at_a_supplement_wait_after_it_and_resume_processing(
    paying, broker, django_capture_on_commit_callbacks
):
    from tests.dossiers.conftest import advance

    _fees_due(paying, "supplement")
    dossier = advance(paying, received(paying), "processing")
    act(dossier, "request_supplement", paying.officer, note="Bản sao giấy khai sinh")
    request = dossier.payment_requests.get()
    assert (request.moment, request.gate) == ("supplement", "processing")
    with django_capture_on_commit_callbacks(execute=True):
        dossier_services.dossier_file_add(
            dossier=dossier, actor=paying.citizen, upload=pdf("bo-sung.pdf")
        )
        act(dossier, "supply", paying.citizen)
    dossier.refresh_from_db()
    # The citizen supplied; the officer who asked is the one who waits for the fee.
    assert (dossier.status, dossier.national_status) == ("awaiting_payment", 6)
    waiting_event = dossier.events.last()
    assert (waiting_event.action, waiting_event.actor) == (
        "request_payment",
        paying.officer,
    )
    assert ClockPause.objects.filter(dossier=dossier, ended_at__isnull=True).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.payment_record_counter(
            request_uuid=request.uuid, actor=paying.clerk, method="card"
        )
    dossier.refresh_from_db()
    # Back where it waited, still with its officer.
    assert (dossier.status, dossier.assignee) == ("processing", paying.officer)
    assert not ClockPause.objects.filter(dossier=dossier, ended_at__isnull=True)


def test_processing_is_refused_while_fees_wanted_before_it_are_owed(paying, client):
    """The guard, not the page: the API's assignment hits the same rule."""
    request = owing(paying)  # received, not moved to status 6 (no commit here)
    dossier = request.dossier
    assert dossier.status == "received"
    with pytest.raises(TransitionNotAllowed) as error:
        act(dossier, "assign", paying.leader, assignee=paying.officer)
    assert error.value.code == "fees_owed"
    client.force_login(paying.leader)
    answer = client.post(
        f"/api/v1/dossiers/{dossier.code}/transitions/",
        {"action": "assign", "assignee": paying.officer.username},
        content_type="application/json",
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "fees_owed"
    services.payment_record_counter(
        request_uuid=request.uuid, actor=paying.clerk, method="cash"
    )
    assert act(dossier, "assign", paying.leader, assignee=paying.officer).status == (
        "processing"
    )


def test_reception_issues_the_fees_and_the_dossier_waits_for_them(
    paying, broker, django_capture_on_commit_callbacks
):
    from tests.payments.conftest import draft

    dossier = act(draft(paying), "submit", paying.citizen)
    with django_capture_on_commit_callbacks(execute=True):
        act(dossier, "receive", paying.clerk)
    dossier.refresh_from_db()
    assert (dossier.status, dossier.national_status) == ("awaiting_payment", 6)
    request = dossier.payment_requests.get()
    assert (request.total, request.created_by) == (50000, paying.clerk)
    assert list(dossier.events.values_list("action", flat=True))[-2:] == [
        "receive",
        "request_payment",
    ]


def test_stopping_a_dossier_cancels_what_it_owes(paying):
    request, dossier = waiting(paying)
    act(dossier, "stop", paying.clerk, note="Người nộp không nộp lệ phí")
    request.refresh_from_db()
    assert request.status == "cancelled"
