"""Each guard of the workflow, through the service, the API and the page alike.

The world: a 5-working-day procedure received on Wednesday 25/11/2026 at 09:00,
so the appointment is Wednesday 2/12/2026 at 09:00 (6.5 h on the Wednesday, then
Thursday, Friday, Monday, Tuesday, and 1.5 h on Wednesday 2/12).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.exceptions import InvalidInput, TransitionNotAllowed
from dossiers import services
from dossiers.api.serializers import TransitionInputSerializer
from dossiers.forms import ActionForm
from dossiers.models import ClockPause, Dossier, DossierEvent
from dossiers.workflow import TRANSITIONS, Kind
from tests.accounts.factories import StaffFactory
from tests.dossiers.conftest import act, advance, draft
from tests.dossiers.factories import pdf

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
RECEIVED = datetime(2026, 11, 25, 9, 0, tzinfo=TZ)
DUE = datetime(2026, 12, 2, 9, 0, tzinfo=TZ)
THURSDAY = datetime(2026, 11, 26, 10, 0, tzinfo=TZ)


def processing(world):
    with time_machine.travel(RECEIVED, tick=False):
        dossier = advance(world, draft(world), "received")
    with time_machine.travel(THURSDAY, tick=False):
        dossier = act(dossier, "assign", world.leader, assignee=world.officer)
    assert dossier.due_at == DUE
    return dossier


def apologize(dossier, officer, when, new_due_at):
    with time_machine.travel(when, tick=False):
        return act(
            dossier, "apologize", officer, note="Chờ xác minh", new_due_at=new_due_at
        )


# --- The apology (DOMAIN.md decision 7) ---


def test_apology_to_a_sunday_is_refused(world):
    dossier = processing(world)
    with pytest.raises(InvalidInput, match="ngày làm việc") as error:
        apologize(dossier, world.officer, THURSDAY, date(2026, 12, 6))
    assert (error.value.code, error.value.field) == ("not_working_time", "new_due_at")


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 12, 7, 12, 0, tzinfo=TZ),  # lunch break
        datetime(2026, 12, 7, 17, 30, tzinfo=TZ),  # after hours
        datetime(2026, 12, 7, 7, 0, tzinfo=TZ),  # before the office opens
    ],
)
def test_apology_outside_working_hours_is_refused(world, moment):
    dossier = processing(world)
    with pytest.raises(InvalidInput, match="giờ làm việc"):
        apologize(dossier, world.officer, THURSDAY, moment)


def test_a_date_alone_means_the_end_of_that_working_day(world):
    dossier = processing(world)
    dossier = apologize(dossier, world.officer, THURSDAY, date(2026, 12, 7))
    assert dossier.due_at == datetime(2026, 12, 7, 17, 0, tzinfo=TZ)
    assert dossier.legal_due_at == DUE  # lateness is still judged on the legal date


def test_apology_to_a_moment_before_the_appointment_is_refused(world):
    dossier = processing(world)
    with pytest.raises(InvalidInput, match="sau ngày hẹn hiện tại") as error:
        apologize(
            dossier, world.officer, THURSDAY, datetime(2026, 12, 1, 17, 0, tzinfo=TZ)
        )
    assert error.value.code == "not_later"


def test_apology_to_a_past_moment_is_refused(world):
    dossier = processing(world)
    Dossier.objects.filter(pk=dossier.pk).update(due_at=None)  # no appointment known
    with pytest.raises(InvalidInput, match="sau thời điểm hiện tại"):
        apologize(
            dossier, world.officer, THURSDAY, datetime(2026, 11, 20, 13, 44, tzinfo=TZ)
        )


def test_apology_through_the_api_with_a_past_date_is_a_400(api_client, world):
    dossier = processing(world)
    api_client.force_authenticate(world.officer)
    with time_machine.travel(THURSDAY, tick=False):
        response = api_client.post(
            f"/api/v1/dossiers/{dossier.code}/transitions/",
            {
                "action": "apologize",
                "note": "Chờ xác minh",
                "new_due_at": "2026-11-20T13:44:00+07:00",
            },
            format="json",
        )
    assert response.status_code == 400
    assert "new_due_at" in response.json()["fields"]
    dossier.refresh_from_db()
    assert dossier.apologized_at is None


def test_apology_through_the_api_takes_a_working_day_alone(api_client, world):
    dossier = processing(world)
    api_client.force_authenticate(world.officer)
    with time_machine.travel(THURSDAY, tick=False):
        response = api_client.post(
            f"/api/v1/dossiers/{dossier.code}/transitions/",
            {"action": "apologize", "note": "Chờ xác minh", "new_due_at": "2026-12-07"},
            format="json",
        )
    assert response.status_code == 200, response.json()
    assert response.json()["due_at"] == "2026-12-07T17:00:00+07:00"


def test_apology_on_the_page_to_a_sunday_is_a_form_error(client, world):
    dossier = processing(world)
    client.force_login(world.officer)
    with time_machine.travel(THURSDAY, tick=False):
        response = client.post(
            reverse("dossiers:act", args=[dossier.code, "apologize"]),
            {
                "apologize-note": "Chờ xác minh",
                "apologize-new_due_at_date": "2026-12-06",
            },
        )
    assert response.status_code == 200
    assert "ngày làm việc" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.apologized_at is None


@pytest.mark.parametrize(
    ("when", "late"),
    [
        # Tue 08:30 to Wed 09:00: 3 h + 4 h + 1.5 h = 8.5 h ahead.
        (datetime(2026, 12, 1, 8, 30, tzinfo=TZ), False),
        # Tue 09:00: exactly one working day (8 h) ahead.
        (datetime(2026, 12, 1, 9, 0, tzinfo=TZ), False),
        # Tue 10:00: 1.5 h + 4 h + 1.5 h = 7 h ahead.
        (datetime(2026, 12, 1, 10, 0, tzinfo=TZ), True),
        # Thursday 3/12: after the due date.
        (datetime(2026, 12, 3, 10, 0, tzinfo=TZ), True),
    ],
)
def test_a_late_apology_is_recorded_and_marked(world, when, late):
    dossier = processing(world)
    new_due = datetime(2026, 12, 9, 17, 0, tzinfo=TZ)
    dossier = apologize(dossier, world.officer, when, new_due)
    assert dossier.due_at == new_due
    assert dossier.apology_late is late
    event = dossier.events.get(action="apologize")
    assert event.data["late_notice"] is late


def test_the_late_notice_is_written_with_the_event_never_after(world):
    dossier = processing(world)
    with CaptureQueriesContext(connection) as queries:
        apologize(
            dossier,
            world.officer,
            datetime(2026, 12, 1, 10, 0, tzinfo=TZ),
            datetime(2026, 12, 9, 17, 0, tzinfo=TZ),
        )
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert not [sql for sql in updates if "dossiers_dossierevent" in sql]


# --- Supplements: named documents, nothing empty ---


def test_a_supplement_request_names_the_documents_asked_for(world):
    dossier = processing(world)
    first = world.procedure.components.get(position=1)
    dossier = act(
        dossier, "request_supplement", world.officer, note="Bản sao", components=[first]
    )
    event = dossier.events.get(action="request_supplement")
    assert event.data["components"] == [{"position": 1, "name": "Tờ khai"}]


def test_an_empty_supplement_is_refused_and_the_clock_stays_stopped(world):
    dossier = processing(world)
    dossier = act(dossier, "request_supplement", world.officer, note="Bản sao")
    with pytest.raises(TransitionNotAllowed) as error:
        act(dossier, "supply", world.citizen)
    assert error.value.code == "supplement_empty"
    dossier.refresh_from_db()
    assert dossier.status == "supplement_requested"
    assert ClockPause.objects.get(dossier=dossier).ended_at is None


def test_files_from_before_the_request_do_not_make_a_supplement(world):
    dossier = processing(world)  # its components were uploaded at filing
    dossier = act(dossier, "request_supplement", world.officer, note="Bản sao")
    with pytest.raises(TransitionNotAllowed, match="ít nhất một giấy tờ"):
        act(dossier, "supply", world.clerk, note="  ")


def test_a_supplement_with_a_new_file_restarts_the_clock(world):
    dossier = processing(world)
    dossier = act(dossier, "request_supplement", world.officer, note="Bản sao")
    services.dossier_file_add(
        dossier=dossier,
        actor=world.citizen,
        upload=pdf("bo-sung.pdf"),
        component=world.procedure.components.first(),
    )
    dossier = act(dossier, "supply", world.citizen)
    assert dossier.status == "processing"


def test_an_empty_supplement_at_reception_is_refused(world):
    dossier = act(draft(world), "submit", world.citizen)
    dossier = act(dossier, "return_for_supplement", world.clerk, note="Thiếu bản sao")
    with pytest.raises(TransitionNotAllowed, match="ít nhất một giấy tờ"):
        act(dossier, "supply", world.citizen)


def test_the_supply_page_offers_a_slot_per_document_asked_for(client, world):
    dossier = processing(world)
    second = world.procedure.components.get(position=2)
    act(
        dossier,
        "request_supplement",
        world.officer,
        note="Bản sao",
        components=[second],
    )
    form = ActionForm(
        transition=next(
            t
            for t in TRANSITIONS
            if t.action == "supply" and "supplement_requested" in t.sources
        ),
        dossier=Dossier.objects.get(pk=dossier.pk),
    )
    assert [name for name in form.fields if name.startswith("component_")] == [
        "component_2",
        "component_0",
    ]
    client.force_login(world.citizen)
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert 'name="supply-component_2"' in page
    assert 'name="supply-component_1"' not in page


def test_a_supplement_request_through_the_api_names_components(api_client, world):
    dossier = processing(world)
    api_client.force_authenticate(world.officer)
    path = f"/api/v1/dossiers/{dossier.code}/transitions/"
    unknown = api_client.post(
        path,
        {"action": "request_supplement", "note": "Bản sao", "components": [9]},
        format="json",
    )
    assert unknown.status_code == 400
    assert "components" in unknown.json()["fields"]
    asked = api_client.post(
        path,
        {"action": "request_supplement", "note": "Bản sao", "components": [2]},
        format="json",
    )
    assert asked.status_code == 200, asked.json()
    event = DossierEvent.objects.get(dossier=dossier, action="request_supplement")
    assert event.data["components"] == [{"position": 2, "name": "Giấy tờ tùy thân"}]


# --- The other guards and the declared inputs ---


def test_submit_without_its_mandatory_components_is_refused(world):
    dossier = draft(world)
    dossier.files.filter(component__position=2).delete()
    with pytest.raises(TransitionNotAllowed) as error:
        act(dossier, "submit", world.citizen)
    assert error.value.code == "components_missing"
    assert "Giấy tờ tùy thân" in error.value.message


def test_forward_without_a_result_file_is_refused(world):
    dossier = processing(world)
    with pytest.raises(TransitionNotAllowed) as error:
        act(dossier, "forward", world.officer)
    assert error.value.code == "result_missing"


def test_transfer_to_the_same_agency_is_refused(world):
    dossier = processing(world)
    with pytest.raises(InvalidInput) as error:
        act(dossier, "transfer", world.officer, agency=world.department, note="x")
    assert (error.value.code, error.value.field) == ("same_agency", "agency")


@pytest.mark.parametrize(
    ("action", "field"),
    [("assign", "assignee"), ("transfer", "agency"), ("apologize", "new_due_at")],
)
def test_a_required_input_is_asked_for(world, action, field):
    dossier = processing(world)
    with pytest.raises(InvalidInput) as error:
        act(dossier, action, world.leader, note="Nội dung")
    assert (error.value.code, error.value.field) == ("input_missing", field)


def test_assignment_to_an_officer_of_another_agency_is_refused(world):
    dossier = processing(world)
    stranger = StaffFactory(roles=["officer"])
    with pytest.raises(InvalidInput, match="Chỉ giao"):
        act(dossier, "assign", world.leader, assignee=stranger)


def test_the_api_refuses_an_input_the_action_does_not_take(api_client, world):
    dossier = act(draft(world), "submit", world.citizen)
    api_client.force_authenticate(world.clerk)
    response = api_client.post(
        f"/api/v1/dossiers/{dossier.code}/transitions/",
        {"action": "refuse", "note": "Sai thẩm quyền", "new_due_at": "2026-12-07"},
        format="json",
    )
    assert response.status_code == 400
    assert "new_due_at" in response.json()["fields"]


def test_page_form_and_api_serializer_follow_the_declarations(world):
    dossier = processing(world)
    declared = {
        spec.name
        for transition in TRANSITIONS
        for spec in transition.inputs
        if spec.kind != Kind.FILES
    }
    assert set(TransitionInputSerializer().fields) == declared | {"action"}
    apology = next(t for t in TRANSITIONS if t.action == "apologize")
    form = ActionForm(transition=apology, dossier=dossier)
    assert set(form.fields) == {"new_due_at_date", "new_due_at_time", "note"}
    assert form.fields["note"].required and form.fields["new_due_at_date"].required


# --- Intake is a transition; the history outlives a deleted draft ---


def test_counter_intake_is_one_transition_from_nothing_to_received(world):
    components = [(c, pdf()) for c in world.procedure.components.all()]
    with time_machine.travel(RECEIVED, tick=False):
        dossier = services.dossier_intake(
            clerk=world.clerk,
            procedure=world.procedure,
            processing_agency=world.department,
            applicant=services.Applicant.of_user(world.citizen),
            components=components,
        )
    events = list(dossier.events.values_list("action", "from_status", "to_status"))
    assert events == [("intake", "", "received")]
    assert dossier.events.get().form_code == "01"
    assert dossier.receipt_due_at == DUE
    assert dossier.steps.count() == 2  # reception, then assignment


def test_only_a_draft_can_be_deleted_and_its_history_stays(world):
    dossier = draft(world)
    events = list(dossier.events.values_list("pk", flat=True))
    Dossier.objects.get(pk=dossier.pk).delete()
    assert (
        list(DossierEvent.objects.filter(pk__in=events).values_list("pk", flat=True))
        == events
    )
    submitted = act(draft(world), "submit", world.citizen)
    with pytest.raises(ValueError, match="draft"):
        submitted.delete()


def test_late_apologies_are_a_figure_of_the_statistics(world):
    from stats.figures import figures_for
    from stats.periods import Period
    from stats.services import stats_rebuild

    in_time, late = processing(world), processing(world)
    new_due = datetime(2026, 12, 9, 17, 0, tzinfo=TZ)
    # Tue 08:30 is 8.5 working hours ahead of Wed 09:00; Tue 10:00 only 7.
    apologize(in_time, world.officer, datetime(2026, 12, 1, 8, 30, tzinfo=TZ), new_due)
    apologize(late, world.officer, datetime(2026, 12, 1, 10, 0, tzinfo=TZ), new_due)
    december = Period.month(2026, 12)
    assert figures_for(december).late_notices == 1
    stats_rebuild()
    assert figures_for(december).late_notices == 1
