"""The agency tree refuses cycles; walks up the tree are bounded."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from accounts.models import MAX_AGENCY_DEPTH, Agency, AgencyKind
from dossiers import form_data, routing
from tests.accounts.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_an_agency_cannot_be_its_own_parent():
    agency = AgencyFactory()
    agency.parent = agency
    with pytest.raises(ValidationError) as refused:
        agency.full_clean()
    assert "parent" in refused.value.message_dict


def test_an_agency_cannot_go_below_its_own_child():
    top = AgencyFactory()
    child = AgencyFactory(parent=top)
    grandchild = AgencyFactory(parent=child)
    top.parent = grandchild
    with pytest.raises(ValidationError):
        top.full_clean()


def test_the_database_refuses_a_cycle_saved_past_validation():
    top = AgencyFactory()
    child = AgencyFactory(parent=top)
    top.parent = child
    with pytest.raises(DatabaseError), transaction.atomic():
        top.save(update_fields=["parent"])


def test_the_admin_shows_a_cycle_as_a_form_error(client, system_admin):
    top = AgencyFactory()
    child = AgencyFactory(parent=top)
    client.force_login(system_admin)
    response = client.post(
        f"/admin/accounts/agency/{top.pk}/change/",
        {
            "name": top.name,
            "level": top.level,
            "kind": top.kind,
            "parent": child.pk,
            "identifier": top.identifier,
            "succession_sources-TOTAL_FORMS": "0",
            "succession_sources-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors


def test_walks_up_a_cycle_stop(db):
    """Were a cycle to exist (built here in memory, past every guard), routing and
    the forms' issuer still answer instead of looping forever."""
    first = Agency(pk=10**9, name="A", kind=AgencyKind.DEPARTMENT)
    second = Agency(pk=10**9 + 1, name="B", kind=AgencyKind.DEPARTMENT, parent=first)
    first.parent = second
    assert len(first.ancestors()) == MAX_AGENCY_DEPTH
    assert routing.receiving_centre_for(first) == first
    assert form_data.issuer_of(first).governing == ""
