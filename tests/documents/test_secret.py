"""Secret documents: their own register and numbering, and need-to-know readers."""

import pytest

from documents.models import Register
from documents.services import Attachment, Sender, incoming_arrive
from tests.accounts.factories import StaffFactory
from tests.documents.conftest import act, arrived, issue, metadata
from tests.documents.test_duplicates import other_pdf

pytestmark = pytest.mark.django_db


def entered(ex, number, **overrides):
    """A paper document of its own (its own number and file: no duplicate)."""
    return incoming_arrive(
        agency=ex.commune,
        sender=Sender(name="Công an tỉnh Lâm Đồng"),
        metadata=metadata(number=number, **overrides),
        attachments=[Attachment("scan.pdf", other_pdf(number), "application/pdf")],
        actor=ex.clerk,
    )


def test_secret_documents_take_numbers_from_their_own_register(exchange, sample_pdf):
    first = issue(exchange, sample_pdf)
    secret = issue(exchange, sample_pdf, confidentiality="secret")
    second = issue(exchange, sample_pdf)
    top = issue(exchange, sample_pdf, confidentiality="top_secret")
    # Ordinary documents run 1, 2; secret ones 1, 2 in the secret register.
    assert [(d.number, d.register.secret) for d in (first, second)] == [
        (1, False),
        (2, False),
    ]
    assert [(d.number, d.register.secret) for d in (secret, top)] == [
        (1, True),
        (2, True),
    ]
    assert secret.register != first.register
    assert Register.objects.filter(agency=exchange.department).count() == 2


def test_a_secret_incoming_document_gets_its_own_arrival_number(exchange, sample_pdf):
    ordinary = act(entered(exchange, "45"), "register", exchange.clerk)
    secret = act(
        entered(exchange, "46", confidentiality="secret"), "register", exchange.clerk
    )
    assert (ordinary.arrival_number, ordinary.register.secret) == (1, False)
    assert (secret.arrival_number, secret.register.secret) == (1, True)


def test_only_leaders_clerks_and_the_people_on_it_read_a_secret_document(
    exchange, sample_pdf, client
):
    secret = act(
        entered(exchange, "45", confidentiality="secret"), "register", exchange.clerk
    )
    ordinary = act(entered(exchange, "99"), "register", exchange.clerk)
    bystander = StaffFactory(agency=exchange.commune, roles=["officer"])
    for user, sees in (
        (exchange.clerk, True),
        (exchange.leader, True),
        (exchange.officer, False),
        (bystander, False),
    ):
        client.force_login(user)
        answer = client.get(f"/api/v1/documents/incoming/{secret.uuid}/")
        assert answer.status_code == (200 if sees else 404), user
        listed = client.get("/api/v1/documents/incoming/").json()["results"]
        assert (str(secret.uuid) in [r["id"] for r in listed]) is sees
        assert str(ordinary.uuid) in [r["id"] for r in listed]
    file_id = secret.files.get().uuid
    client.force_login(bystander)
    assert client.get(f"/api/v1/documents/files/{file_id}/").status_code == 404
    # Assigned to the officer: now they need to know.
    act(secret, "assign", exchange.leader, assignee=exchange.officer)
    client.force_login(exchange.officer)
    assert client.get(f"/api/v1/documents/incoming/{secret.uuid}/").status_code == 200
    assert client.get(f"/api/v1/documents/files/{file_id}/").status_code == 200
    client.force_login(bystander)
    assert client.get(f"/api/v1/documents/incoming/{secret.uuid}/").status_code == 404


def test_a_secret_document_reaches_its_recipient_restricted_too(exchange, sample_pdf):
    sent = issue(exchange, sample_pdf, confidentiality="secret")
    copy = arrived(exchange, sent)
    assert copy.confidentiality == "secret"
    registered = act(copy, "register", exchange.clerk)
    assert registered.register.secret
