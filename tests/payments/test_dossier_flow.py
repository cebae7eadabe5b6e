"""A dossier waiting for its fees: national status 6, the clock paused."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from core.exceptions import TransitionNotAllowed
from dossiers.models import ClockPause
from payments import services
from tests.payments.conftest import act, owing

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
    from tests.dossiers.conftest import advance

    request = owing(paying)
    dossier = advance(paying, request.dossier, "result_ready")
    with pytest.raises(TransitionNotAllowed) as error:
        act(dossier, "return_result", paying.clerk)
    assert "nghĩa vụ tài chính" in error.value.message
    services.payment_record_counter(
        request_uuid=request.uuid, actor=paying.clerk, method="cash"
    )
    assert act(dossier, "return_result", paying.clerk).status == "returned"


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
