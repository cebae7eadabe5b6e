"""The issuer's replacement, revocation and update of a document it sent: on this
portal straight onto the recipient's copy, from a peer portal as edXML messages."""

import uuid
from datetime import date

import pytest

from core.exceptions import TransitionNotAllowed
from documents import edxml
from documents.models import ExchangeMessage, IncomingDocument
from documents.services import Attachment, outgoing_apply_action
from tests.documents.conftest import act, arrived, issue
from tests.documents.test_exchange import package_for, post
from tests.documents.test_exchange import peer as peer  # the exchange's fixture

pytestmark = pytest.mark.django_db


def corrected_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<h1>Quyết định</h1><p>Bản đính chính.</p>").write_pdf()


def test_a_replacement_gives_the_recipient_a_new_version_with_history(
    exchange, sample_pdf
):
    sent = issue(exchange, sample_pdf)
    copy = arrived(exchange, sent)
    act(copy, "register", exchange.clerk)
    corrected = corrected_pdf()
    outgoing_apply_action(
        uuid=sent.uuid,
        action="replace",
        actor=exchange.sender_leader,
        note="Sai ngày hiệu lực",
        attachments=[Attachment("cong-van-moi.pdf", corrected, "application/pdf")],
    )
    copy.refresh_from_db()
    assert (copy.version, copy.status, copy.arrival_number) == (2, "registered", 1)
    files = {f.original_name: f for f in copy.files.all()}
    assert files["cong-van.pdf"].superseded_at is not None  # kept for the record
    current = files["cong-van-moi.pdf"]
    assert current.superseded_at is None
    assert current.signature_status == "valid"  # signed on replace, checked here
    event = copy.events.last()
    assert (event.action, event.note, event.data["version"]) == (
        "replace",
        "Sai ngày hiệu lực",
        2,
    )
    sent.refresh_from_db()
    assert sent.version == 2
    assert sent.events.last().action == "replace"


def test_a_replacement_needs_the_new_file(exchange, sample_pdf):
    sent = issue(exchange, sample_pdf)
    with pytest.raises(TransitionNotAllowed) as error:
        outgoing_apply_action(
            uuid=sent.uuid, action="replace", actor=exchange.sender_leader, note="x"
        )
    assert "PDF" in error.value.message


def test_a_revoked_document_is_kept_but_no_longer_processed(exchange, sample_pdf):
    sent = issue(exchange, sample_pdf)
    copy = arrived(exchange, sent)
    act(copy, "register", exchange.clerk)
    with pytest.raises(TransitionNotAllowed):  # a reason is required
        outgoing_apply_action(
            uuid=sent.uuid, action="revoke", actor=exchange.sender_leader
        )
    outgoing_apply_action(
        uuid=sent.uuid,
        action="revoke",
        actor=exchange.sender_leader,
        note="Ban hành nhầm đối tượng",
    )
    copy.refresh_from_db()
    assert copy.revoked_at is not None
    assert copy.revoked_reason == "Ban hành nhầm đối tượng"
    assert copy.events.last().action == "revoke"
    with pytest.raises(TransitionNotAllowed) as error:
        act(copy, "assign", exchange.leader, assignee=exchange.officer)
    assert error.value.code == "revoked"
    # Frozen at the sender too: nothing more can be revised.
    with pytest.raises(TransitionNotAllowed):
        outgoing_apply_action(
            uuid=sent.uuid, action="revoke", actor=exchange.sender_leader, note="x"
        )


def test_an_update_moves_the_deadline_and_says_what_changed(exchange, sample_pdf):
    sent = issue(exchange, sample_pdf, due_on=date(2026, 12, 15))
    copy = arrived(exchange, sent)
    outgoing_apply_action(
        uuid=sent.uuid,
        action="amend",
        actor=exchange.sender_leader,
        due_on=date(2026, 12, 22),
        note="Gia hạn báo cáo",
    )
    copy.refresh_from_db()
    assert copy.due_on == date(2026, 12, 22)
    event = copy.events.last()
    assert (event.action, event.data["changes"]) == (
        "update",
        {"due_on": ["2026-12-15", "2026-12-22"]},
    )


def test_revisions_from_a_peer_reach_the_document_it_sent(
    client,
    exchange,
    peer,  # noqa: F811 (the fixture imported above)
    sample_pdf,
):
    document_id = uuid.uuid4().hex
    assert post(client, package_for(exchange, sample_pdf, document_id=document_id))
    copy = IncomingDocument.objects.get()
    update = package_for(
        exchange,
        sample_pdf,
        document_id=document_id,
        message_type="update",
        subject="Về việc phối hợp xác minh hộ tịch (bổ sung)",
        files=[],
        description="Sửa trích yếu",
    )
    assert post(client, update).status_code == 202
    copy.refresh_from_db()
    assert copy.summary == "Về việc phối hợp xác minh hộ tịch (bổ sung)"
    assert copy.events.last().data["changes"]["summary"][0] == (
        "Về việc phối hợp xác minh hộ tịch"
    )
    corrected = corrected_pdf()
    replacement = package_for(
        exchange,
        corrected,
        document_id=document_id,
        message_type="replacement",
        description="Thay tệp",
    )
    assert post(client, replacement).status_code == 202
    copy.refresh_from_db()
    assert copy.version == 2
    assert copy.files.filter(superseded_at__isnull=True).count() == 1
    revocation = package_for(
        exchange,
        sample_pdf,
        document_id=document_id,
        message_type="revocation",
        files=[],
        description="Thu hồi",
    )
    assert post(client, revocation).status_code == 202
    copy.refresh_from_db()
    assert (copy.revoked_reason, copy.revoked_at is not None) == ("Thu hồi", True)
    # A revision of a document never received, or of a revoked one, is refused.
    unknown = package_for(
        exchange, sample_pdf, message_type="revocation", files=[], description="x"
    )
    assert post(client, unknown).status_code == 400
    again = package_for(
        exchange,
        sample_pdf,
        document_id=document_id,
        message_type="update",
        files=[],
    )
    assert post(client, again).status_code == 400
    assert ExchangeMessage.objects.filter(direction="in").count() == 4


def test_a_revision_to_a_peer_recipient_is_queued_as_its_message_type(
    exchange,
    peer,  # noqa: F811 (the fixture imported above)
    sample_pdf,
):
    from tests.documents.test_exchange import issue_to_peer

    sent = issue_to_peer(exchange, peer, sample_pdf)
    outgoing_apply_action(
        uuid=sent.uuid, action="revoke", actor=exchange.sender_leader, note="Nhầm"
    )
    payloads = [
        edxml.parse(m.payload.encode())
        for m in ExchangeMessage.objects.filter(direction="out", kind="edoc")
    ]
    assert [(p.message_type, p.description, len(p.files)) for p in payloads] == [
        ("edoc", "", 1),
        ("revocation", "Nhầm", 0),
    ]
