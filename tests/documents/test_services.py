"""A department sends a signed document to a commune on the same portal; the
commune registers, assigns and handles it; the sender sees each status."""

import pytest

from accounts.models import Role
from core.exceptions import DomainError, TransitionNotAllowed
from documents.models import (
    Assignment,
    DocumentEvent,
    IncomingDocument,
    IncomingSource,
    OutgoingRecipient,
)
from documents.services import opinion_add
from documents.services.files import file_bytes
from documents.signing import SignatureStatus, pdf_verify
from tests.accounts.factories import StaffFactory
from tests.documents.conftest import act, arrived, draft_outgoing, issue, paper

pytestmark = pytest.mark.django_db


def delivery(document):
    return OutgoingRecipient.objects.get(document=document).status


def test_issue_numbers_signs_and_delivers_into_the_commune_queue(exchange, sample_pdf):
    first = issue(exchange, sample_pdf)
    second = issue(exchange, sample_pdf, notation="QĐ-STP", doc_type="QĐ")
    assert (first.code, second.code) == ("1/STP-HCTP", "2/QĐ-STP")
    signed = first.files.get()
    assert pdf_verify(file_bytes(signed)).signer == "Sở Tư pháp"
    assert signed.signature_status == SignatureStatus.VALID
    incoming = arrived(exchange, first)
    assert incoming.agency == exchange.commune
    assert incoming.status == "arrived" and incoming.arrival_number is None
    assert (incoming.number, incoming.notation) == ("1", "STP-HCTP")
    assert incoming.source == IncomingSource.PORTAL
    assert incoming.files.get().signature_status == SignatureStatus.VALID
    assert delivery(first) == "sent"


def test_commune_registers_assigns_and_completes_and_the_sender_follows(
    exchange, sample_pdf
):
    outgoing = issue(exchange, sample_pdf)
    incoming = act(arrived(exchange, outgoing), "register", exchange.clerk)
    assert incoming.arrival_number == 1
    assert delivery(outgoing) == "received"
    incoming = act(
        incoming,
        "assign",
        exchange.leader,
        assignee=exchange.officer,
        instruction="Chủ trì, tham mưu trả lời trước ngày 15.",
    )
    assert delivery(outgoing) == "processing"
    assignment = Assignment.objects.get(document=incoming)
    assert (assignment.assignee, assignment.role) == (exchange.officer, "lead")
    act(incoming, "start", exchange.officer)
    opinion_add(uuid=incoming.uuid, author=exchange.officer, text="Đã liên hệ.")
    incoming = act(incoming, "complete", exchange.officer)
    assert incoming.completed_at is not None
    assert delivery(outgoing) == "done"
    history = DocumentEvent.objects.filter(outgoing=outgoing, action="delivery_status")
    assert list(history.values_list("data__status", flat=True)) == [
        "acceptance",
        "processing",
        "done",
    ]


def test_document_history_is_append_only(exchange, sample_pdf):
    event = DocumentEvent.objects.filter(outgoing=issue(exchange, sample_pdf)).first()
    event.note = "changed"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    assert DocumentEvent.objects.filter(pk=event.pk, note="").exists()


def test_a_tampered_file_is_flagged_and_cannot_be_registered(exchange, sample_pdf):
    outgoing = issue(exchange, sample_pdf)
    signed = bytearray(file_bytes(outgoing.files.get()))
    signed[len(sample_pdf) // 2] ^= 0x01
    incoming = paper(exchange, bytes(signed))
    assert incoming.files.get().signature_status == SignatureStatus.INVALID
    with pytest.raises(TransitionNotAllowed) as refused:
        act(incoming, "register", exchange.clerk)
    assert refused.value.code == "guard"
    assert IncomingDocument.objects.get(pk=incoming.pk).arrival_number is None


def test_returning_to_the_sender_reports_the_rejection_with_its_reason(
    exchange, sample_pdf
):
    outgoing = issue(exchange, sample_pdf)
    act(arrived(exchange, outgoing), "return", exchange.clerk, note="Gửi nhầm nơi.")
    recipient = OutgoingRecipient.objects.get(document=outgoing)
    assert (recipient.status, recipient.reason) == ("rejected", "Gửi nhầm nơi.")


def test_returning_needs_a_reason(exchange, sample_pdf):
    incoming = paper(exchange, sample_pdf)
    with pytest.raises(TransitionNotAllowed):
        act(incoming, "return", exchange.clerk, note=" ")


def test_only_the_assigned_handler_processes(exchange, sample_pdf):
    incoming = act(paper(exchange, sample_pdf), "register", exchange.clerk)
    incoming = act(incoming, "assign", exchange.leader, assignee=exchange.officer)
    colleague = StaffFactory(agency=exchange.commune, roles=[Role.OFFICER])
    with pytest.raises(TransitionNotAllowed) as refused:
        act(incoming, "start", colleague)
    assert refused.value.code == "role"


def test_a_leader_assigns_only_staff_of_the_receiving_agency(exchange, sample_pdf):
    incoming = act(paper(exchange, sample_pdf), "register", exchange.clerk)
    with pytest.raises(TransitionNotAllowed) as refused:
        act(incoming, "assign", exchange.leader, assignee=exchange.drafter)
    assert refused.value.code == "guard"


def test_clerks_of_another_agency_cannot_register(exchange, sample_pdf):
    incoming = paper(exchange, sample_pdf)
    with pytest.raises(TransitionNotAllowed) as refused:
        act(incoming, "register", exchange.sender_clerk)
    assert refused.value.code == "role"


def test_submitting_needs_a_file_and_a_recipient(exchange, sample_pdf):
    document = draft_outgoing(exchange, sample_pdf)
    document.recipients.all().delete()
    with pytest.raises(TransitionNotAllowed) as refused:
        act(document, "submit", exchange.drafter)
    assert "nơi nhận" in refused.value.message


def test_main_file_must_be_a_pdf(exchange):
    with pytest.raises(DomainError):
        draft_outgoing(exchange, b"PK\x03\x04 not a pdf")
