"""Exchange with peer portals: edXML packages and status messages over an HTTP
endpoint authenticated by HMAC; replays and tampering are refused."""

import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from documents import edxml
from documents.models import (
    ExchangeMessage,
    ExchangePeer,
    IncomingDocument,
    IncomingSource,
    OutgoingRecipient,
)
from documents.services import Attachment, outgoing_apply_action, outgoing_create
from documents.services.exchange import signature_of
from documents.tasks import exchange_deliver
from tests.documents.conftest import act, metadata

pytestmark = pytest.mark.django_db
URL = "/api/v1/documents/exchange/"
KEY = "khoa-bi-mat-dung-chung-giua-hai-cong"


@pytest.fixture
def peer(db):
    return ExchangePeer.objects.create(
        code="binhduong",
        name="Cổng tỉnh Bình Dương",
        endpoint_url="http://127.0.0.1:9/api/v1/documents/exchange/",
        key=KEY,
    )


def package_for(exchange, data, **overrides):
    values = {
        "message_id": str(uuid.uuid4()),
        "message_type": "edoc",
        "document_id": uuid.uuid4().hex,
        "sender": edxml.Organ("000.00.04.H56", "Sở Tư pháp tỉnh Bình Dương"),
        "recipients": [edxml.Organ(exchange.commune.identifier, exchange.commune.name)],
        "doc_type": "CV",
        "subject": "Về việc phối hợp xác minh hộ tịch",
        "number": "321",
        "notation": "STP-HT",
        "urgency": "urgent",
        "files": [edxml.File("cv.pdf", "application/pdf", data)],
    }
    values.update(overrides)
    return edxml.package_build(edxml.Package(**values))


def post(client, body, *, key=KEY, timestamp=None, code="binhduong"):
    timestamp = str(int(timestamp or time.time()))
    return client.post(
        URL,
        body,
        content_type="application/xml",
        HTTP_X_EDXML_PEER=code,
        HTTP_X_EDXML_TIMESTAMP=timestamp,
        HTTP_X_EDXML_SIGNATURE=signature_of(key, timestamp, body),
    )


def test_a_package_arrives_in_the_commune_queue_and_is_acknowledged(
    client, exchange, peer, sample_pdf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        answer = post(client, package_for(exchange, sample_pdf))
    assert answer.status_code == 202, answer.content
    document = IncomingDocument.objects.get()
    assert (document.agency, document.source) == (
        exchange.commune,
        IncomingSource.EXCHANGE,
    )
    assert (document.number, document.notation, document.urgency) == (
        "321",
        "STP-HT",
        "urgent",
    )
    assert document.sender_name == "Sở Tư pháp tỉnh Bình Dương"
    assert document.files.get().signature_status == "unsigned"
    ack = ExchangeMessage.objects.get(direction="out")
    assert ack.kind == "status" and len(queued) == 1
    status = edxml.parse(ack.payload.encode())
    assert (status.axis_value, status.addressee_id) == ("inbox", "000.00.04.H56")
    act(document, "register", exchange.clerk)
    values = [
        edxml.parse(m.payload.encode()).axis_value
        for m in ExchangeMessage.objects.filter(direction="out")
    ]
    assert values == ["inbox", "acceptance"]


def test_a_replayed_package_is_refused(client, exchange, peer, sample_pdf):
    body = package_for(exchange, sample_pdf)
    assert post(client, body).status_code == 202
    again = post(client, body)
    assert again.status_code == 409
    assert again.json()["code"] == "replay"
    assert IncomingDocument.objects.count() == 1


def test_a_wrong_key_a_changed_body_or_an_old_timestamp_is_refused(
    client, exchange, peer, sample_pdf
):
    body = package_for(exchange, sample_pdf)
    assert post(client, body, key="khoa-khac").status_code == 401
    assert post(client, body, timestamp=time.time() - 3600).status_code == 401
    assert post(client, body, code="khong-co").status_code == 401
    stamp = str(int(time.time()))
    changed = client.post(
        URL,
        body.replace(b"321", b"999"),
        content_type="application/xml",
        HTTP_X_EDXML_PEER="binhduong",
        HTTP_X_EDXML_TIMESTAMP=stamp,
        HTTP_X_EDXML_SIGNATURE=signature_of(KEY, stamp, body),
    )
    assert changed.status_code == 401
    assert not IncomingDocument.objects.exists()


def test_an_attachment_that_does_not_match_its_digest_is_refused(
    client, exchange, peer, sample_pdf
):
    body = package_for(exchange, sample_pdf)
    original = edxml.base64.b64encode(sample_pdf)
    forged = edxml.base64.b64encode(sample_pdf + b"% added after the digest\n")
    answer = post(client, body.replace(original, forged))
    assert answer.status_code == 400
    assert answer.json()["code"] == "package"


def test_garbage_and_unknown_recipients_are_400(client, exchange, peer, sample_pdf):
    assert post(client, b"<not-xml").status_code == 400
    stranger = [edxml.Organ("000.99.99.H99", "Không có")]
    assert (
        post(client, package_for(exchange, sample_pdf, recipients=stranger)).status_code
        == 400
    )


class PeerStub:
    """A peer portal answering with `status`; keeps each request's body."""

    def __init__(self):
        self.status = 202
        self.bodies = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                stub.bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
                self.send_response(stub.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/"


@pytest.fixture
def stub():
    server = PeerStub()
    yield server
    server.server.shutdown()
    server.server.server_close()


def issue_to_peer(exchange, peer, data, **overrides):
    document = outgoing_create(
        drafter=exchange.drafter,
        metadata=metadata(**overrides),
        recipients=[],
        external=[(peer, "000.00.04.H56", "Sở Tư pháp tỉnh Bình Dương")],
        attachments=[Attachment("cv.pdf", data, "application/pdf")],
    )
    for action, actor in [
        ("submit", exchange.drafter),
        ("approve", exchange.sender_leader),
        ("issue", exchange.sender_clerk),
    ]:
        document = outgoing_apply_action(uuid=document.uuid, action=action, actor=actor)
    return document


def test_issuing_to_a_peer_queues_a_package_that_the_task_delivers_once(
    exchange, peer, stub, sample_pdf, django_capture_on_commit_callbacks
):
    peer.endpoint_url = stub.url
    peer.save()
    with django_capture_on_commit_callbacks() as queued:
        document = issue_to_peer(exchange, peer, sample_pdf)
    assert len(queued) == 1
    message = ExchangeMessage.objects.get(direction="out")
    exchange_deliver(message.pk)
    exchange_deliver(message.pk)  # already done: nothing sent again
    assert len(stub.bodies) == 1
    package = edxml.parse(stub.bodies[0])
    assert package.subject == document.summary
    assert package.number == "1" and package.notation == "STP-HCTP"
    assert ExchangeMessage.objects.get(pk=message.pk).state == "done"


def test_a_peer_down_leaves_the_message_pending_for_a_retry(
    exchange, peer, stub, sample_pdf
):
    peer.endpoint_url = stub.url
    peer.save()
    stub.status = 503
    issue_to_peer(exchange, peer, sample_pdf)
    message = ExchangeMessage.objects.get(direction="out")
    with pytest.raises(Exception, match="503"):
        exchange_deliver(message.pk)
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("pending", 1)
    stub.status = 202
    exchange_deliver(message.pk)
    assert ExchangeMessage.objects.get(pk=message.pk).state == "done"


def test_a_refusing_peer_marks_the_recipient_failed(exchange, peer, stub, sample_pdf):
    peer.endpoint_url = stub.url
    peer.save()
    stub.status = 400
    document = issue_to_peer(exchange, peer, sample_pdf)
    exchange_deliver(ExchangeMessage.objects.get(direction="out").pk)
    assert OutgoingRecipient.objects.get(document=document).status == "failed"


def test_status_messages_from_the_peer_update_the_recipient(
    client, exchange, peer, sample_pdf
):
    document = issue_to_peer(exchange, peer, sample_pdf)
    for value in ["inbox", "acceptance"]:
        body = edxml.status_build(
            edxml.Status(
                message_id=str(uuid.uuid4()),
                document_id=document.uuid.hex,
                sender=edxml.Organ("000.00.04.H56", "Sở Tư pháp tỉnh Bình Dương"),
                addressee_id=exchange.department.identifier,
                axis_value=value,
                description="",
                at="2026-12-02T09:00:00+07:00",
            )
        )
        assert post(client, body).status_code == 202
    assert OutgoingRecipient.objects.get(document=document).status == "received"


def test_secret_documents_are_never_sent_to_a_peer(exchange, peer, sample_pdf):
    with pytest.raises(Exception, match="mật"), transaction.atomic():
        issue_to_peer(exchange, peer, sample_pdf, confidentiality="secret")
    assert not ExchangeMessage.objects.exists()
