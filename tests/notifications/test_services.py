import pytest
from django.db import transaction

from accounts.models import Role
from core.exceptions import DomainError
from dossiers.models import Dossier, DossierEvent
from notifications import services
from notifications.models import Channel, Notification, NotificationPreference, Status
from tests.accounts.factories import StaffFactory
from tests.dossiers.conftest import act, advance, draft

pytestmark = pytest.mark.django_db


def channels_of(kind):
    return sorted(
        Notification.objects.filter(kind=kind).values_list("channel", flat=True)
    )


def test_transition_writes_pending_rows_and_queues_them_on_commit(
    world, django_capture_on_commit_callbacks
):
    dossier = draft(world)
    with django_capture_on_commit_callbacks() as callbacks:
        dossier = act(dossier, "submit", world.citizen)
    rows = Notification.objects.filter(dossier=dossier, user=world.citizen)
    assert {(row.channel, row.recipient, row.status) for row in rows} == {
        (Channel.SMS, world.citizen.phone, Status.PENDING),
        (Channel.EMAIL, world.citizen.email, Status.PENDING),
    }
    assert any(
        getattr(callback, "func", None) is services.queue_sending
        and sorted(callback.args[0]) == sorted(row.pk for row in rows)
        for callback in callbacks
    )


def test_refused_transition_leaves_no_notification(world):
    dossier = act(draft(world), "submit", world.citizen)
    with pytest.raises(Exception, match="lý do"):
        act(dossier, "refuse", world.clerk, note="")
    assert not Notification.objects.filter(kind="refuse").exists()


def test_rows_roll_back_with_the_transition(world):
    dossier = draft(world)

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        act(dossier, "submit", world.citizen)
        assert Notification.objects.filter(kind="submit").count() == 2
        raise Abort
    assert not Notification.objects.exists()
    assert Dossier.objects.get(pk=dossier.pk).status == "draft"


@pytest.mark.parametrize(
    ("choice", "expected"),
    [("both", ["email", "sms"]), ("sms", ["sms"]), ("email", ["email"])],
)
def test_applicant_hears_on_the_channels_they_chose(world, choice, expected):
    services.preference_set(user=world.citizen, channels=choice)
    act(draft(world), "submit", world.citizen)
    assert channels_of("submit") == expected


def test_chosen_channel_without_address_falls_back_to_the_other(world):
    services.preference_set(user=world.citizen, channels="email")
    world.citizen.email = ""
    world.citizen.save()
    act(draft(world), "submit", world.citizen)
    assert channels_of("submit") == ["sms"]


def test_preference_refuses_an_unknown_choice(world):
    with pytest.raises(DomainError):
        services.preference_set(user=world.citizen, channels="fax")
    assert not NotificationPreference.objects.exists()


def test_event_of_a_dossier_without_code_notifies_nobody(world):
    dossier = draft(world)
    event = DossierEvent.objects.create(
        dossier=dossier, action="withdraw", from_status="draft", to_status="withdrawn"
    )
    assert services.notify_dossier_event(event=event, audience="applicant") == []
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("path", "action", "data"),
    [
        ("submitted", "return_for_supplement", {"note": "Thiếu tờ khai"}),
        ("submitted", "refuse", {"note": "Không thuộc thẩm quyền"}),
        ("submitted", "withdraw", {}),
        ("processing", "request_supplement", {"note": "Thiếu bản sao"}),
        ("processing", "stop", {"note": "Theo yêu cầu của cơ quan điều tra"}),
        ("result_ready", "return_result", {}),
    ],
)
def test_applicant_is_told_of_each_status_change(world, path, action, data):
    dossier = advance(world, draft(world), path)
    actor = {
        "withdraw": world.citizen,
        "request_supplement": world.officer,
        "stop": world.officer,
    }.get(action, world.clerk)
    act(dossier, action, actor, **data)
    assert channels_of(action) == ["email", "sms"]
    assert set(
        Notification.objects.filter(kind=action).values_list("recipient", flat=True)
    ) == {
        world.citizen.email,
        world.citizen.phone,
    }


def test_main_path_tells_the_applicant_four_times(world):
    advance(world, draft(world), "returned")
    kinds = Notification.objects.filter(channel=Channel.SMS).values_list(
        "kind", flat=True
    )
    assert list(kinds.order_by("pk")) == [
        "submit",
        "receive",
        "approve",
        "return_result",
    ]


def test_walk_in_applicant_without_account_hears_at_the_dossier_addresses(world):
    dossier = act(draft(world), "submit", world.citizen)
    Dossier.objects.filter(pk=dossier.pk).update(
        owner=None, applicant_phone="0987654321", applicant_email=""
    )
    dossier.refresh_from_db()
    act(dossier, "receive", world.clerk)
    [row] = Notification.objects.filter(kind="receive")
    assert (row.channel, row.recipient, row.user) == ("sms", "0987654321", None)


def test_supplement_reaches_the_assigned_officer_in_app_and_by_email(world):
    dossier = advance(world, draft(world), "processing")
    dossier = act(dossier, "request_supplement", world.officer, note="Thiếu bản sao")
    act(dossier, "supply", world.citizen, note="Đã nộp bản sao")
    rows = Notification.objects.filter(kind="staff_supply")
    assert {(row.channel, row.user) for row in rows} == {
        ("in_app", world.officer),
        ("email", world.officer),
    }
    notice = rows.get(channel="in_app")
    assert notice.status == Status.SENT and notice.read_at is None
    assert notice.link.endswith(f"/ho-so/{dossier.code}/")


def test_withdrawal_request_before_assignment_reaches_the_leaders(world):
    second_leader = StaffFactory(agency=world.department, roles=[Role.LEADER])
    dossier = advance(world, draft(world), "received")
    act(dossier, "request_withdrawal", world.citizen, note="Không còn nhu cầu")
    users = set(
        Notification.objects.filter(
            kind="staff_request_withdrawal", channel="in_app"
        ).values_list("user", flat=True)
    )
    assert users == {world.leader.pk, second_leader.pk}


def test_same_event_is_never_written_twice(world):
    dossier = act(draft(world), "submit", world.citizen)
    event = dossier.events.get(action="submit")
    again = services.notify_dossier_event(event=event, audience=services.APPLICANT)
    assert again == []
    assert Notification.objects.filter(kind="submit").count() == 2


def test_staff_choice_of_sms_only_still_gives_an_in_app_notice(world):
    world.officer.phone = "0911222333"
    world.officer.save()
    services.preference_set(user=world.officer, channels="sms")
    dossier = advance(world, draft(world), "processing")
    act(dossier, "request_withdrawal", world.citizen)
    assert channels_of("staff_request_withdrawal") == ["in_app", "sms"]
