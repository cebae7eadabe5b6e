import pytest

from accounts.models import Agency, Role, User
from accounts.permissions import (
    agency_scope,
    has_role,
    may_act,
    may_manage_agency,
    may_view,
    scope_queryset,
)
from tests.accounts.factories import AgencyFactory, CitizenFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """A department with a unit below it, and an unrelated department."""
    department = AgencyFactory()
    unit = AgencyFactory(parent=department)
    sub_unit = AgencyFactory(parent=unit)
    other = AgencyFactory()
    return department, unit, sub_unit, other


def test_officer_sees_only_own_agency(tree):
    department, unit, _sub_unit, _other = tree
    officer = StaffFactory(agency=department, roles=[Role.OFFICER])
    assert agency_scope(officer) == {department.pk}
    assert may_view(officer, department)
    assert not may_view(officer, unit)


def test_leader_sees_units_below(tree):
    department, unit, sub_unit, other = tree
    leader = StaffFactory(agency=department, roles=[Role.LEADER])
    assert agency_scope(leader) == {department.pk, unit.pk, sub_unit.pk}
    assert may_view(leader, sub_unit)
    assert not may_view(leader, other)


def test_leader_of_a_unit_does_not_see_the_department(tree):
    department, unit, _sub_unit, _other = tree
    leader = StaffFactory(agency=unit, roles=[Role.LEADER])
    assert not may_view(leader, department)


def test_system_admin_sees_everything(tree, system_admin):
    assert agency_scope(system_admin) is None
    assert all(may_view(system_admin, agency) for agency in tree)


def test_citizen_sees_only_themself(citizen, other_citizen, agency):
    assert may_view(citizen, citizen)
    assert not may_view(citizen, other_citizen)
    assert not may_view(citizen, agency)
    assert agency_scope(citizen) == set()


def test_anonymous_sees_nothing(agency):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not may_view(anonymous, agency)
    assert (
        scope_queryset(anonymous, Agency.objects.all(), agency_fields=["id"]).count()
        == 0
    )


def test_may_act_requires_role_and_scope(agency, officer, clerk, outsider_officer):
    assert may_act(officer, agency, Role.OFFICER)
    assert not may_act(clerk, agency, Role.OFFICER)
    assert not may_act(outsider_officer, agency, Role.OFFICER)


def test_owner_acts_without_role(citizen, other_citizen):
    assert may_act(citizen, citizen)
    assert not may_act(other_citizen, citizen)


def test_staff_without_role_has_none(agency):
    staff = StaffFactory(agency=agency)
    assert not has_role(staff, Role.OFFICER, Role.CLERK)


def test_scope_queryset_combines_owner_and_agency(tree):
    department, unit, _sub_unit, other = tree
    inside = StaffFactory(agency=unit)
    outside = StaffFactory(agency=other)
    leader = StaffFactory(agency=department, roles=[Role.LEADER])
    visible = scope_queryset(
        leader, User.objects.all(), owner_field="pk", agency_fields=["agency"]
    )
    assert set(visible) >= {inside, leader}
    assert outside not in visible
    citizen = CitizenFactory()
    assert list(
        scope_queryset(
            citizen, User.objects.all(), owner_field="pk", agency_fields=["agency"]
        )
    ) == [citizen]


def test_agency_admin_manages_own_tree_only(tree):
    department, unit, _sub_unit, other = tree
    admin = StaffFactory(agency=department, roles=[Role.AGENCY_ADMIN])
    assert may_manage_agency(admin, unit)
    assert not may_manage_agency(admin, other)
    officer = StaffFactory(agency=department, roles=[Role.OFFICER])
    assert not may_manage_agency(officer, department)
