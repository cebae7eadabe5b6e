"""End to end: a real Redis broker, a real Celery worker process and the stub national
portal served over HTTP by the live server. The portal goes down in the middle of a
dossier's life and comes back; every event arrives once, in order."""

import time

import pytest
from django.conf import settings
from django.db import connection

from national import stub
from national.models import NationalSync, StubRequest, SyncStatus
from tests.dossiers.conftest import act, advance, draft
from tests.national.helpers import received_statuses
from tests.notifications.worker import Worker, database_url

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
WAIT_SECONDS = 60


@pytest.fixture
def worker(live_server, tmp_path):
    if not settings.REDIS_URL:
        pytest.skip("The pipeline needs Redis: set REDIS_URL.")
    process = Worker(
        database=database_url(connection.settings_dict),
        gateway_url="http://127.0.0.1:9/sms",  # not used: only the sync queue
        email_url="consolemail://",  # not used either
        log=tmp_path / "worker.log",
    )
    process.env |= {
        "NATIONAL_PORTAL_URL": f"{live_server.url}/national-stub/api/",
        "NATIONAL_RETRY_BACKOFF_SECONDS": "1",
        "NATIONAL_RETRY_BACKOFF_MAX_SECONDS": "2",
    }
    process.command = [
        "--queues=sync" if part.startswith("--queues=") else part
        for part in process.command
    ]
    stub.set_mode("up")
    process.start()
    yield process
    process.stop()


def wait_until(condition, what):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    rows = list(
        NationalSync.objects.values_list("sequence", "status", "attempts", "last_error")
    )
    pytest.fail(f"Not {what} within {WAIT_SECONDS} s: {rows}")


def all_synced():
    return not NationalSync.objects.exclude(status=SyncStatus.SYNCED).exists()


def test_events_survive_the_portal_going_down_and_arrive_once_in_order(world, worker):
    first = act(draft(world), "submit", world.citizen)
    wait_until(all_synced, "synced")

    stub.set_mode("down")
    first = act(first, "receive", world.clerk)
    first = act(first, "assign", world.leader, assignee=world.officer)
    second = act(draft(world), "submit", world.citizen)
    wait_until(
        lambda: NationalSync.objects.filter(
            status=SyncStatus.PENDING, attempts__gte=2
        ).count()
        == 2,  # the head of each dossier's queue, retried with backoff
        "retried",
    )
    assert NationalSync.objects.filter(status=SyncStatus.SYNCED).count() == 1

    stub.set_mode("up")
    wait_until(all_synced, "synced after the portal came back")
    # submit 1, receive 2, assign 4
    assert received_statuses(first.code) == [(1, 1), (2, 2), (3, 4)]
    assert received_statuses(second.code) == [(1, 1)]
    assert StubRequest.objects.filter(operation="create").count() == 2


def test_lost_answers_are_retried_and_applied_once(world, worker):
    stub.set_mode("lose")
    dossier = advance(world, draft(world), "processing")
    # Each retry gets the stored answer of the steps already applied and applies
    # one more: the portal ends with every step once, though no answer arrived.
    wait_until(
        lambda: StubRequest.objects.filter(
            operation="status", dossier_code=dossier.code
        ).count()
        == 3,
        "applied",
    )
    stub.set_mode("up")
    wait_until(all_synced, "synced")
    # submit 1, receive 2, assign 4
    assert received_statuses(dossier.code) == [(1, 1), (2, 2), (3, 4)]
    operations = list(
        StubRequest.objects.filter(dossier_code=dossier.code).values_list(
            "operation", flat=True
        )
    )
    assert operations.count("create") == 1
    assert operations.count("progress") == 3
    assert max(NationalSync.objects.values_list("attempts", flat=True)) > 1
