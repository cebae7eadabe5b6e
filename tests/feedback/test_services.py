"""Reception, deadlines on the working-day calendar, notifications, limits and the
follow-up lookup of feedback."""

from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Role
from core.exceptions import DomainError, InvalidInput, TransitionNotAllowed
from feedback import services
from feedback.models import FeedbackChannel, FeedbackEvent
from notifications.models import Channel, Notification
from tests.accounts.factories import CitizenFactory, StaffFactory
from tests.dossiers.conftest import act as dossier_act
from tests.dossiers.conftest import draft
from tests.dossiers.conftest import world as dossier_world  # noqa: F401 (a fixture)

# The dossier tests' world (a procedure, a citizen's dossier) under its own name.
from tests.dossiers.factories import PDF_BYTES, pdf
from tests.feedback.factories import ANSWER, PHONE, act, advance, send

pytestmark = pytest.mark.django_db


def at(month, day, hour=9, minute=0):
    zone = timezone.get_current_timezone()
    return datetime(2026, month, day, hour, minute, tzinfo=zone)


def test_deadlines_count_working_days_from_reception(world):
    # Monday 1/6/2026 at 9:00; working hours 7:30–11:30 and 13:00–17:00.
    with time_machine.travel(at(6, 1), tick=False):
        feedback = send(world)
    assert feedback.reject_due_at == at(6, 3)  # 2 working days
    assert feedback.info_due_at == at(6, 8)  # 5: over the weekend
    assert feedback.answer_due_at == at(6, 22)  # 15
    assert feedback.code == "PAKN-260601-0001"


def test_after_the_afternoon_cutoff_the_clock_starts_the_next_working_day(world):
    # Friday 5/6 at 16:00: the clock starts on Monday 8/6 at 7:30.
    with time_machine.travel(at(6, 5, 16), tick=False):
        feedback = send(world)
    assert feedback.reject_due_at == at(6, 9, 17)  # 16 working hours later


def test_publication_is_due_two_working_days_after_the_answer(world):
    with time_machine.travel(at(6, 1), tick=False):
        feedback = advance(world, send(world), "answered")
    with time_machine.travel(at(6, 5, 11), tick=False):  # Friday
        feedback = act(feedback, "approve", world.leader)
    assert feedback.answered_at == at(6, 5, 11)
    assert feedback.publish_due_at == at(6, 9, 11)


def test_a_transfer_restarts_the_deadlines_at_the_competent_agency(world):
    with time_machine.travel(at(6, 1), tick=False):
        feedback = send(world)
    with time_machine.travel(at(6, 2), tick=False):
        feedback = act(feedback, "transfer", world.leader, agency=world.other,
                       note="Thuộc thẩm quyền Sở khác.")  # fmt: skip
    assert feedback.agency == world.other and feedback.assignee is None
    assert feedback.answer_due_at == at(6, 23)  # 15 working days from 2/6


def test_supplied_information_restarts_the_answer_clock(world):
    with time_machine.travel(at(6, 1), tick=False):
        feedback = act(send(world), "request_info", world.leader, note="Số hồ sơ?")
    with time_machine.travel(at(6, 3), tick=False):
        feedback = act(feedback, "supply_info", world.citizen, note="Số hồ sơ: …")
    assert feedback.answer_due_at == at(6, 24)


def test_a_late_move_is_marked_on_its_event(world):
    with time_machine.travel(at(6, 1), tick=False):
        feedback = send(world)
    with time_machine.travel(at(6, 4), tick=False):  # due 3/6 at 9:00
        act(feedback, "reject", world.leader, note="Không thuộc phạm vi.")
    event = FeedbackEvent.objects.get(feedback=feedback, action="reject")
    assert event.data == {"late": True}


def test_history_is_append_only(world):
    event = send(world).events.get()
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


# --- Intake ---


def test_feedback_from_a_dossier_goes_to_its_processing_agency(dossier_world):  # noqa: F811
    dossier = act_submit(dossier_world)
    feedback = services.feedback_submit(
        actor=dossier_world.citizen,
        sender=services.Sender.of_user(dossier_world.citizen),
        content=services.Content(
            kind="conduct", subject="Trễ hạn", text="Chưa có kết quả.", dossier=dossier
        ),
        channel=FeedbackChannel.ONLINE,
        address="203.0.113.7",
    )
    assert feedback.agency == dossier.processing_agency
    assert feedback.owner == dossier_world.citizen


def test_only_the_owner_links_a_dossier(dossier_world):  # noqa: F811
    dossier = act_submit(dossier_world)
    stranger = CitizenFactory()
    with pytest.raises(InvalidInput) as refused:
        services.feedback_submit(
            actor=stranger,
            sender=services.Sender.of_user(stranger),
            content=services.Content(
                kind="conduct", subject="x", text="y", dossier=dossier
            ),
            channel=FeedbackChannel.ONLINE,
            address="203.0.113.7",
        )
    assert refused.value.field == "dossier"


def act_submit(dossiers):
    return dossier_act(draft(dossiers), "submit", dossiers.citizen)


def test_free_feedback_goes_to_the_provincial_committee(world):
    feedback = send(world, agency=None)
    assert feedback.agency == world.province


def test_at_the_counter_only_a_clerk_receives(world):
    def counter(actor):
        return services.feedback_submit(
            actor=actor,
            sender=services.Sender(name="Trần Thị Bình", phone="0987654321"),
            content=services.Content(kind="other", subject="x", text="y"),
            channel=FeedbackChannel.COUNTER,
            address="10.0.0.1",
        )

    with pytest.raises(TransitionNotAllowed):
        counter(world.officer)
    feedback = counter(world.clerk)
    assert feedback.owner is None and feedback.channel == "counter"


def test_attachments_meet_the_dossier_upload_checks(world):
    feedback = send(world, files=[pdf()])
    assert feedback.files.get().content_type == "application/pdf"
    with pytest.raises(DomainError) as refused:
        send(world, files=[pdf("x.pdf", b"MZ not a pdf")])
    assert refused.value.code == "file_type"
    assert len(PDF_BYTES) == feedback.files.get().size


def test_limits_per_address_and_per_contact(world, settings):
    settings.FEEDBACK_LIMIT_PER_ADDRESS = 2
    settings.FEEDBACK_LIMIT_PER_CONTACT = 1000
    send(world)
    send(world)
    with pytest.raises(services.FeedbackLimited):
        send(world)
    settings.FEEDBACK_LIMIT_PER_ADDRESS = 1000
    # Two counted above: the refused third stopped at the address limit.
    settings.FEEDBACK_LIMIT_PER_CONTACT = 2
    with pytest.raises(services.FeedbackLimited) as refused:
        send(world)
    assert refused.value.status_code == 429


# --- Notifications ---


def test_the_sender_and_the_leaders_hear_of_reception(world):
    feedback = send(world)
    sms = Notification.objects.get(channel=Channel.SMS, recipient=PHONE)
    assert feedback.code in sms.text
    leaders = Notification.objects.filter(user=world.leader, channel=Channel.IN_APP)
    assert [n.kind for n in leaders] == ["feedback_submit"]


def test_transfer_answer_and_publication_tell_the_sender(world):
    feedback = send(world)
    act(feedback, "transfer", world.leader, agency=world.other, note="Chuyển.")
    told = Notification.objects.filter(channel=Channel.SMS, recipient=PHONE)
    assert [n.kind for n in told.order_by("pk")] == ["sender_submit", "sender_transfer"]
    new_leaders = Notification.objects.filter(user=world.other_leader)
    assert {n.kind for n in new_leaders} == {"feedback_transfer"}


def test_the_answer_reaches_the_sender_once_approved(world):
    feedback = advance(world, send(world), "answered")
    sender_kinds = lambda: [  # noqa: E731
        n.kind for n in Notification.objects.filter(recipient=PHONE).order_by("pk")
    ]
    assert sender_kinds() == ["sender_submit"]  # a draft is not an answer
    act(feedback, "approve", world.leader)
    assert sender_kinds() == ["sender_submit", "sender_approve"]
    approved = Notification.objects.get(recipient=PHONE, kind="sender_approve")
    assert approved.subject.endswith("đã có câu trả lời")
    act(feedback, "publish", world.officer)
    assert sender_kinds()[-1] == "sender_publish"


def test_the_assigned_officer_is_told(world):
    act(send(world), "assign", world.leader, assignee=world.officer)
    assert Notification.objects.filter(
        user=world.officer, kind="feedback_assign", channel=Channel.IN_APP
    ).exists()


# --- Lookup ---


def test_lookup_needs_the_last_digits_of_the_phone(world):
    feedback = send(world)
    found = services.feedback_lookup_limited(
        code=feedback.code, verify="5678", address="203.0.113.9"
    )
    assert found == feedback
    assert (
        services.feedback_lookup_limited(
            code=feedback.code, verify="1234", address="203.0.113.9"
        )
        is None
    )


def test_lookup_guesses_are_limited_per_code(world, settings):
    settings.LOOKUP_LIMIT_PER_CODE = 3
    feedback = send(world)
    for index in range(3):
        services.feedback_lookup_limited(
            code=feedback.code, verify="1111", address=f"203.0.113.{index}"
        )
    with pytest.raises(services.FeedbackLimited):
        services.feedback_lookup_limited(
            code=feedback.code, verify="5678", address="203.0.113.99"
        )


def test_an_officer_acts_only_on_feedback_assigned_to_them_or_nobody(world):
    colleague = StaffFactory(agency=world.department, roles=[Role.OFFICER])
    feedback = act(send(world), "assign", world.leader, assignee=colleague)
    with pytest.raises(TransitionNotAllowed):
        act(feedback, "answer", world.officer, answer=ANSWER)
    assert act(feedback, "answer", colleague, answer=ANSWER).status == "answered"
