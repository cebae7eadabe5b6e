"""The document pages: inbox and outbox, the document page and its actions, new
documents, printed registers, the applicant's signed result."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents.models import IncomingDocument, OutgoingDocument
from tests.documents.conftest import act, arrived, issue, paper

pytestmark = pytest.mark.django_db


def test_inbox_shows_the_agencys_documents_with_deadline_marks(
    client, exchange, sample_pdf
):
    today = timezone.localdate()
    late = paper(
        exchange,
        sample_pdf,
        summary="Báo cáo quá hạn",
        due_on=today - timedelta(days=2),
    )
    act(late, "register", exchange.clerk)
    paper(exchange, sample_pdf, summary="Giấy mời họp")
    client.force_login(exchange.clerk)
    page = client.get("/van-ban/den/").content.decode()
    assert "Báo cáo quá hạn" in page and "Giấy mời họp" in page
    assert 'data-mark="overdue"' in page
    filtered = client.get(
        "/van-ban/den/", {"q": "giay moi", "status": ""}
    ).content.decode()
    assert "Giấy mời họp" in filtered and "Báo cáo quá hạn" not in filtered
    client.force_login(exchange.sender_clerk)
    assert "Giấy mời họp" not in client.get("/van-ban/den/").content.decode()


def test_inbox_pages_with_an_opaque_cursor(client, exchange, sample_pdf, monkeypatch):
    monkeypatch.setattr("documents.views.staff.PAGE_SIZE", 2)
    for index in range(3):
        paper(exchange, sample_pdf, summary=f"Văn bản số {index}")
    client.force_login(exchange.clerk)
    first = client.get("/van-ban/den/")
    after = first.context["after"]
    assert after and "Văn bản số 0" not in first.content.decode()
    second = client.get("/van-ban/den/", {"after": after}).content.decode()
    assert "Văn bản số 0" in second and "Văn bản số 2" not in second
    assert client.get("/van-ban/den/", {"after": "forged"}).status_code == 404


def test_someone_elses_document_is_404_and_anonymous_must_log_in(
    client, exchange, sample_pdf
):
    document = paper(exchange, sample_pdf)
    assert client.get(f"/van-ban/den/{document.uuid}/").status_code == 302
    client.force_login(exchange.sender_clerk)
    assert client.get(f"/van-ban/den/{document.uuid}/").status_code == 404
    file_key = document.files.get().uuid
    assert client.get(f"/van-ban/tep/{file_key}/").status_code == 404
    client.force_login(exchange.clerk)
    assert client.get(f"/van-ban/den/{document.uuid}/").status_code == 200
    assert client.get(f"/van-ban/tep/{file_key}/").status_code == 200


def test_clerk_enters_registers_and_leader_assigns_through_the_pages(
    client, exchange, sample_pdf
):
    client.force_login(exchange.clerk)
    answer = client.post(
        "/van-ban/den/nhap/",
        {
            "sender_name": "Sở Y tế",
            "number": "77",
            "notation": "SYT-VP",
            "doc_type": "CV",
            "summary": "Về việc tiêm chủng",
            "urgency": "normal",
            "confidentiality": "normal",
            "page_count": 2,
            "file": SimpleUploadedFile("cv.pdf", sample_pdf, "application/pdf"),
        },
    )
    document = IncomingDocument.objects.get()
    assert answer.status_code == 302
    client.post(f"/van-ban/den/{document.uuid}/register/")
    document.refresh_from_db()
    assert document.arrival_number == 1
    client.force_login(exchange.leader)
    answer = client.post(
        f"/van-ban/den/{document.uuid}/assign/",
        {
            "assign-assignee": exchange.officer.pk,
            "assign-instruction": "Xử lý ngay.",
        },
    )
    assert answer.status_code == 302
    document.refresh_from_db()
    assert (document.status, document.handler) == ("assigned", exchange.officer)
    client.force_login(exchange.officer)
    worklist = client.get("/van-ban/can-xu-ly/").content.decode()
    assert "Về việc tiêm chủng" in worklist


def test_a_refused_action_is_a_form_error(client, exchange, sample_pdf):
    document = paper(exchange, sample_pdf)
    client.force_login(exchange.clerk)
    answer = client.post(f"/van-ban/den/{document.uuid}/return/", {"return-note": ""})
    assert answer.status_code == 400
    assert "Cần ghi rõ lý do" in answer.content.decode()


def test_outgoing_through_the_pages(client, exchange, sample_pdf):
    client.force_login(exchange.drafter)
    answer = client.post(
        "/van-ban/di/soan/",
        {
            "doc_type": "TB",
            "notation": "TB-STP",
            "summary": "Thông báo lịch tiếp dân",
            "urgency": "normal",
            "confidentiality": "normal",
            "page_count": 1,
            "recipients": [exchange.commune.pk],
            "file": SimpleUploadedFile("tb.pdf", sample_pdf, "application/pdf"),
        },
    )
    assert answer.status_code == 302
    document = OutgoingDocument.objects.get()
    client.post(f"/van-ban/di/{document.uuid}/submit/")
    client.force_login(exchange.sender_leader)
    client.post(f"/van-ban/di/{document.uuid}/approve/")
    client.force_login(exchange.sender_clerk)
    client.post(f"/van-ban/di/{document.uuid}/issue/")
    page = client.get(f"/van-ban/di/{document.uuid}/").content.decode()
    assert "1/TB-STP" in page
    assert 'data-delivery="sent"' in page
    assert 'data-signature="valid"' in page


def test_the_registers_print_as_pdf_for_a_period(client, exchange, sample_pdf):
    outgoing = issue(exchange, sample_pdf)
    act(arrived(exchange, outgoing), "register", exchange.clerk)
    today = timezone.localdate().isoformat()
    client.force_login(exchange.clerk)
    answer = client.get("/van-ban/so/incoming/", {"date_from": today, "date_to": today})
    assert answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF-")
    wrong = client.get(
        "/van-ban/so/incoming/", {"date_from": today, "date_to": "2000-01-01"}
    )
    assert wrong.status_code == 400
    assert client.get("/van-ban/so/khac/").status_code == 404


def test_register_rows_follow_the_numbers_of_the_period(exchange, sample_pdf):
    from documents.selectors import register_rows

    first = act(paper(exchange, sample_pdf), "register", exchange.clerk)
    second = act(paper(exchange, sample_pdf), "register", exchange.clerk)
    paper(exchange, sample_pdf)  # not registered: not in the register
    today = timezone.localdate()
    rows = register_rows(exchange.commune, "incoming", today, today)
    assert [row.pk for row in rows] == [first.pk, second.pk]
    assert (
        register_rows(
            exchange.commune, "incoming", today + timedelta(1), today + timedelta(2)
        )
        == []
    )


def test_statistics_page_for_the_leader(client, exchange, sample_pdf):
    act(paper(exchange, sample_pdf), "register", exchange.clerk)
    today = timezone.localdate().isoformat()
    client.force_login(exchange.leader)
    page = client.get("/van-ban/thong-ke/", {"date_from": today, "date_to": today})
    assert [(row.agency_id, row.received) for row in page.context["figures"]] == [
        (exchange.commune.pk, 1)
    ]
    assert client.get("/van-ban/thong-ke/", {"date_from": "x"}).status_code == 400


def test_the_admin_shows_documents_read_only(client, exchange, sample_pdf):
    from accounts.models import Role
    from tests.accounts.factories import StaffFactory

    paper(exchange, sample_pdf, summary="Giấy mời dự hội nghị")
    client.force_login(StaffFactory(roles=[Role.SYSTEM_ADMIN]))
    page = client.get("/admin/documents/incomingdocument/")
    assert page.status_code == 200
    assert "Giấy mời dự hội nghị" in page.content.decode()
    assert client.get("/admin/documents/incomingdocument/add/").status_code == 403
    assert client.get("/admin/documents/exchangepeer/add/").status_code == 200


def test_the_leader_replaces_amends_and_revokes_through_the_pages(
    client, exchange, sample_pdf
):
    from tests.documents.conftest import scan

    sent = issue(exchange, sample_pdf)
    copy = arrived(exchange, sent)
    client.force_login(exchange.sender_leader)
    page = client.get(f"/van-ban/di/{sent.uuid}/").content.decode()
    assert 'id="action-replace"' in page and 'enctype="multipart/form-data"' in page
    answer = client.post(
        f"/van-ban/di/{sent.uuid}/replace/",
        {
            "replace-note": "Sửa lỗi chính tả",
            "replace-file": SimpleUploadedFile(
                "moi.pdf", scan("Bản mới"), "application/pdf"
            ),
        },
    )
    assert answer.status_code == 302
    answer = client.post(f"/van-ban/di/{sent.uuid}/amend/", {"amend-note": "Gia hạn"})
    assert answer.status_code == 400  # the new deadline is required
    answer = client.post(
        f"/van-ban/di/{sent.uuid}/amend/",
        {"amend-note": "Gia hạn", "amend-due_on": "2026-12-31"},
    )
    assert answer.status_code == 302
    answer = client.post(f"/van-ban/di/{sent.uuid}/revoke/", {"revoke-note": "Nhầm"})
    assert answer.status_code == 302
    copy.refresh_from_db()
    assert (copy.version, str(copy.due_on), copy.revoked_reason) == (
        2,
        "2026-12-31",
        "Nhầm",
    )
    client.force_login(exchange.clerk)
    page = client.get(f"/van-ban/den/{copy.uuid}/").content.decode()
    assert 'id="action-register"' not in page  # revoked: nothing more to do
    assert 'id="revoked"' in page and "Nhầm" in page
    assert "đã được thay thế lúc" in page  # the first version's file, kept
