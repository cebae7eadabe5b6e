import json
from types import SimpleNamespace

import pytest
from django.test import Client

from national import client, stub
from tests.dossiers.conftest import world  # noqa: F401 (the dossiers' test world)

STUB_URL = "http://national.test/national-stub/api/"


def _through_django(url, json=None, headers=None, timeout=None):
    """requests.post answered by the stub's Django views in this process."""
    if not url.startswith(STUB_URL):
        raise AssertionError(url)
    answer = Client().post(
        "/national-stub/api/" + url.removeprefix(STUB_URL),
        data=_dumps(json),
        content_type="application/json",
        headers=headers or {},
    )
    return SimpleNamespace(
        status_code=answer.status_code,
        reason=answer.reason_phrase,
        json=lambda: _loads(answer.content),
    )


def _dumps(value):
    return json.dumps(value)


def _loads(content):
    return json.loads(content)


@pytest.fixture
def portal(settings, monkeypatch):
    """The stub national portal, reached in-process; starts up."""
    settings.NATIONAL_PORTAL_URL = STUB_URL
    settings.NATIONAL_PORTAL_CLIENT_ID = "stub-client"
    settings.NATIONAL_PORTAL_CLIENT_SECRET = "stub-secret"
    monkeypatch.setattr(client.requests, "post", _through_django)
    stub.set_mode("up")
    return stub


@pytest.fixture
def published(monkeypatch):
    """Ids handed to the broker by the outbox (the broker edge)."""
    from core import broker

    ids = []

    def publish(task, *args, during_pause=False):
        if task.name == "national.tasks.national_sync_send":
            ids.append(args[0])
        return True

    monkeypatch.setattr(broker, "publish", publish)
    return ids
