"""Least privilege: roles are granted by the rule, through one service, audited."""

import pytest

from accounts import services
from accounts.models import AccessLog, Role, User
from accounts.services import GrantNotAllowed
from tests.accounts.factories import PASSWORD, AgencyFactory, StaffFactory

pytestmark = pytest.mark.django_db


def roles(user):
    return set(user.roles.values_list("role", flat=True))


def test_agency_admin_cannot_make_another_admin_in_the_admin(client, agency_admin):
    """The reproduction of issue 9: an agency admin created another agency admin,
    who then gave themself the leader role."""
    client.force_login(agency_admin)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "quantri.phu",
            "full_name": "Quản Trị Phụ",
            "email": "phu@example.vn",
            "agency": agency_admin.agency_id,
            "roles": [Role.AGENCY_ADMIN],
            "usable_password": "true",
            "password1": "Hoa-Mai-2026",
            "password2": "Hoa-Mai-2026",
        },
    )
    assert response.status_code == 200
    assert "roles" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="quantri.phu").exists()


@pytest.mark.parametrize("role", [Role.LEADER, Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN])
def test_agency_admin_cannot_grant_signing_or_admin_roles(agency_admin, role):
    colleague = StaffFactory(agency=agency_admin.agency, roles=[Role.OFFICER])
    with pytest.raises(GrantNotAllowed):
        services.staff_set_roles(
            user=colleague, roles=[Role.OFFICER, role], granter=agency_admin
        )
    assert roles(colleague) == {Role.OFFICER}


def test_agency_admin_cannot_give_themself_a_role(agency_admin):
    with pytest.raises(GrantNotAllowed):
        services.staff_set_roles(
            user=agency_admin,
            roles=[Role.AGENCY_ADMIN, Role.OFFICER],
            granter=agency_admin,
        )


def test_agency_admin_grants_clerk_and_officer_in_their_tree_audited(agency_admin):
    colleague = StaffFactory(agency=AgencyFactory(parent=agency_admin.agency))
    services.staff_set_roles(
        user=colleague, roles=[Role.CLERK, Role.OFFICER], granter=agency_admin
    )
    services.staff_set_roles(user=colleague, roles=[Role.CLERK], granter=agency_admin)
    assert roles(colleague) == {Role.CLERK}
    logged = list(
        AccessLog.objects.filter(object_ref=colleague.username)
        .order_by("pk")
        .values_list("action", "detail", "actor")
    )
    assert logged == [
        ("role_grant", "clerk", agency_admin.pk),
        ("role_grant", "officer", agency_admin.pk),
        ("role_revoke", "officer", agency_admin.pk),
    ]


def test_agency_admin_cannot_touch_staff_outside_their_tree(agency_admin):
    stranger = StaffFactory()
    with pytest.raises(GrantNotAllowed):
        services.staff_set_roles(
            user=stranger, roles=[Role.CLERK], granter=agency_admin
        )


def test_only_the_system_admin_grants_the_leader_role(system_admin, agency):
    officer = StaffFactory(agency=agency, roles=[Role.OFFICER])
    services.staff_set_roles(
        user=officer, roles=[Role.OFFICER, Role.LEADER], granter=system_admin
    )
    assert roles(officer) == {Role.OFFICER, Role.LEADER}


def test_agency_admin_cannot_edit_a_leader_in_the_admin(client, agency_admin):
    leader = StaffFactory(agency=agency_admin.agency, roles=[Role.LEADER])
    client.force_login(agency_admin)
    url = f"/admin/accounts/user/{leader.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="roles"' not in page.content.decode()  # read only
    response = client.post(url, {"username": leader.username, "full_name": "X"})
    assert response.status_code == 403
    password = client.post(
        f"/admin/accounts/user/{leader.pk}/password/",
        {"password1": "Hoa-Mai-2026", "password2": "Hoa-Mai-2026"},
    )
    assert password.status_code == 403
    leader.refresh_from_db()
    assert leader.check_password(PASSWORD)


def test_roles_api_follows_the_rule(api_client, agency_admin):
    colleague = StaffFactory(agency=agency_admin.agency, roles=[Role.OFFICER])
    api_client.force_authenticate(agency_admin)
    url = f"/api/v1/staff/{colleague.username}/roles/"
    refused = api_client.put(url, {"roles": ["officer", "leader"]}, format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "grant_not_allowed"
    done = api_client.put(url, {"roles": ["clerk"]}, format="json")
    assert done.json() == {"username": colleague.username, "roles": ["clerk"]}
    assert AccessLog.objects.filter(channel="api", action="role_grant").exists()


def test_roles_api_hides_users_out_of_scope(api_client, agency_admin):
    stranger = StaffFactory(roles=[Role.OFFICER])
    api_client.force_authenticate(agency_admin)
    response = api_client.put(
        f"/api/v1/staff/{stranger.username}/roles/", {"roles": []}, format="json"
    )
    assert response.status_code == 404


def test_roles_api_refuses_unknown_roles(api_client, system_admin, officer):
    api_client.force_authenticate(system_admin)
    response = api_client.put(
        f"/api/v1/staff/{officer.username}/roles/", {"roles": ["king"]}, format="json"
    )
    assert response.status_code == 400
    assert "roles" in response.json()["fields"]
