"""People who must act are told: leaders, clerks and officers, in-app and by
e-mail through the outbox; the citizen's page lists every message sent to them."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from dossiers import services as dossier_services
from dossiers.models import Dossier
from notifications import rendering, services
from notifications.models import Notification
from tests.dossiers.conftest import act, advance, draft
from tests.dossiers.factories import pdf

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TUESDAY = datetime(2027, 9, 7, 7, 0, tzinfo=TZ)


def told(user, kind):
    return sorted(
        Notification.objects.filter(user=user, kind=kind).values_list(
            "channel", flat=True
        )
    )


def test_clerks_hear_of_an_online_dossier_arriving(world):
    dossier = act(draft(world), "submit", world.citizen)
    assert told(world.clerk, "staff_submit") == ["email", "in_app"]
    notice = Notification.objects.get(
        user=world.clerk, kind="staff_submit", channel="in_app"
    )
    assert dossier.code in notice.subject
    assert notice.link.endswith(f"/ho-so/{dossier.code}/")


def test_leaders_hear_of_a_dossier_to_assign_and_the_officer_of_the_assignment(world):
    dossier = advance(world, draft(world), "received")
    assert told(world.leader, "staff_receive") == ["email", "in_app"]
    act(dossier, "assign", world.leader, assignee=world.officer)
    assert told(world.officer, "staff_assign") == ["email", "in_app"]
    assert told(world.leader, "staff_assign") == []


def test_the_leader_hears_of_a_dossier_waiting_for_signature(world):
    dossier = advance(world, draft(world), "processing")
    dossier_services.dossier_file_add(
        dossier=dossier, actor=world.officer, upload=pdf("kq.pdf"), kind="result"
    )
    act(dossier, "forward", world.officer)
    assert told(world.leader, "staff_forward") == ["email", "in_app"]


def test_clerks_hear_of_a_result_to_hand_over(world):
    advance(world, draft(world), "result_ready")
    assert told(world.clerk, "staff_approve") == ["email", "in_app"]


def test_a_counter_intake_tells_the_leaders_not_the_clerks(world):
    dossier_services.dossier_intake(
        clerk=world.clerk,
        procedure=world.procedure,
        processing_agency=world.department,
        applicant=dossier_services.Applicant.of_user(world.citizen),
        components=[(c, pdf()) for c in world.procedure.components.all()],
    )
    assert told(world.leader, "staff_intake") == ["email", "in_app"]
    assert not Notification.objects.filter(user=world.clerk).exists()


def test_the_citizens_page_lists_every_message_sent_to_them(client, world):
    dossier = advance(world, draft(world), "received")
    client.force_login(world.citizen)
    page = client.get("/thong-bao/").content.decode()
    assert "Chưa có thông báo nào." not in page
    assert f"Hồ sơ {dossier.code} đã được tiếp nhận" in page
    assert "Tin nhắn SMS" in page and "Thư điện tử" in page
    assert world.citizen.phone in page
    # Staff read their in-app notices only, not copies of the same by e-mail.
    client.force_login(world.leader)
    page = client.get("/thong-bao/").content.decode()
    assert "Thư điện tử gửi tới" not in page


def test_the_morning_digest_reminds_to_apologise_while_there_is_time(world):
    # Tuesday 07:00: due soon is before Tue 17:00; the reminder looks one working
    # day further, to Wednesday 17:00.
    in_time = advance(world, draft(world), "processing")
    Dossier.objects.filter(pk=in_time.pk).update(due_at=TUESDAY.replace(day=8, hour=16))
    apologised = advance(world, draft(world), "processing")
    Dossier.objects.filter(pk=apologised.pk).update(
        due_at=TUESDAY.replace(day=8, hour=16),
        apologized_at=TUESDAY - timedelta(days=1),
    )
    assert services.remind_officers(now=TUESDAY) == 2
    notice = Notification.objects.get(
        user=world.officer, kind="officer_digest", channel="in_app"
    )
    assert notice.subject == "1 hồ sơ sắp đến hạn hoặc quá hạn"
    assert "gửi văn bản xin lỗi" in notice.text
    # One working day before Wednesday 16:00: Tuesday 16:00.
    deadline = rendering.when(datetime(2027, 9, 7, 16, 0, tzinfo=TZ))
    assert f"{in_time.code}:" in notice.text
    assert f"xin lỗi trước {deadline}" in notice.text
    assert apologised.code not in notice.text


@pytest.mark.parametrize(
    ("withdrawal", "subject"),
    [
        (True, "Hồ sơ {code} dừng giải quyết"),
        (False, "Hồ sơ {code} không đủ điều kiện giải quyết"),
    ],
)
def test_the_applicant_hears_which_stop_it_is(world, withdrawal, subject):
    dossier = advance(world, draft(world), "processing")
    if withdrawal:
        dossier = act(dossier, "request_withdrawal", world.citizen)
    act(dossier, "stop", world.officer, note="Không đủ điều kiện")
    email = Notification.objects.get(kind="stop", channel="email")
    assert email.subject == subject.format(code=dossier.code)
