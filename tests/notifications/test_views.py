import pytest

from accounts.models import Role
from notifications.models import Notification, NotificationPreference, Status
from tests.accounts.factories import AgencyFactory, StaffFactory
from tests.dossiers.conftest import act, advance, draft

pytestmark = pytest.mark.django_db
NOTICES = "/thong-bao/"
PREFERENCES = "/tai-khoan/nhan-thong-bao/"


@pytest.fixture
def notice(world):
    """An in-app notice for the world's officer (the applicant asks to withdraw)."""
    dossier = advance(world, draft(world), "processing")
    act(dossier, "request_withdrawal", world.citizen, note="Đổi ý")
    return Notification.objects.get(
        user=world.officer, channel="in_app", kind="staff_request_withdrawal"
    )


def test_staff_navigation_links_the_notices(client, world):
    client.force_login(world.officer)
    assert NOTICES in client.get("/").content.decode()
    client.force_login(world.citizen)
    assert NOTICES not in client.get("/").content.decode()


def test_notices_page_lists_only_the_users_own_notices(client, world, notice):
    client.force_login(world.officer)
    page = client.get(NOTICES).content.decode()
    # The assignment and the withdrawal request.
    assert notice.subject in page and "2 thông báo chưa đọc" in page
    client.force_login(StaffFactory(agency=world.department, roles=[Role.OFFICER]))
    page = client.get(NOTICES).content.decode()
    assert notice.subject not in page and "Chưa có thông báo nào." in page


def test_posting_marks_every_notice_read(client, world, notice):
    client.force_login(world.officer)
    assert client.post(NOTICES).status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "chưa đọc" not in client.get(NOTICES).content.decode()


def test_notices_need_a_login(client):
    response = client.get(NOTICES)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_citizen_chooses_sms_only(client, world):
    client.force_login(world.citizen)
    assert PREFERENCES in client.get("/tai-khoan/").content.decode()
    response = client.get(PREFERENCES)
    assert response.context["form"]["channels"].value() == "both"
    response = client.post(PREFERENCES, {"channels": "sms"})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=world.citizen).channels == "sms"


def test_unknown_choice_is_a_form_error(client, world):
    client.force_login(world.citizen)
    response = client.post(PREFERENCES, {"channels": "pigeon"})
    assert response.status_code == 200
    assert response.context["form"].errors["channels"]
    assert not NotificationPreference.objects.exists()


def test_system_admin_sees_every_notification_with_its_status(client, world, notice):
    admin = StaffFactory(roles=[Role.SYSTEM_ADMIN], is_staff=True)
    client.force_login(admin)
    response = client.get("/admin/notifications/notification/")
    assert response.status_code == 200
    assert set(response.context["cl"].queryset) == set(Notification.objects.all())
    assert "Đã gửi" in response.content.decode()
    detail = client.get(f"/admin/notifications/notification/{notice.pk}/change/")
    assert detail.status_code == 200


def test_agency_admin_sees_only_notifications_of_their_agencies(client, world, notice):
    own = StaffFactory(
        agency=world.department, roles=[Role.AGENCY_ADMIN], is_staff=True
    )
    stranger = StaffFactory(
        agency=AgencyFactory(), roles=[Role.AGENCY_ADMIN], is_staff=True
    )
    client.force_login(own)
    response = client.get("/admin/notifications/notification/")
    assert notice in response.context["cl"].queryset
    client.force_login(stranger)
    response = client.get("/admin/notifications/notification/")
    assert list(response.context["cl"].queryset) == []


def test_admin_action_sends_failed_notifications_again(
    client, world, notice, django_capture_on_commit_callbacks, published
):
    failed = Notification.objects.get(
        user=world.officer, channel="email", kind="staff_request_withdrawal"
    )
    Notification.objects.filter(pk=failed.pk).update(status=Status.FAILED)
    admin = StaffFactory(roles=[Role.SYSTEM_ADMIN], is_staff=True)
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/notifications/notification/",
            {"action": "retry", "_selected_action": [failed.pk, notice.pk]},
        )
    assert response.status_code == 302
    assert published == [failed.pk]
    failed.refresh_from_db()
    assert failed.status == Status.PENDING
