"""End to end: a real Redis broker, a real Celery worker process, a real SMTP server
(aiosmtpd) and a local HTTP SMS gateway. A status change reaches the citizen by
e-mail and SMS; a broker outage loses and doubles nothing."""

import shutil
import time

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from dossiers.models import Dossier
from notifications import services
from notifications.models import Channel, Notification, Status
from tests.dossiers.conftest import act, draft
from tests.notifications.conftest import broker_at
from tests.notifications.stubs import GatewayStub, RedisServer, SmtpStub, free_port
from tests.notifications.worker import Worker, database_url

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
# A bound on waiting, not a speed target: 200 messages by one worker process took
# over 30 s once with a load average above 10.
WAIT_SECONDS = 120


@pytest.fixture(scope="module")
def gateway():
    stub = GatewayStub().start()
    yield stub
    stub.stop()


@pytest.fixture(scope="module")
def smtp():
    stub = SmtpStub().start()
    yield stub
    stub.stop()


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, gateway, smtp, tmp_path_factory):
    if not settings.REDIS_URL:
        pytest.skip("The pipeline needs Redis: set REDIS_URL.")
    process = Worker(
        database=database_url(connection.settings_dict),
        gateway_url=gateway.url,
        email_url=smtp.url,
        log=tmp_path_factory.mktemp("worker") / "worker.log",
    ).start()
    yield process
    process.stop()


@pytest.fixture
def pipeline(worker, gateway, smtp, quiet_staff):
    gateway.reset()
    smtp.reset()
    return worker


def wait_until_sent(count):
    """Wait until `count` e-mails and SMS are sent (the worker's own pace)."""
    deadline = time.monotonic() + WAIT_SECONDS
    rows = Notification.objects.exclude(channel=Channel.IN_APP)
    while time.monotonic() < deadline:
        if rows.filter(status=Status.SENT).count() >= count:
            return
        time.sleep(0.1)
    states = list(rows.values_list("channel", "status", "attempts", "last_error"))
    pytest.fail(f"Not sent within {WAIT_SECONDS} s: {states}")


def references(channel):
    return sorted(
        str(uuid)
        for uuid in Notification.objects.filter(channel=channel).values_list(
            "uuid", flat=True
        )
    )


def test_status_change_reaches_the_citizen_by_email_and_sms(
    world, pipeline, gateway, smtp
):
    dossier = act(draft(world), "submit", world.citizen)
    dossier = act(dossier, "receive", world.clerk)
    wait_until_sent(4)
    assert sorted(gateway.references()) == references(Channel.SMS)
    assert sorted(smtp.references()) == references(Channel.EMAIL)
    texts = [request["body"]["text"] for request in gateway.requests]
    assert any(
        text.startswith(f"Ho so {dossier.code} da duoc tiep nhan") for text in texts
    )
    received = next(
        item["message"]
        for item in smtp.messages
        # Django folds a long encoded subject onto a continuation line.
        if item["message"]["Subject"].strip()
        == f"Hồ sơ {dossier.code} đã được tiếp nhận"
    )
    assert received["To"] == world.citizen.email
    assert {part.get_content_type() for part in received.iter_parts()} == {
        "text/plain",
        "text/html",
    }
    sms_row = Notification.objects.get(kind="receive", channel=Channel.SMS)
    assert sms_row.provider_message_id.startswith("gw-")


def test_gateway_hiccup_is_retried_by_celery_and_sent_once(world, pipeline, gateway):
    gateway.fail_next = 1  # a 503, then the gateway is back
    act(draft(world), "submit", world.citizen)
    wait_until_sent(2)
    sms_row = Notification.objects.get(channel=Channel.SMS)
    assert sms_row.attempts == 2 and sms_row.last_error == ""
    # Two requests for the SMS: one refused with 503, one accepted.
    assert gateway.references() == [str(sms_row.uuid)] * 2


def test_broker_outage_loses_and_doubles_nothing(world, pipeline, gateway, smtp):
    with broker_at(f"redis://127.0.0.1:{free_port()}/0"):  # Redis is down
        for _ in range(3):
            act(draft(world), "submit", world.citizen)
    outbox = Notification.objects.exclude(channel=Channel.IN_APP)
    assert set(outbox.values_list("status", flat=True)) == {"pending"}
    time.sleep(1)
    assert gateway.requests == [] and smtp.messages == []
    # Redis is back: beat's sweep finds the rows pending past the grace period.
    later = timezone.now() + services.SWEEP_GRACE
    assert services.notification_sweep(now=later) == 6
    # A duplicate of every message (a redelivery, a second sweep) changes nothing.
    services.queue_sending(list(outbox.values_list("pk", flat=True)))
    wait_until_sent(6)
    time.sleep(1)  # let the duplicates be consumed
    assert sorted(gateway.references()) == references(Channel.SMS)
    assert sorted(smtp.references()) == references(Channel.EMAIL)
    assert len(gateway.requests) == 3 and len(smtp.messages) == 3


@pytest.fixture
def own_redis(django_db_setup, gateway, smtp, tmp_path):
    """A private Redis with its own worker: this test kills it."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed here.")
    gateway.reset()
    smtp.reset()
    redis = RedisServer().start()
    process = Worker(
        database=database_url(connection.settings_dict),
        gateway_url=gateway.url,
        email_url=smtp.url,
        log=tmp_path / "worker.log",
        redis_url=redis.url,
    ).start()
    yield redis
    process.stop()
    redis.kill()


def test_redis_killed_and_restarted_loses_and_doubles_nothing(
    quiet_staff, own_redis, gateway, smtp
):
    with broker_at(own_redis.url):
        act(draft(quiet_staff), "submit", quiet_staff.citizen)
        wait_until_sent(2)
        own_redis.kill()
        for _ in range(2):
            act(draft(quiet_staff), "submit", quiet_staff.citizen)
        own_redis.start()  # empty: nothing survived in memory
        later = timezone.now() + services.SWEEP_GRACE
        assert services.notification_sweep(now=later) == 4
        wait_until_sent(6)
    time.sleep(1)
    assert sorted(gateway.references()) == references(Channel.SMS)
    assert sorted(smtp.references()) == references(Channel.EMAIL)


@pytest.fixture
def cache_on_own_redis(own_redis, settings):
    """The portal's cache on the private Redis too: its outage takes both."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FallbackRedisCache",
            "LOCATION": own_redis.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    return own_redis


def test_redis_down_during_100_transitions_only_delays_the_messages(
    quiet_staff, cache_on_own_redis, gateway, smtp, client
):
    world, own_redis = quiet_staff, cache_on_own_redis
    drafts = [draft(world) for _ in range(50)]
    with broker_at(own_redis.url):
        own_redis.kill()
        for dossier in drafts:  # receive reads the calendar for the appointment
            act(dossier, "submit", world.citizen)
            act(dossier, "receive", world.clerk)
        client.force_login(world.clerk)
        assert client.get(f"/ho-so/{drafts[0].reference}/").status_code == 200
        own_redis.start()  # empty: nothing survived in memory
        later = timezone.now() + services.SWEEP_GRACE
        assert services.notification_sweep(now=later) == 200  # 2 per transition
        wait_until_sent(200)
    assert Dossier.objects.filter(status="received").count() == 50
    time.sleep(1)
    assert sorted(gateway.references()) == references(Channel.SMS)
    assert sorted(smtp.references()) == references(Channel.EMAIL)
    assert len(gateway.requests) == 100 and len(smtp.messages) == 100
