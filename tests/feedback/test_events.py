"""The seam between feedback and the apps that react to it."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from feedback import events
from feedback.models import Feedback
from stats.models import StatsFeedback
from tests.feedback.factories import act, send

pytestmark = pytest.mark.django_db


def test_the_subscribers_and_their_places():
    names = [
        (s.handler.__module__, s.handler.__name__, s.order)
        for s in events.subscribers(on_commit=False)
    ]
    assert names == [
        ("stats.feedback_figures", "stats_record_feedback", 10),
        ("stats.services", "stats_record_feedback_dossier", 20),
    ]
    assert events.subscribers(on_commit=True) == []


def test_two_subscribers_may_not_share_a_place():
    with pytest.raises(ImproperlyConfigured):
        events.subscribe(lambda change: None, on_commit=False, order=10)


def test_a_failing_subscriber_rolls_the_move_back(world, monkeypatch):
    feedback = send(world)
    assert StatsFeedback.objects.get(pk=feedback.pk).kind == "conduct"

    def fail(change):
        raise RuntimeError("statistics are down")

    monkeypatch.setattr(events, "_subscribers", [events.Subscriber(fail, False, 10)])
    with pytest.raises(RuntimeError):
        act(feedback, "reject", world.leader, note="Không thuộc phạm vi.")
    assert Feedback.objects.get(pk=feedback.pk).status == "received"
    assert feedback.events.count() == 1
