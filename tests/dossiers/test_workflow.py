from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Role, VerificationMethod
from accounts.services import account_verify
from core.calendar import get_calendar
from core.exceptions import InvalidInput, TransitionNotAllowed
from dossiers import services, tasks
from dossiers.models import ClockPause, DossierEvent, DossierStep
from dossiers.workflow import NATIONAL_STATUS, DossierStatus
from tests.accounts.factories import AgencyFactory, StaffFactory
from tests.dossiers.conftest import act, advance, draft
from tests.dossiers.factories import pdf

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def test_every_status_maps_to_a_national_code():
    assert set(NATIONAL_STATUS) == set(DossierStatus)
    assert set(NATIONAL_STATUS.values()) <= set(range(1, 11))


def test_online_dossier_runs_to_its_returned_result(world):
    dossier = draft(world)
    assert dossier.code is None and dossier.status == "draft"
    dossier = act(dossier, "submit", world.citizen)
    assert dossier.code.startswith("000.00.02.H36-")  # the provincial centre
    assert dossier.national_status == 1
    for status in ("received", "processing", "awaiting_approval", "result_ready"):
        dossier = advance(world, dossier, status)
        assert dossier.status == status
    dossier = act(dossier, "return_result", world.clerk)
    assert (dossier.status, dossier.national_status) == ("returned", 10)
    assert dossier.returned_at and dossier.resolved_at
    actions = list(dossier.events.values_list("action", flat=True))
    assert actions == [
        "create",
        "submit",
        "receive",
        "assign",
        "forward",
        "approve",
        "return_result",
    ]


def test_reception_sets_appointment_in_working_days(world):
    dossier = act(draft(world), "submit", world.citizen)
    received = datetime(2026, 11, 25, 16, 0, tzinfo=TZ)  # Wednesday, after 15:00
    with time_machine.travel(received, tick=False):
        dossier = act(dossier, "receive", world.clerk)
    # The clock starts Thursday 07:30; 5 working days end Wednesday 2/12 17:00.
    assert dossier.due_at == datetime(2026, 12, 2, 17, 0, tzinfo=TZ)
    assert dossier.legal_due_at == dossier.due_at
    assert dossier.received_at == received


def test_reception_writes_the_receipt_form_on_commit(
    world, django_capture_on_commit_callbacks
):
    dossier = act(draft(world), "submit", world.citizen)
    with django_capture_on_commit_callbacks() as callbacks:
        dossier = act(dossier, "receive", world.clerk)
    event = dossier.events.get(action="receive")
    assert event.form_code == "01"
    # The receipt form and the applicant's notifications (other apps' subscribers
    # queue their own on-commit work too).
    queued = {
        getattr(callback, "func", callback).__qualname__ for callback in callbacks
    }
    assert {"dossiers.tasks.form_render_on_commit", "queue_sending"} <= queued


def test_steps_record_each_hand_over(world):
    dossier = advance(world, draft(world), "result_ready")
    steps = list(DossierStep.objects.filter(dossier=dossier).order_by("position"))
    assert [step.role for step in steps] == [
        Role.CLERK,
        Role.LEADER,
        Role.OFFICER,
        Role.LEADER,
    ]
    assert all(step.finished_at and step.outcome for step in steps)
    assert steps[2].handler == world.officer


def test_counter_intake_receives_at_once_with_scans(world):
    account_verify(
        user=world.citizen,
        method=VerificationMethod.DEMO,
        full_name=world.citizen.full_name,
        channel="command",
    )
    components = [(c, pdf()) for c in world.procedure.components.all()]
    dossier = services.dossier_intake(
        clerk=world.clerk,
        procedure=world.procedure,
        processing_agency=world.department,
        applicant=services.Applicant.of_user(world.citizen),
        components=components,
    )
    assert dossier.status == "received"
    assert dossier.channel == "counter"
    # Matched by the verified identity: ID number and name (tests/identity).
    assert dossier.owner == world.citizen
    assert all(file.is_digitized for file in dossier.files.all())


def test_counter_intake_without_a_mandatory_component_saves_nothing(world):
    from dossiers.models import Dossier

    first = world.procedure.components.first()
    with pytest.raises(TransitionNotAllowed, match="Còn thiếu"):
        services.dossier_intake(
            clerk=world.clerk,
            procedure=world.procedure,
            processing_agency=world.department,
            applicant=services.Applicant.of_user(world.citizen),
            components=[(first, pdf())],
        )
    assert not Dossier.objects.exists()


def test_supplement_pauses_the_clock_and_moves_the_due_date(world):
    dossier = advance(world, draft(world), "processing")
    due = dossier.due_at
    start = get_calendar().add_working_days(dossier.received_at, 1)
    with time_machine.travel(start, tick=False):
        dossier = act(
            dossier, "request_supplement", world.officer, note="Bản sao hộ khẩu"
        )
    with time_machine.travel(start + timedelta(days=7), tick=False):
        dossier = act(dossier, "supply", world.citizen, note="Đã nộp bản sao")
    pause = ClockPause.objects.get(dossier=dossier)
    paused = get_calendar().working_time_between(pause.started_at, pause.ended_at)
    assert paused == timedelta(hours=40)  # a week is five working days
    assert dossier.due_at == get_calendar().add_working_time(due, paused)
    assert dossier.supplement_requests == 1
    assert dossier.status == "processing"


def test_apology_sets_a_new_appointment_once(world):
    dossier = advance(world, draft(world), "processing")
    later = get_calendar().add_working_days(dossier.due_at, 3)
    dossier = act(
        dossier, "apologize", world.officer, note="Chờ xác minh", new_due_at=later
    )
    assert dossier.due_at == later
    assert dossier.legal_due_at < later  # lateness is judged on the legal date
    event = dossier.events.get(action="apologize")
    assert event.form_code == "04"
    assert event.data["late_notice"] is False
    with pytest.raises(TransitionNotAllowed, match="một lần"):
        act(
            dossier,
            "apologize",
            world.officer,
            note="Lần hai",
            new_due_at=get_calendar().add_working_days(later, 1),
        )


def test_apology_needs_a_later_date(world):
    dossier = advance(world, draft(world), "processing")
    with pytest.raises(InvalidInput, match="sau ngày hẹn"):
        act(dossier, "apologize", world.officer, note="x", new_due_at=dossier.due_at)


def test_only_the_assigned_officer_acts(world):
    dossier = advance(world, draft(world), "processing")
    colleague = StaffFactory(agency=world.department, roles=[Role.OFFICER])
    with pytest.raises(TransitionNotAllowed) as error:
        act(dossier, "request_supplement", colleague, note="x")
    assert error.value.code == "role"


def test_assignment_only_to_an_officer_of_the_agency(world):
    dossier = advance(world, draft(world), "received")
    stranger = StaffFactory(roles=[Role.OFFICER])
    with pytest.raises(InvalidInput, match="Chỉ giao"):
        act(dossier, "assign", world.leader, assignee=stranger)
    dossier.refresh_from_db()
    assert dossier.status == "received"
    assert not dossier.events.filter(action="assign").exists()


def test_transfer_hands_the_dossier_to_another_agency(world):
    dossier = advance(world, draft(world), "processing")
    other = StaffFactory(roles=[Role.LEADER]).agency
    dossier = act(dossier, "transfer", world.officer, agency=other, note="Liên thông")
    assert dossier.processing_agency == other
    assert dossier.assignee is None
    assert dossier.events.last().data == {"agency": other.name}


def test_withdrawal_and_stop(world):
    dossier = advance(world, draft(world), "processing")
    dossier = act(dossier, "request_withdrawal", world.citizen)
    assert dossier.national_status == 7
    dossier = act(dossier, "stop", world.clerk, note="Công dân rút hồ sơ")
    assert (dossier.status, dossier.national_status) == ("stopped", 8)
    assert dossier.events.last().form_code == "05"


def test_a_draft_can_be_withdrawn_before_submission(world, clerk):
    dossier = act(draft(world), "withdraw", world.citizen)
    assert (dossier.status, dossier.code) == ("withdrawn", None)
    from dossiers.selectors import dossier_list_for

    assert not dossier_list_for(world.clerk).filter(pk=dossier.pk).exists()
    # A cancelled draft leaves its owner's list too (issue #15).
    assert not dossier_list_for(world.citizen).filter(pk=dossier.pk).exists()


def test_refusal_and_return_for_supplement_at_reception(world):
    dossier = act(draft(world), "submit", world.citizen)
    dossier = act(dossier, "return_for_supplement", world.clerk, note="Thiếu bản sao")
    assert dossier.status == "incomplete"
    dossier = act(dossier, "supply", world.citizen, note="Đã hoàn thiện")
    dossier = act(dossier, "refuse", world.clerk, note="Không thuộc thẩm quyền")
    assert (dossier.status, dossier.national_status) == ("refused", 3)


def test_guards_need_a_reason(world):
    dossier = act(draft(world), "submit", world.citizen)
    with pytest.raises(InvalidInput, match="lý do") as error:
        act(dossier, "refuse", world.clerk, note="  ")
    assert error.value.field == "note"


def test_approval_needs_the_result_file(world):
    dossier = advance(world, draft(world), "processing")
    with pytest.raises(TransitionNotAllowed, match="tệp kết quả"):
        act(dossier, "forward", world.officer)


def test_officer_of_another_agency_is_refused(world, outsider_officer):
    dossier = advance(world, draft(world), "received")
    with pytest.raises(TransitionNotAllowed) as error:
        act(dossier, "assign", outsider_officer, assignee=outsider_officer)
    assert error.value.code == "role"


def test_a_stranger_cannot_submit_someone_elses_draft(world, other_citizen):
    dossier = draft(world)
    with pytest.raises(TransitionNotAllowed):
        act(dossier, "submit", other_citizen)


def test_events_are_append_only(world):
    event = draft(world).events.first()
    event.note = "changed"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    assert DossierEvent.objects.filter(pk=event.pk, note="").exists()


def test_a_lost_form_message_is_rendered_by_the_sweep(world, monkeypatch):
    from kombu.exceptions import OperationalError

    def broker_down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.dossier_form_render, "delay", broker_down)
    dossier = act(draft(world), "submit", world.citizen)
    dossier = act(dossier, "receive", world.clerk)
    tasks.queue_form_render(dossier.events.get(action="receive").pk)  # no raise
    assert services.dossier_forms_missing(older_than=timedelta(0)) == [
        dossier.events.get(action="receive").pk
    ]
    monkeypatch.undo()
    monkeypatch.setattr(tasks.dossier_form_render, "delay", tasks.dossier_form_render)
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert tasks.dossier_forms_sweep() == 1
    assert services.dossier_forms_missing(older_than=timedelta(0)) == []


def test_online_dossiers_go_to_the_centre_of_the_agencys_level(world):
    from accounts.models import AgencyKind

    ward = AgencyFactory(commune=True, parent=world.province)
    AgencyFactory(commune=True, kind=AgencyKind.SERVICE_CENTRE, parent=ward)
    assert draft(world).receiving_agency == world.centre  # the provincial centre
