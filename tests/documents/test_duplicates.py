"""A document received twice is flagged on arrival; the clerk merges or keeps it."""

from datetime import date

import pytest

from core.exceptions import TransitionNotAllowed
from documents.models import IncomingDocument
from documents.services import Attachment, Sender, incoming_arrive
from tests.documents.conftest import act, arrived, issue, metadata, paper, scan

pytestmark = pytest.mark.django_db


def other_pdf(text: str) -> bytes:
    return scan(text)


def test_the_same_issuer_number_and_date_is_flagged_and_cannot_be_registered(
    exchange, sample_pdf
):
    first = paper(exchange, sample_pdf, issued_on=date(2026, 11, 30))
    assert first.duplicate_of is None
    act(first, "register", exchange.clerk)
    # The same letter by e-mail, scanned again (another file, same metadata).
    second = paper(exchange, other_pdf("ban scan"), issued_on=date(2026, 11, 30))
    assert second.duplicate_of == first
    flag = second.events.last()
    assert (flag.action, flag.data["reason"]) == ("flag_duplicate", "number")
    with pytest.raises(TransitionNotAllowed) as error:
        act(second, "register", exchange.clerk)
    assert "trùng" in error.value.message
    merged = act(second, "merge", exchange.clerk, note="Bản giấy của văn bản số 45")
    assert (merged.status, merged.arrival_number) == ("merged", None)
    first.refresh_from_db()
    assert first.events.last().action == "merge_in"
    assert first.events.last().data == {"duplicate": str(second.uuid)}
    # One arrival number for one document.
    assert list(
        IncomingDocument.objects.exclude(arrival_number=None).values_list(
            "arrival_number", flat=True
        )
    ) == [1]


def test_another_issuer_or_date_is_not_a_duplicate(exchange, sample_pdf):
    paper(exchange, sample_pdf, issued_on=date(2026, 11, 30))
    other_day = paper(exchange, other_pdf("a"), issued_on=date(2026, 12, 1))
    assert other_day.duplicate_of is None
    other_sender = incoming_arrive(
        agency=exchange.commune,
        sender=Sender(name="Sở Y tế"),
        metadata=metadata(number="45", issued_on=date(2026, 11, 30)),
        attachments=[Attachment("scan.pdf", other_pdf("b"), "application/pdf")],
        actor=exchange.clerk,
    )
    assert other_sender.duplicate_of is None


def test_the_same_file_is_flagged_and_the_clerk_may_keep_it_apart(exchange, sample_pdf):
    sent = issue(exchange, sample_pdf)
    first = arrived(exchange, sent)
    # The same signed file, entered again by hand without its number.
    again = incoming_arrive(
        agency=exchange.commune,
        sender=Sender(name="Sở Tư pháp"),
        metadata=metadata(),
        attachments=[
            Attachment("lai.pdf", first.files.get().file.read(), "application/pdf")
        ],
        actor=exchange.clerk,
    )
    assert again.duplicate_of == first
    assert again.events.last().data["reason"] == "content"
    with pytest.raises(TransitionNotAllowed):
        act(first, "keep", exchange.clerk)  # nothing to keep apart
    kept = act(again, "keep", exchange.clerk, note="Hai văn bản khác nhau")
    assert (kept.status, kept.duplicate_of) == ("arrived", None)
    assert kept.events.last().data == {"kept_apart_from": str(first.uuid)}
    assert act(kept, "register", exchange.clerk).arrival_number == 1


def test_the_api_shows_the_flag_and_the_same_rule(exchange, sample_pdf, client):
    first = paper(exchange, sample_pdf, issued_on=date(2026, 11, 30))
    second = paper(exchange, other_pdf("c"), issued_on=date(2026, 11, 30))
    client.force_login(exchange.clerk)
    page = client.get(f"/van-ban/den/{second.uuid}/").content.decode()
    assert 'id="duplicate"' in page and 'id="action-merge"' in page
    assert (
        'id="action-merge"'
        not in client.get(f"/van-ban/den/{first.uuid}/").content.decode()
    )
    detail = client.get(f"/api/v1/documents/incoming/{second.uuid}/").json()
    assert detail["duplicate_of"] == str(first.uuid)
    assert {"merge", "keep", "register"} <= set(detail["allowed_actions"])
    answer = client.post(
        f"/api/v1/documents/incoming/{second.uuid}/actions/",
        {"action": "register"},
        content_type="application/json",
    )
    assert answer.status_code == 409
    answer = client.post(
        f"/api/v1/documents/incoming/{second.uuid}/actions/",
        {"action": "merge"},
        content_type="application/json",
    )
    assert answer.status_code == 200
    assert answer.json()["status"] == "merged"
