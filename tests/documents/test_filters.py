"""The inbox filters served by their own indexes (urgency, deadlines, status) return
exactly the right documents, newest first, page by page, and only the agency's."""

from datetime import timedelta

import pytest
from django.utils import timezone

from documents import services
from documents.models import IncomingDocument
from tests.documents.conftest import act, metadata, paper, scan

pytestmark = pytest.mark.django_db
INBOX = "/api/v1/documents/incoming/"


@pytest.fixture
def inbox(exchange, sample_pdf):
    """Seven documents of the commune, oldest first, in the states the filters tell
    apart, and an overdue very urgent one of the department the clerk must not see."""
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)

    def registered(summary, **overrides):
        document = paper(exchange, sample_pdf, summary=summary, **overrides)
        return act(document, "register", exchange.clerk)

    late_in_progress = registered("Quá hạn đang xử lý", due_on=yesterday)
    IncomingDocument.objects.filter(pk=late_in_progress.pk).update(status="in_progress")
    late_done = registered("Quá hạn đã xong", due_on=yesterday)
    IncomingDocument.objects.filter(pk=late_done.pk).update(
        status="done", completed_at=timezone.now()
    )
    # Not registered yet: not open, so never overdue.
    paper(exchange, sample_pdf, summary="Chưa vào sổ", due_on=yesterday)
    registered("Đến hạn sau hai ngày", due_on=today + timedelta(days=2))
    registered("Hỏa tốc quá hạn", urgency="flash", due_on=today - timedelta(days=10))
    registered("Thượng khẩn thứ nhất", urgency="very_urgent")
    registered("Thượng khẩn thứ hai", urgency="very_urgent")
    registered("Khẩn", urgency="urgent")
    theirs = services.incoming_arrive(
        agency=exchange.department,
        sender=services.Sender(name="Công an tỉnh Lâm Đồng"),
        metadata=metadata(
            summary="Của Sở, thượng khẩn và quá hạn",
            urgency="very_urgent",
            due_on=yesterday,
        ),
        attachments=[services.Attachment("scan.pdf", scan("Sở"), "application/pdf")],
        actor=exchange.sender_clerk,
    )
    act(theirs, "register", exchange.sender_clerk)
    return exchange


def test_each_filter_returns_exactly_its_documents(api_client, inbox):
    api_client.force_authenticate(inbox.clerk)

    def summaries(**query):
        answer = api_client.get(INBOX, query)
        assert answer.status_code == 200, answer.json()
        return [row["summary"] for row in answer.json()["results"]]

    assert summaries(due="overdue") == ["Hỏa tốc quá hạn", "Quá hạn đang xử lý"]
    assert summaries(due="overdue", q="hoa toc") == ["Hỏa tốc quá hạn"]
    assert summaries(due="soon") == ["Đến hạn sau hai ngày"]
    assert summaries(urgency="very_urgent") == [
        "Thượng khẩn thứ hai",
        "Thượng khẩn thứ nhất",
    ]
    assert summaries(urgency="flash") == ["Hỏa tốc quá hạn"]
    assert summaries(urgency="urgent") == ["Khẩn"]
    assert summaries(urgency="normal") == [
        "Đến hạn sau hai ngày",
        "Chưa vào sổ",
        "Quá hạn đã xong",
        "Quá hạn đang xử lý",
    ]
    assert summaries(status="in_progress") == ["Quá hạn đang xử lý"]
    assert summaries(status="done") == ["Quá hạn đã xong"]


def test_filtered_pages_follow_the_cursor(api_client, inbox):
    api_client.force_authenticate(inbox.clerk)
    first = api_client.get(INBOX, {"urgency": "very_urgent", "page_size": 1}).json()
    assert [row["summary"] for row in first["results"]] == ["Thượng khẩn thứ hai"]
    second = api_client.get(first["next"]).json()
    assert [row["summary"] for row in second["results"]] == ["Thượng khẩn thứ nhất"]
    assert second["next"] is None
    first = api_client.get(INBOX, {"due": "overdue", "page_size": 1}).json()
    assert [row["summary"] for row in first["results"]] == ["Hỏa tốc quá hạn"]
    second = api_client.get(first["next"]).json()
    assert [row["summary"] for row in second["results"]] == ["Quá hạn đang xử lý"]
    assert second["next"] is None


def test_the_department_sees_only_its_own_urgent_overdue_document(api_client, inbox):
    api_client.force_authenticate(inbox.sender_clerk)
    for query in ({"due": "overdue"}, {"urgency": "very_urgent"}):
        results = api_client.get(INBOX, query).json()["results"]
        assert [row["summary"] for row in results] == ["Của Sở, thượng khẩn và quá hạn"]
