"""Deadlines of incoming documents: the morning reminder and the statistics."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accounts.models import Role
from documents.models import IncomingDocument
from documents.services.reminders import remind_handlers
from notifications.models import Channel, Notification
from tests.accounts.factories import StaffFactory
from tests.documents.conftest import act, issue, paper

pytestmark = pytest.mark.django_db
TUESDAY = datetime(2027, 9, 7, 7, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
SUNDAY = datetime(2027, 9, 5, 7, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def assigned(exchange, data, summary, due_on):
    document = act(paper(exchange, data, summary=summary), "register", exchange.clerk)
    document = act(document, "assign", exchange.leader, assignee=exchange.officer)
    IncomingDocument.objects.filter(pk=document.pk).update(due_on=due_on)
    return document


def test_the_handler_gets_overdue_and_due_tomorrow_documents_each_working_morning(
    exchange, sample_pdf
):
    assigned(exchange, sample_pdf, "Báo cáo quý III", date(2027, 9, 6))
    assigned(exchange, sample_pdf, "Góp ý dự thảo", date(2027, 9, 8))
    assigned(exchange, sample_pdf, "Kế hoạch năm sau", date(2027, 9, 20))
    assert remind_handlers(now=SUNDAY) == 0
    assert not Notification.objects.filter(kind="document_digest").exists()
    assert remind_handlers(now=TUESDAY) > 0
    assert remind_handlers(now=TUESDAY) == 0  # once a day
    notice = Notification.objects.get(
        user=exchange.officer, kind="document_digest", channel=Channel.IN_APP
    )
    assert notice.subject == "2 văn bản đến sắp đến hạn hoặc quá hạn xử lý"
    assert "Báo cáo quý III (hạn 06/09/2027)" in notice.text
    assert "Góp ý dự thảo (hạn 08/09/2027)" in notice.text
    assert "Kế hoạch năm sau" not in notice.text
    assert notice.link.endswith("/van-ban/can-xu-ly/")


def test_statistics_per_agency_for_a_period(api_client, exchange, sample_pdf):
    today = timezone.localdate()

    def handled(due_on, *, complete):
        document = assigned(exchange, sample_pdf, "Văn bản", due_on)
        if complete:
            act(document, "complete", exchange.officer)

    handled(today + timedelta(days=5), complete=True)  # on time
    handled(today - timedelta(days=3), complete=True)  # late
    handled(today - timedelta(days=1), complete=False)  # open, overdue
    paper(exchange, sample_pdf)  # arrived, not registered: not received
    issue(exchange, sample_pdf)  # the department sent one (unregistered there)
    api_client.force_authenticate(StaffFactory(roles=[Role.SYSTEM_ADMIN]))
    answer = api_client.get(
        "/api/v1/documents/statistics/",
        {"date_from": today.isoformat(), "date_to": today.isoformat()},
    )
    figures = {row["agency_id"]: row for row in answer.json()}
    commune = figures[exchange.commune.pk]
    assert (commune["received"], commune["sent"]) == (3, 0)
    assert (commune["on_time"], commune["late"], commune["open_overdue"]) == (1, 1, 1)
    department = figures[exchange.department.pk]
    assert (department["received"], department["sent"]) == (0, 1)
    api_client.force_authenticate(exchange.leader)  # the commune's leader
    scoped = api_client.get(
        "/api/v1/documents/statistics/",
        {"date_from": today.isoformat(), "date_to": today.isoformat()},
    ).json()
    assert [row["agency_id"] for row in scoped] == [exchange.commune.pk]
    wrong = api_client.get(
        "/api/v1/documents/statistics/", {"date_from": today.isoformat()}
    )
    assert wrong.status_code == 400
