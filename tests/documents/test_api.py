"""The documents API: inbox and outbox, actions, files, signed results."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents.models import IncomingDocument
from tests.accounts.factories import CitizenFactory
from tests.documents.conftest import act, arrived, issue, paper

pytestmark = pytest.mark.django_db
INBOX = "/api/v1/documents/incoming/"
OUTBOX = "/api/v1/documents/outgoing/"


def test_the_commune_clerk_sees_the_arrival_and_registers_it(
    api_client, exchange, sample_pdf
):
    outgoing = issue(exchange, sample_pdf)
    api_client.force_authenticate(exchange.clerk)
    listed = api_client.get(INBOX).json()
    assert [row["summary"] for row in listed["results"]] == [outgoing.summary]
    key = listed["results"][0]["id"]
    detail = api_client.get(f"{INBOX}{key}/").json()
    assert detail["files"][0]["signature_status"] == "valid"
    assert detail["files"][0]["signature_signer"] == "Sở Tư pháp"
    assert detail["allowed_actions"] == ["register", "return"]
    answer = api_client.post(f"{INBOX}{key}/actions/", {"action": "register"})
    assert answer.status_code == 200
    assert answer.json()["arrival_number"] == 1
    again = api_client.post(f"{INBOX}{key}/actions/", {"action": "register"})
    assert again.status_code == 409
    assert again.json()["code"] == "state"
    api_client.force_authenticate(exchange.sender_clerk)
    sent = api_client.get(f"{OUTBOX}{outgoing.uuid}/").json()
    assert [r["status"] for r in sent["recipients"]] == ["received"]


def test_another_agency_gets_404_for_the_document_and_its_files(
    api_client, exchange, sample_pdf
):
    incoming = paper(exchange, sample_pdf)
    file_key = incoming.files.get().uuid
    api_client.force_authenticate(exchange.clerk)
    assert api_client.get(f"{INBOX}{incoming.uuid}/").status_code == 200
    assert api_client.get(f"/api/v1/documents/files/{file_key}/").status_code == 200
    api_client.force_authenticate(exchange.sender_clerk)
    assert api_client.get(f"{INBOX}{incoming.uuid}/").status_code == 404
    assert api_client.get(f"/api/v1/documents/files/{file_key}/").status_code == 404
    answer = api_client.post(f"{INBOX}{incoming.uuid}/actions/", {"action": "register"})
    assert answer.status_code == 404
    assert api_client.get(INBOX).json()["results"] == []


def test_citizens_see_no_documents(api_client, exchange, sample_pdf):
    paper(exchange, sample_pdf)
    api_client.force_authenticate(CitizenFactory())
    assert api_client.get(INBOX).json()["results"] == []


def test_assignment_through_the_api(api_client, exchange, sample_pdf):
    incoming = act(paper(exchange, sample_pdf), "register", exchange.clerk)
    api_client.force_authenticate(exchange.leader)
    answer = api_client.post(
        f"{INBOX}{incoming.uuid}/actions/",
        {
            "action": "assign",
            "assignee": exchange.officer.username,
            "instruction": "Chủ trì trả lời.",
            "due_on": "2030-01-15",
        },
        format="json",
    )
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["handler"] == exchange.officer.full_name
    assert body["assignments"][0]["instruction"] == "Chủ trì trả lời."
    assert body["due_on"] == "2030-01-15"
    unknown = api_client.post(
        f"{INBOX}{incoming.uuid}/actions/",
        {"action": "assign", "assignee": exchange.drafter.username},
    )
    assert unknown.status_code == 400
    assert "assignee" in unknown.json()["fields"]


def test_search_is_accent_insensitive_and_filters_combine(
    api_client, exchange, sample_pdf
):
    paper(exchange, sample_pdf, summary="Về việc cấp đổi giấy phép lái xe")
    paper(exchange, sample_pdf, summary="Về việc đăng ký khai sinh", urgency="urgent")
    api_client.force_authenticate(exchange.clerk)

    def summaries(**query):
        return [
            row["summary"] for row in api_client.get(INBOX, query).json()["results"]
        ]

    assert summaries(q="dang ky KHAI sinh") == ["Về việc đăng ký khai sinh"]
    assert summaries(q="giay phep") == ["Về việc cấp đổi giấy phép lái xe"]
    assert summaries(urgency="urgent") == ["Về việc đăng ký khai sinh"]
    assert len(summaries(q="ve viec")) == 2
    today = timezone.localdate()
    assert len(summaries(date_from=today.isoformat(), date_to=today.isoformat())) == 2
    assert summaries(date_from=(today + timedelta(days=1)).isoformat()) == []
    assert api_client.get(INBOX, {"urgency": "very"}).status_code == 400
    assert api_client.get(INBOX, {"status": ""}).status_code == 400


def test_due_filter_marks_overdue_and_soon(api_client, exchange, sample_pdf):
    today = timezone.localdate()
    late = act(
        paper(
            exchange, sample_pdf, summary="Quá hạn", due_on=today - timedelta(days=1)
        ),
        "register",
        exchange.clerk,
    )
    act(
        paper(
            exchange,
            sample_pdf,
            summary="Sắp đến hạn",
            due_on=today + timedelta(days=2),
        ),
        "register",
        exchange.clerk,
    )
    act(
        paper(exchange, sample_pdf, summary="Còn lâu", due_on=date(2099, 1, 1)),
        "register",
        exchange.clerk,
    )
    api_client.force_authenticate(exchange.clerk)
    overdue = api_client.get(INBOX, {"due": "overdue"}).json()["results"]
    assert [row["id"] for row in overdue] == [str(late.uuid)]
    soon = api_client.get(INBOX, {"due": "soon"}).json()["results"]
    assert [row["summary"] for row in soon] == ["Sắp đến hạn"]


def test_inbox_pages_by_cursor_without_counting(
    api_client, exchange, sample_pdf, django_assert_max_num_queries
):
    for index in range(3):
        paper(exchange, sample_pdf, summary=f"Văn bản {index}")
    api_client.force_authenticate(exchange.clerk)
    with django_assert_max_num_queries(6):
        first = api_client.get(INBOX, {"page_size": 2}).json()
    assert "count" not in first
    assert [row["summary"] for row in first["results"]] == ["Văn bản 2", "Văn bản 1"]
    second = api_client.get(first["next"]).json()
    assert [row["summary"] for row in second["results"]] == ["Văn bản 0"]
    assert second["next"] is None


def test_clerk_enters_a_paper_document(api_client, exchange, sample_pdf):
    api_client.force_authenticate(exchange.clerk)
    answer = api_client.post(
        INBOX,
        {
            "doc_type": "CV",
            "summary": "Về việc báo cáo số liệu",
            "sender_name": "Sở Nội vụ",
            "number": "120",
            "notation": "SNV-VP",
            "file": SimpleUploadedFile("scan.pdf", sample_pdf, "application/pdf"),
        },
        format="multipart",
    )
    assert answer.status_code == 201, answer.json()
    assert answer.json()["status"] == "arrived"
    assert answer.json()["files"][0]["signature_status"] == "unsigned"
    broken = api_client.post(
        INBOX,
        {
            "doc_type": "CV",
            "summary": "x",
            "sender_name": "y",
            "file": SimpleUploadedFile("a.pdf", b"", "application/pdf"),
        },
        format="multipart",
    )
    assert broken.status_code == 400
    assert "file" in broken.json()["fields"]


def test_an_officer_cannot_enter_incoming_documents(api_client, exchange, sample_pdf):
    api_client.force_authenticate(exchange.officer)
    answer = api_client.post(
        INBOX,
        {
            "doc_type": "CV",
            "summary": "x",
            "sender_name": "y",
            "file": SimpleUploadedFile("scan.pdf", sample_pdf, "application/pdf"),
        },
        format="multipart",
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "role"
    assert not IncomingDocument.objects.exists()


def test_officer_drafts_leader_approves_clerk_issues_through_the_api(
    api_client, exchange, sample_pdf
):
    api_client.force_authenticate(exchange.drafter)
    created = api_client.post(
        OUTBOX,
        {
            "doc_type": "CV",
            "summary": "Về việc hướng dẫn chứng thực điện tử",
            "notation": "STP-BTTP",
            "recipients": [str(exchange.commune.uuid)],
            "file": SimpleUploadedFile("cv.pdf", sample_pdf, "application/pdf"),
        },
        format="multipart",
    )
    assert created.status_code == 201, created.json()
    key = created.json()["id"]
    steps = [
        (exchange.drafter, "submit"),
        (exchange.sender_leader, "approve"),
        (exchange.sender_clerk, "issue"),
    ]
    for actor, action in steps:
        api_client.force_authenticate(actor)
        answer = api_client.post(f"{OUTBOX}{key}/actions/", {"action": action})
        assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["code"] == "1/STP-BTTP"
    assert body["files"][0]["signature_status"] == "valid"
    assert [r["status"] for r in body["recipients"]] == ["sent"]


def test_outbox_of_another_agency_is_404(api_client, exchange, sample_pdf):
    outgoing = issue(exchange, sample_pdf)
    api_client.force_authenticate(exchange.clerk)
    assert api_client.get(f"{OUTBOX}{outgoing.uuid}/").status_code == 404
    api_client.force_authenticate(exchange.sender_clerk)
    assert api_client.get(f"{OUTBOX}{outgoing.uuid}/").status_code == 200
    assert arrived(exchange, outgoing).agency == exchange.commune


def test_schema_lists_the_endpoints_with_their_errors(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    action = schema["paths"]["/api/v1/documents/incoming/{key}/actions/"]["post"]
    assert {"400", "401", "403", "404", "409"} <= set(action["responses"])
    exchange = schema["paths"]["/api/v1/documents/exchange/"]["post"]
    assert {"202", "400", "401", "409"} <= set(exchange["responses"])


def test_search_across_all_agencies_for_a_system_administrator(
    api_client, exchange, sample_pdf
):
    from accounts.models import Role
    from tests.accounts.factories import StaffFactory

    paper(exchange, sample_pdf, summary="Về việc phòng chống thiên tai")
    paper(exchange, sample_pdf, summary="Về việc tuyển dụng công chức")
    api_client.force_authenticate(StaffFactory(roles=[Role.SYSTEM_ADMIN]))
    rows = api_client.get(INBOX, {"q": "THIEN tai"}).json()["results"]
    assert [row["summary"] for row in rows] == ["Về việc phòng chống thiên tai"]
