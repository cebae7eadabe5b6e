"""The demo feedback: every stage, made through the services at working moments."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.calendar import get_calendar
from demo.feedback import seed_feedback
from feedback import selectors
from feedback.models import Feedback, FeedbackEvent

pytestmark = pytest.mark.django_db


def test_demo_feedback_covers_the_stages_once():
    call_command("seed_demo", stdout=StringIO())
    statuses = sorted(Feedback.objects.values_list("status", flat=True))
    assert statuses == [
        "approved", "assigned", "info_requested", "published", "received",
        "received", "spam",
    ]  # fmt: skip
    assert seed_feedback() == ["7 phản ánh, kiến nghị (đã có)"]
    assert Feedback.objects.count() == 7
    now = timezone.now()
    overdue = Feedback.objects.filter(status="received", answer_due_at__lt=now)
    assert overdue.count() == 1
    due_soon = Feedback.objects.get(status="assigned")
    assert now < due_soon.answer_due_at <= selectors.due_soon_limit(now)
    published = Feedback.objects.get(status="published")
    assert published.dossier is not None and published.satisfied is True
    # Staff act on working days in working hours.
    calendar = get_calendar()
    for event in FeedbackEvent.objects.exclude(actor__account_type="citizen"):
        if event.action in ("submit", "rate"):
            continue
        local = timezone.localtime(event.at)
        assert calendar.is_working_day(local.date()), event
        assert any(start <= local.time() <= end for start, end in calendar.periods)
