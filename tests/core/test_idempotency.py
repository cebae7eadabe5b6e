"""Idempotency-Key: a retried write answers the first answer and never writes twice."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from core.idempotency import idempotency_keys_purge
from core.models import IdempotencyKey
from dossiers.models import Dossier
from tests.concurrency import run_together
from tests.dossiers.factories import pdf

pytestmark = pytest.mark.django_db


def body(world, note=""):
    return {
        "procedure": world.procedure.code,
        "processing_agency": str(world.department.uuid),
        "note": note,
    }


def create(client, world, key, note=""):
    return client.post("/api/v1/dossiers/", body(world, note), HTTP_IDEMPOTENCY_KEY=key)


def test_a_repeated_create_returns_the_first_dossier(api_client, world):
    api_client.force_authenticate(world.citizen)
    first = create(api_client, world, "k-1")
    again = create(api_client, world, "k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Dossier.objects.filter(owner=world.citizen).count() == 1
    other = create(api_client, world, "k-2")
    assert other.json()["id"] != first.json()["id"]
    assert Dossier.objects.filter(owner=world.citizen).count() == 2


def test_the_same_key_with_another_body_is_a_422(api_client, world):
    api_client.force_authenticate(world.citizen)
    create(api_client, world, "k-1", note="một")
    response = create(api_client, world, "k-1", note="hai")
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert Dossier.objects.filter(owner=world.citizen).count() == 1


def test_keys_belong_to_their_user(api_client, world, citizen):
    api_client.force_authenticate(world.citizen)
    create(api_client, world, "k-1")
    api_client.force_authenticate(citizen)
    response = create(api_client, world, "k-1")
    assert response.status_code == 201
    assert Dossier.objects.filter(owner=citizen).count() == 1


def test_an_error_is_not_kept_so_a_corrected_retry_runs(api_client, world):
    api_client.force_authenticate(world.citizen)
    wrong = api_client.post(
        "/api/v1/dossiers/", {"procedure": "x"}, HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert wrong.status_code == 400
    assert create(api_client, world, "k-1").status_code == 201


def test_a_repeated_transition_applies_once(api_client, world):
    api_client.force_authenticate(world.citizen)
    dossier_id = create(api_client, world, "create")
    reference = dossier_id.json()["id"]
    for position in (1, 2):
        upload = api_client.post(
            f"/api/v1/dossiers/{reference}/files/",
            {"file": pdf(), "component": position},
            format="multipart",
            HTTP_IDEMPOTENCY_KEY=f"file-{position}",
        )
        # A retried upload (a new multipart boundary) stores the file once.
        retried = api_client.post(
            f"/api/v1/dossiers/{reference}/files/",
            {"file": pdf(), "component": position},
            format="multipart",
            HTTP_IDEMPOTENCY_KEY=f"file-{position}",
        )
        assert upload.json() == retried.json()
    url = f"/api/v1/dossiers/{reference}/transitions/"
    submitted = api_client.post(url, {"action": "submit"}, HTTP_IDEMPOTENCY_KEY="s")
    again = api_client.post(url, {"action": "submit"}, HTTP_IDEMPOTENCY_KEY="s")
    assert submitted.status_code == again.status_code == 200
    assert again.json()["code"] == submitted.json()["code"]
    dossier = Dossier.objects.get(uuid=reference)
    assert dossier.files.count() == 2
    assert dossier.events.filter(action="submit").count() == 1
    # Without the key, a second submit is the workflow's 409.
    assert api_client.post(url, {"action": "submit"}).status_code == 409


def test_a_bad_key_is_a_400(api_client, world):
    api_client.force_authenticate(world.citizen)
    response = create(api_client, world, "x" * 256)
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"Idempotency-Key"}


def test_keys_expire(api_client, world, settings):
    api_client.force_authenticate(world.citizen)
    create(api_client, world, "k-1")
    later = timezone.now() + timedelta(seconds=settings.IDEMPOTENCY_KEY_TTL + 60)
    with time_machine.travel(later):
        assert create(api_client, world, "k-1").status_code == 201
        assert Dossier.objects.filter(owner=world.citizen).count() == 2
        create(api_client, world, "k-2")
    assert IdempotencyKey.objects.count() == 2
    assert idempotency_keys_purge(now=later) == 0
    assert idempotency_keys_purge(now=later + timedelta(days=2)) == 2


@pytest.mark.django_db(transaction=True)
def test_parallel_retries_file_once(world):
    def send(_index):
        client = APIClient()
        client.force_authenticate(world.citizen)
        return create(client, world, "race").json()["id"]

    outcomes = run_together(4, send)

    assert len(set(outcomes)) == 1, outcomes
    assert Dossier.objects.filter(owner=world.citizen).count() == 1
