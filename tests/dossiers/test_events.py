"""The seam between the workflow and the apps that react to it (dossiers.events)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from dossiers import events, services
from dossiers.models import Dossier, DossierEvent
from dossiers.services.effects import EFFECTS, FORM_EFFECTS, NOTIFY_EFFECTS
from dossiers.workflow import TRANSITIONS
from notifications.models import Notification
from stats.models import StatsDossier
from tests.dossiers.conftest import act, advance, draft
from tests.dossiers.factories import pdf

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


@pytest.fixture
def registry(monkeypatch):
    """The real subscribers, plus whatever a test adds, restored afterwards."""
    monkeypatch.setattr(events, "_subscribers", list(events._subscribers))


def names(kind, *, on_commit):
    return [s.name for s in events.subscribers(kind, on_commit=on_commit)]


def test_subscribers_run_in_their_written_order():
    assert names(events.Transitioned, on_commit=False) == [
        "stats.services.stats_record_transition",
        "notifications.services.outbox.notify_transition",
        "payments.subscribers.record_fees",
        "national.services.outbox.sync_record_transition",
    ]
    assert names(events.Transitioned, on_commit=True) == [
        "dossiers.tasks.form_render_on_commit",
        "documents.tasks.electronic_result_on_commit",
        "payments.subscribers.wait_for_payment",
    ]
    assert names(events.Rated, on_commit=False) == [
        "stats.services.stats_record_rating",
    ]


def test_a_place_in_the_order_is_taken_once(registry):
    with pytest.raises(ImproperlyConfigured):
        events.subscribe(events.Transitioned, print, on_commit=False, order=10)


def test_subscribing_twice_registers_once(registry):
    def handler(change):
        pass

    events.subscribe(events.Transitioned, handler, on_commit=True, order=90)
    events.subscribe(events.Transitioned, handler, on_commit=True, order=90)
    assert (
        names(events.Transitioned, on_commit=True).count(
            f"{__name__}.{handler.__qualname__}"
        )
        == 1
    )


def test_a_new_subscriber_hears_every_transition(registry, world):
    """What a new app (payments, the national outbox) does: subscribe, nothing else."""
    heard = []
    events.subscribe(
        events.Transitioned,
        lambda change: heard.append((change.action, change.source, change.target)),
        on_commit=False,
        order=99,
    )
    dossier = advance(world, draft(world), "received")
    assert heard == [
        ("create", "", "draft"),
        ("submit", "draft", "submitted"),
        ("receive", "submitted", "received"),
    ]
    assert dossier.status == "received"


def test_in_transaction_subscribers_see_the_saved_dossier_in_order(registry, world):
    dossier = draft(world)
    seen = []

    def first(change):
        seen.append(("first", Dossier.objects.get(pk=change.dossier.pk).status))

    def second(change):
        seen.append(("second", change.event.to_status))

    events.subscribe(events.Transitioned, second, on_commit=False, order=96)
    events.subscribe(events.Transitioned, first, on_commit=False, order=95)
    act(dossier, "submit", world.citizen)
    assert seen == [("first", "submitted"), ("second", "submitted")]


def test_a_failing_in_transaction_subscriber_rolls_the_transition_back(
    registry, world, django_capture_on_commit_callbacks
):
    dossier = act(draft(world), "submit", world.citizen)
    notifications = Notification.objects.count()
    assert not StatsDossier.objects.filter(pk=dossier.pk).exists()  # not received

    def fail(change):
        raise Boom

    events.subscribe(events.Transitioned, fail, on_commit=False, order=99)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(Boom):
        act(dossier, "receive", world.clerk)
    dossier.refresh_from_db()
    assert dossier.status == "submitted"
    assert dossier.received_at is None and dossier.due_at is None
    assert not DossierEvent.objects.filter(dossier=dossier, action="receive").exists()
    assert not dossier.steps.exists()
    # The statistics and the outbox written by the earlier subscribers went too.
    assert Notification.objects.count() == notifications
    assert not StatsDossier.objects.filter(pk=dossier.pk).exists()
    assert callbacks == []


@pytest.mark.django_db(transaction=True)
def test_on_commit_subscribers_run_after_commit_and_never_after_rollback(
    registry, world
):
    committed = []
    events.subscribe(
        events.Transitioned,
        lambda change: committed.append(change.action),
        on_commit=True,
        order=99,
    )
    dossier = act(draft(world), "submit", world.citizen)
    assert committed == ["create", "submit"]

    def fail(change):
        raise Boom

    events.subscribe(events.Transitioned, fail, on_commit=False, order=99)
    with pytest.raises(Boom):
        act(dossier, "receive", world.clerk)
    assert committed == ["create", "submit"]
    assert Dossier.objects.get(pk=dossier.pk).status == "submitted"


@pytest.mark.django_db(transaction=True)
def test_a_failing_on_commit_subscriber_does_not_undo_the_transition(
    registry, world, caplog
):
    def fail(change):
        raise Boom

    events.subscribe(events.Transitioned, fail, on_commit=True, order=99)
    dossier = act(draft(world), "submit", world.citizen)
    assert Dossier.objects.get(pk=dossier.pk).status == "submitted"
    assert "Boom" in caplog.text


def test_counter_intake_publishes_one_transition_from_nothing(registry, world):
    heard = []
    events.subscribe(
        events.Transitioned,
        lambda change: heard.append((change.action, change.source, change.target)),
        on_commit=False,
        order=99,
    )
    services.dossier_intake(
        clerk=world.clerk,
        procedure=world.procedure,
        processing_agency=world.department,
        applicant=services.Applicant.of_user(world.citizen),
        components=[(c, pdf()) for c in world.procedure.components.all()],
    )
    assert heard == [("intake", "", "received")]


def test_the_event_carries_the_form_and_whom_to_tell(registry, world):
    heard = []
    events.subscribe(events.Transitioned, heard.append, on_commit=False, order=99)
    dossier = act(act(draft(world), "submit", world.citizen), "receive", world.clerk)
    change = heard[-1]
    assert (change.dossier.pk, change.actor, change.event.form_code) == (
        dossier.pk,
        world.clerk,
        "01",
    )
    assert "notify_applicant" in change.effects
    assert change.at == change.event.at


def test_a_rating_is_published(registry, world):
    heard = []
    events.subscribe(events.Rated, heard.append, on_commit=False, order=99)
    dossier = advance(world, draft(world), "returned")
    rating = services.rating_submit(
        dossier=dossier,
        actor=world.citizen,
        scores=dict.fromkeys(
            ("overall", "on_time", "staff_attitude", "publicity", "online_quality"), 5
        ),
        contacts=1,
    )
    assert [change.rating for change in heard] == [rating]
    assert StatsDossier.objects.filter(pk=dossier.pk).exists()


def test_every_effect_of_the_table_is_applied_or_published():
    declared = {name for t in TRANSITIONS for name in t.effects}
    handled = set(EFFECTS) | set(FORM_EFFECTS) | NOTIFY_EFFECTS
    assert declared <= handled
