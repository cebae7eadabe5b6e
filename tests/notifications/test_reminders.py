"""Reminders of the working morning: officers' digests and results to collect."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.calendar import get_calendar
from dossiers.models import Dossier
from egov.celery import app as celery_app
from notifications import services
from notifications.models import Channel, Notification
from tests.dossiers.conftest import act, advance, draft

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TUESDAY = datetime(2027, 9, 7, 7, 0, tzinfo=TZ)
NATIONAL_DAY = datetime(2027, 9, 2, 7, 0, tzinfo=TZ)  # a Thursday, a holiday
SUNDAY = datetime(2027, 9, 5, 7, 0, tzinfo=TZ)


def test_the_chosen_days_are_what_the_tests_say():
    calendar = get_calendar()
    assert calendar.is_working_day(TUESDAY.date())
    assert not calendar.is_working_day(NATIONAL_DAY.date())
    assert not calendar.is_working_day(SUNDAY.date())


def processing(world, due_at):
    dossier = advance(world, draft(world), "processing")
    Dossier.objects.filter(pk=dossier.pk).update(due_at=due_at)
    return dossier


@pytest.fixture
def officer_dossiers(world):
    return {
        "overdue": processing(world, TUESDAY - timedelta(days=1)),
        "due_today": processing(world, TUESDAY.replace(hour=16)),
        "later": processing(world, TUESDAY + timedelta(days=6)),
    }


def digest(world):
    return Notification.objects.filter(user=world.officer, kind="officer_digest")


def test_officer_gets_overdue_and_due_soon_dossiers_in_one_digest(
    world, officer_dossiers
):
    services.remind_officers(now=TUESDAY)
    rows = digest(world)
    assert sorted(rows.values_list("channel", flat=True)) == ["email", "in_app"]
    notice = rows.get(channel=Channel.IN_APP)
    assert notice.subject == "2 hồ sơ sắp đến hạn hoặc quá hạn"
    overdue, due_soon = notice.text.split("\n\n")
    assert overdue.startswith("Hồ sơ quá hạn:")
    assert officer_dossiers["overdue"].code in overdue
    assert due_soon.startswith("Hồ sơ đến hạn trong một ngày làm việc:")
    assert officer_dossiers["due_today"].code in due_soon
    assert officer_dossiers["later"].code not in notice.text
    assert notice.link.endswith("/xu-ly/")


def test_no_officer_reminder_on_a_holiday_or_a_sunday(world, officer_dossiers):
    assert services.remind_officers(now=NATIONAL_DAY) == 0
    assert services.remind_officers(now=SUNDAY) == 0
    assert not digest(world).exists()


def test_a_second_run_the_same_morning_writes_nothing(world, officer_dossiers):
    assert services.remind_officers(now=TUESDAY) == 2
    assert services.remind_officers(now=TUESDAY + timedelta(minutes=5)) == 0
    assert services.remind_officers(now=TUESDAY + timedelta(days=1)) == 2


def test_dossier_waiting_for_the_applicant_is_not_reminded(world):
    dossier = processing(world, TUESDAY - timedelta(days=1))
    act(dossier, "request_supplement", world.officer, note="Thiếu bản sao")
    assert services.remind_officers(now=TUESDAY) == 0


def ready(world, resolved_at, delivery_method="counter"):
    dossier = advance(world, draft(world), "result_ready")
    Dossier.objects.filter(pk=dossier.pk).update(
        resolved_at=resolved_at, delivery_method=delivery_method
    )
    return dossier


def collection(dossier):
    return Notification.objects.filter(dossier=dossier, kind="result_waiting")


def test_applicant_is_reminded_to_collect_a_result_waiting_at_the_counter(world):
    waiting = ready(world, TUESDAY - timedelta(days=1))
    today = ready(world, TUESDAY + timedelta(hours=1))
    by_post = ready(world, TUESDAY - timedelta(days=1), "post")
    assert services.remind_collection(now=TUESDAY) == 2
    assert sorted(collection(waiting).values_list("channel", flat=True)) == [
        "email",
        "sms",
    ]
    sms_row = collection(waiting).get(channel=Channel.SMS)
    assert sms_row.text.startswith(f"Ket qua ho so {waiting.code} dang cho")
    assert not collection(today).exists() and not collection(by_post).exists()


def test_collection_reminder_comes_back_after_a_week_on_working_days(world):
    dossier = ready(world, TUESDAY - timedelta(days=1))
    assert services.remind_collection(now=TUESDAY) == 2
    Notification.objects.filter(dossier=dossier).update(created_at=TUESDAY)
    assert services.remind_collection(now=TUESDAY + timedelta(days=1)) == 0
    assert services.remind_collection(now=TUESDAY + timedelta(days=7)) == 2


def test_no_collection_reminder_on_a_holiday(world):
    ready(world, NATIONAL_DAY - timedelta(days=3))
    assert services.remind_collection(now=NATIONAL_DAY) == 0


def test_beat_runs_the_sweep_and_the_reminders():
    from django.conf import settings

    celery_app.loader.import_default_modules()
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "notifications.tasks.notification_sweep",
        "notifications.tasks.notification_remind_officers",
        "notifications.tasks.notification_remind_collection",
    } <= tasks
    assert tasks <= set(celery_app.tasks)
