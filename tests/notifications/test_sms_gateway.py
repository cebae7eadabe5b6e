"""The HTTP SMS gateway backend against a local stub, and its delivery reports."""

import json

import pytest

from notifications import sms, tasks
from notifications.exceptions import DeliveryRefused, GatewayUnavailable
from notifications.models import Channel, Notification, Status
from tests.dossiers.conftest import act, draft
from tests.notifications.stubs import GatewayStub, free_port

pytestmark = pytest.mark.django_db
SECRET = "webhook-secret"
WEBHOOK = "/hooks/sms/delivery-report/"


@pytest.fixture(scope="module")
def gateway_server():
    stub = GatewayStub().start()
    yield stub
    stub.stop()


@pytest.fixture
def gateway(gateway_server, settings):
    gateway_server.reset()
    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = gateway_server.url
    settings.SMS_GATEWAY_TOKEN = GatewayStub.token
    settings.SMS_SENDER_NAME = "UBND LAMDONG"
    settings.SMS_WEBHOOK_SECRET = SECRET
    return gateway_server


def message(text="Ho so 1 da duoc tiep nhan"):
    return sms.Sms("0912345678", text, "0b5f7d5e-ref")


def test_gateway_gets_json_with_number_sender_text_and_reference(gateway):
    assert sms.get_backend().send(message()) == "gw-1"
    [request] = gateway.requests
    assert request["auth"] == "Bearer gateway-token"
    assert request["idempotency_key"] == "0b5f7d5e-ref"
    assert request["body"] == {
        "to": "84912345678",
        "sender": "UBND LAMDONG",
        "text": "Ho so 1 da duoc tiep nhan",
        "reference": "0b5f7d5e-ref",
    }


@pytest.mark.parametrize("status", [500, 502, 503, 429, 401, 403])
def test_gateway_trouble_is_transient(gateway, status):
    gateway.status = status
    with pytest.raises(GatewayUnavailable):
        sms.get_backend().send(message())


@pytest.mark.parametrize(
    ("status", "answer"),
    [
        (400, {"status": "rejected", "error": "invalid destination"}),
        (422, {"error": "text too long"}),
        (200, {"status": "rejected", "error": "blacklisted"}),
    ],
)
def test_gateway_refusal_is_permanent(gateway, status, answer):
    gateway.status, gateway.answer = status, answer
    with pytest.raises(DeliveryRefused, match=answer["error"]):
        sms.get_backend().send(message())


def test_gateway_down_is_transient(gateway, settings):
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{free_port()}/sms/send"
    with pytest.raises(GatewayUnavailable, match="unreachable"):
        sms.get_backend().send(message())


def test_unknown_backend_path_is_imported(settings):
    settings.SMS_BACKEND = "notifications.sms.ConsoleBackend"
    assert isinstance(sms.get_backend(), sms.ConsoleBackend)


def test_file_backend_writes_one_file_per_message(settings, tmp_path):
    settings.SMS_BACKEND, settings.SMS_OUTBOX_DIR = "file", tmp_path
    backend = sms.get_backend()
    backend.send(message())
    backend.send(message())  # the same notification again overwrites
    [path] = tmp_path.iterdir()
    assert "Ho so 1 da duoc tiep nhan" in path.read_text()


@pytest.fixture
def sent_sms(gateway, world):
    act(draft(world), "submit", world.citizen)
    notification = Notification.objects.get(channel=Channel.SMS)
    tasks.notification_send(notification.pk)
    notification.refresh_from_db()
    assert (notification.status, notification.provider_message_id) == ("sent", "gw-1")
    return notification


def report(client, body, secret=SECRET):
    return client.post(
        WEBHOOK,
        data=json.dumps(body) if isinstance(body, dict) else body,
        content_type="application/json",
        headers={"X-Webhook-Secret": secret},
    )


def test_delivery_report_marks_the_sms_delivered(client, sent_sms):
    response = report(client, {"message_id": "gw-1", "status": "DELIVRD"})
    assert response.status_code == 200
    sent_sms.refresh_from_db()
    assert sent_sms.status == Status.DELIVERED and sent_sms.delivered_at
    # A repeated report changes nothing.
    assert report(client, {"message_id": "gw-1", "status": "failed"}).status_code == 200
    sent_sms.refresh_from_db()
    assert sent_sms.status == Status.DELIVERED


def test_undelivered_report_fails_the_sms(client, sent_sms):
    body = {"message_id": "gw-1", "status": "undelivered", "error": "phone off"}
    assert report(client, body).status_code == 200
    sent_sms.refresh_from_db()
    assert (sent_sms.status, sent_sms.last_error) == ("failed", "provider: phone off")


def test_intermediate_report_is_ignored(client, sent_sms):
    response = report(client, {"message_id": "gw-1", "status": "queued"})
    assert response.json() == {"result": "ignored"}
    sent_sms.refresh_from_db()
    assert sent_sms.status == Status.SENT


def test_report_with_a_wrong_secret_is_refused(client, sent_sms):
    response = report(client, {"message_id": "gw-1", "status": "delivered"}, "guess")
    assert response.status_code == 403
    sent_sms.refresh_from_db()
    assert sent_sms.status == Status.SENT


def test_reports_are_refused_while_no_secret_is_configured(client, sent_sms, settings):
    settings.SMS_WEBHOOK_SECRET = ""
    response = report(client, {"message_id": "gw-1", "status": "delivered"}, "")
    assert response.status_code == 403


def test_report_for_an_unknown_message_is_404(client, gateway):
    response = report(client, {"message_id": "gw-999", "status": "delivered"})
    assert response.status_code == 404


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '{"status": "delivered"}'])
def test_malformed_report_is_400(client, gateway, body):
    assert report(client, body).status_code == 400


def test_webhook_only_takes_post(client, gateway):
    assert client.get(WEBHOOK).status_code == 405
