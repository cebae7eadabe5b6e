"""Sending: once and only once, retries for transient failures, the sweep."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from egov.celery import app as celery_app
from notifications import services, tasks
from notifications.exceptions import GatewayUnavailable
from notifications.models import Channel, Notification, Status
from tests.dossiers.conftest import act, draft
from tests.notifications.conftest import broker_at, send_pending
from tests.notifications.stubs import free_port

pytestmark = pytest.mark.django_db
DOWN = "tests.notifications.stubs.DownSmtpBackend"
REFUSING = "tests.notifications.stubs.RefusingSmtpBackend"


@pytest.fixture
def submitted(quiet_staff):
    return act(draft(quiet_staff), "submit", quiet_staff.citizen)


def row(channel):
    return Notification.objects.get(channel=channel)


def outbox():
    """The rows a task sends (in-app notices are delivered by being written)."""
    return Notification.objects.exclude(channel=Channel.IN_APP)


def test_task_sends_email_and_sms_and_records_them(submitted, mailoutbox, sms_outbox):
    assert send_pending() == 2
    [email] = mailoutbox
    [message] = sms_outbox
    assert email.subject == f"Đã nhận hồ sơ {submitted.code}"
    assert email.alternatives[0].mimetype == "text/html"
    assert message.to == submitted.applicant_phone
    assert submitted.code in message.text
    for notification in outbox():
        assert notification.status == Status.SENT
        assert notification.attempts == 1 and notification.sent_at
        assert notification.provider_message_id
    assert row(Channel.EMAIL).provider_message_id == email.extra_headers["Message-ID"]


def test_task_delivered_twice_sends_once(submitted, mailoutbox, sms_outbox):
    for notification in outbox():
        tasks.notification_send(notification.pk)
        tasks.notification_send(notification.pk)
    assert len(mailoutbox) == 1 and len(sms_outbox) == 1
    assert set(outbox().values_list("attempts", flat=True)) == {1}


def test_only_the_first_claim_wins(submitted):
    pk = row(Channel.SMS).pk
    assert services.notification_claim(notification_id=pk)
    assert not services.notification_claim(notification_id=pk)
    assert row(Channel.SMS).status == Status.SENDING


def test_sweep_racing_a_task_sends_once(submitted, sms_outbox, published):
    pk = row(Channel.SMS).pk
    assert services.notification_claim(notification_id=pk)  # a task has it
    later = timezone.now() + services.SWEEP_GRACE * 2
    services.notification_sweep(now=later)
    assert pk not in published  # sending, not stuck: left alone
    tasks.notification_send(pk)  # a stray copy of the message
    services.notification_deliver(notification_id=pk)  # the claiming task goes on
    assert len(sms_outbox) == 1 and row(Channel.SMS).status == Status.SENT


def test_transient_failure_puts_the_row_back_for_a_retry(submitted, settings):
    settings.EMAIL_BACKEND = DOWN
    pk = row(Channel.EMAIL).pk
    before = timezone.now()
    with pytest.raises(GatewayUnavailable):
        tasks.notification_send(pk)
    email = row(Channel.EMAIL)
    assert (email.status, email.attempts) == (Status.PENDING, 1)
    assert "SMTP unavailable" in email.last_error
    backoff = timedelta(seconds=services.RETRY_BACKOFF_SECONDS)
    assert email.next_attempt_at >= before + backoff


def test_retry_after_the_outage_sends(submitted, settings, mailoutbox):
    settings.EMAIL_BACKEND = DOWN
    pk = row(Channel.EMAIL).pk
    with pytest.raises(GatewayUnavailable):
        tasks.notification_send(pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    tasks.notification_send(pk)
    email = row(Channel.EMAIL)
    assert (email.status, email.attempts, email.last_error) == (Status.SENT, 2, "")
    assert len(mailoutbox) == 1


def test_permanent_failure_is_not_retried(submitted, settings):
    settings.EMAIL_BACKEND = REFUSING
    tasks.notification_send(row(Channel.EMAIL).pk)  # no exception: no retry
    email = row(Channel.EMAIL)
    assert email.status == Status.FAILED
    assert email.last_error == "recipient refused: 550"


def test_bad_phone_number_fails_without_calling_the_gateway(submitted, sms_outbox):
    Notification.objects.filter(channel=Channel.SMS).update(recipient="0123")
    tasks.notification_send(row(Channel.SMS).pk)
    assert row(Channel.SMS).status == Status.FAILED
    assert row(Channel.SMS).last_error == "invalid mobile number"
    assert sms_outbox == []


def test_gives_up_after_the_last_attempt(submitted, settings):
    settings.EMAIL_BACKEND = DOWN
    Notification.objects.filter(channel=Channel.EMAIL).update(
        attempts=services.MAX_ATTEMPTS - 1
    )
    tasks.notification_send(row(Channel.EMAIL).pk)  # no exception: no retry
    email = row(Channel.EMAIL)
    assert (email.status, email.attempts) == (Status.FAILED, services.MAX_ATTEMPTS)
    assert email.last_error.startswith("gave up after 6")


def test_sweep_queues_rows_pending_past_the_grace_period(submitted, published):
    now = timezone.now()
    assert services.notification_sweep(now=now) == 0
    assert published == []
    later = now + services.SWEEP_GRACE + timedelta(seconds=1)
    assert services.notification_sweep(now=later) == 2
    assert sorted(published) == sorted(outbox().values_list("pk", flat=True))
    # Their clock restarts: the next sweep leaves them to the queue.
    assert services.notification_sweep(now=later) == 2 - 2


def test_sweep_reclaims_rows_stuck_in_sending(submitted, published):
    stuck, fresh = outbox().order_by("pk")
    now = timezone.now()
    Notification.objects.filter(pk=stuck.pk).update(
        status=Status.SENDING, claimed_at=now - services.STUCK_AFTER * 2
    )
    Notification.objects.filter(pk=fresh.pk).update(
        status=Status.SENDING, claimed_at=now
    )
    services.notification_sweep(now=now)
    assert published == [stuck.pk]
    assert Notification.objects.get(pk=stuck.pk).status == Status.PENDING
    assert Notification.objects.get(pk=fresh.pk).status == Status.SENDING


def test_sweep_leaves_a_row_waiting_for_its_celery_retry(
    submitted, settings, published
):
    settings.EMAIL_BACKEND = DOWN
    with pytest.raises(GatewayUnavailable):
        tasks.notification_send(row(Channel.EMAIL).pk)
    services.notification_sweep(now=timezone.now() + services.SWEEP_GRACE)
    assert row(Channel.EMAIL).pk not in published


def test_unreachable_broker_does_not_break_the_transition(
    quiet_staff, django_capture_on_commit_callbacks, caplog
):
    world = quiet_staff
    dossier = draft(world)
    closed = f"redis://127.0.0.1:{free_port()}/0"
    with (
        broker_at(closed),
        caplog.at_level(logging.WARNING),
        django_capture_on_commit_callbacks(execute=True),
    ):
        dossier = act(dossier, "submit", world.citizen)
    assert dossier.status == "submitted"
    assert set(outbox().values_list("status", flat=True)) == {"pending"}
    assert "left to the sweep" in caplog.text


def test_admin_retry_requeues_failed_rows_on_commit(
    submitted, settings, django_capture_on_commit_callbacks, published
):
    settings.EMAIL_BACKEND = REFUSING
    email = row(Channel.EMAIL)
    tasks.notification_send(email.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notification_retry(notification_ids=[email.pk]) == 1
    assert published == [email.pk]
    assert (row(Channel.EMAIL).status, row(Channel.EMAIL).attempts) == ("pending", 0)


@pytest.fixture
def eager():
    """The embedded run (`make run`): tasks run in-process at the commit."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def test_embedded_run_sends_at_commit_and_survives_a_down_smtp_server(
    quiet_staff, eager, settings, sms_outbox, django_capture_on_commit_callbacks
):
    world = quiet_staff
    settings.EMAIL_BACKEND = DOWN
    with django_capture_on_commit_callbacks(execute=True):
        dossier = act(draft(world), "submit", world.citizen)
    assert dossier.status == "submitted"
    assert row(Channel.SMS).status == Status.SENT and len(sms_outbox) == 1
    assert row(Channel.EMAIL).status == Status.PENDING


def test_a_web_process_finds_the_send_task_by_its_name():
    """The services queue the task through Celery's registry (no import of tasks):
    a freshly started Django process, which no worker set up, must know it."""
    import subprocess
    import sys

    script = (
        "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'egov.settings')\n"
        "import django; django.setup()\n"
        "from notifications.services import sending\n"
        "print(sending._send_task().name)\n"
    )
    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "notifications.tasks.notification_send"
    assert tasks.notification_send.name == services.sending.SEND_TASK
