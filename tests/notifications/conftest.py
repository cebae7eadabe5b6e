from contextlib import contextmanager

import pytest

from egov.celery import app as celery_app
from notifications import tasks
from notifications.models import Notification, Status
from notifications.sms import MemoryBackend
from tests.dossiers.conftest import world  # noqa: F401 (the dossiers' test world)


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    """SMS go to a list; tests that need the HTTP gateway say so themselves."""
    settings.SMS_BACKEND = "memory"
    MemoryBackend.outbox.clear()
    yield MemoryBackend.outbox
    MemoryBackend.outbox.clear()


@pytest.fixture
def quiet_staff(world):  # noqa: F811 (the dossiers' test world)
    """The world's staff without e-mail or phone: their notices of work to do stay
    in-app, so the outbox holds only the applicant's messages."""
    for user in (world.clerk, world.officer, world.leader):
        type(user).objects.filter(pk=user.pk).update(email="", phone="")
        user.email = user.phone = ""
    return world


def send_pending() -> int:
    """Run the send task's body for every pending row, as a worker would."""
    ids = list(
        Notification.objects.filter(status=Status.PENDING).values_list("pk", flat=True)
    )
    for pk in ids:
        tasks.notification_send(pk)
    return len(ids)


@contextmanager
def broker_at(url: str):
    """Publish to another broker for a while (a closed port: Redis is down)."""
    previous = celery_app.conf.broker_url
    _use_broker(url)
    try:
        yield
    finally:
        _use_broker(previous)


def _use_broker(url: str) -> None:
    celery_app.conf.broker_url = url
    celery_app._after_fork()  # drops the pooled connections to the old broker


@pytest.fixture
def published(monkeypatch):
    """Ids handed to the broker by `notification_send.delay` (the broker edge)."""
    ids = []
    monkeypatch.setattr(tasks.notification_send, "delay", ids.append)
    return ids
