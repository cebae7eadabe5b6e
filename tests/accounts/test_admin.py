import pytest

from accounts.models import Role, User
from tests.accounts.factories import AgencyFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def department_admin(agency):
    return StaffFactory(agency=agency, roles=[Role.AGENCY_ADMIN])


def test_agency_admin_sees_only_own_staff(client, agency, department_admin):
    colleague = StaffFactory(agency=AgencyFactory(parent=agency))
    stranger = StaffFactory()
    client.force_login(department_admin)
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 200
    shown = set(response.context["cl"].queryset)
    assert colleague in shown
    assert stranger not in shown
    assert client.get(f"/admin/accounts/user/{stranger.pk}/change/").status_code == 302


def test_agency_admin_cannot_grant_system_admin(client, agency, department_admin):
    client.force_login(department_admin)
    response = client.get("/admin/accounts/user/add/")
    choices = [
        value
        for value, _label in response.context["adminform"].form.fields["roles"].choices
    ]
    assert Role.SYSTEM_ADMIN not in choices


def test_agency_admin_creates_staff_with_roles(client, agency, department_admin):
    client.force_login(department_admin)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "canbo.moi",
            "full_name": "Cán Bộ Mới",
            "email": "moi@example.vn",
            "agency": agency.pk,
            "roles": [Role.CLERK],
            "usable_password": "true",
            "password1": "Hoa-Mai-2026",
            "password2": "Hoa-Mai-2026",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="canbo.moi")
    assert user.account_type == "staff"
    assert list(user.roles.values_list("role", flat=True)) == [Role.CLERK]


def test_officer_has_no_admin(client, officer):
    client.force_login(officer)
    assert client.get("/admin/").status_code == 302


def test_calendar_admin_invalidates_cache(client, system_admin):
    from datetime import date

    from core.calendar import get_calendar

    client.force_login(system_admin)
    assert get_calendar().is_working_day(date(2026, 12, 2))
    response = client.post(
        "/admin/core/calendaroverride/add/",
        {"date": "2026-12-02", "kind": "day_off", "name": "Nghỉ bão"},
    )
    assert response.status_code == 302
    assert not get_calendar().is_working_day(date(2026, 12, 2))
