"""The access log: who saw a dossier's personal data, every admin change;
append-only, read by leaders of the agencies and the system administrator."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.utils import timezone

from accounts.audit import access_record
from accounts.models import AccessLog, Role
from tests.accounts.factories import AgencyFactory, StaffFactory
from tests.identity.conftest import make_counter, walk_in

pytestmark = pytest.mark.django_db


def dossier_rows(dossier):
    return list(
        AccessLog.objects.filter(object_type="dossier", object_ref=dossier.code)
        .order_by("pk")
        .values_list("action", "channel", "actor")
    )


def record(ref, **fields):
    access_record(
        actor=None,
        action="view",
        channel="page",
        object_type="dossier",
        object_ref=ref,
        **fields,
    )


@pytest.fixture
def counter(db):
    return make_counter()


@pytest.fixture
def dossier(counter, media_root):
    return walk_in(counter)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_page_api_and_file_reads_are_logged_once_each(
    client, api_client, dossier, counter
):
    clerk = counter["clerk"]
    client.force_login(clerk)
    api_client.force_authenticate(clerk)
    file = dossier.files.first()
    name = file.file.name.rsplit("/", 1)[-1]

    assert client.get(f"/ho-so/{dossier.code}/").status_code == 200
    assert api_client.get(f"/api/v1/dossiers/{dossier.code}/").status_code == 200
    assert client.get(f"/ho-so/{dossier.code}/tep/{name}/").status_code == 200

    assert dossier_rows(dossier) == [
        ("view", "page", clerk.pk),
        ("view", "api", clerk.pk),
        ("download", "page", clerk.pk),
    ]


def test_the_control_sheet_pdf_is_logged(client, dossier, counter):
    client.force_login(counter["clerk"])
    response = client.get(f"/ho-so/{dossier.code}/phieu-kiem-soat/")
    assert response.status_code == 200
    assert dossier_rows(dossier) == [("form", "page", counter["clerk"].pk)]


def test_a_refused_read_writes_nothing(client, dossier):
    client.force_login(StaffFactory(roles=[Role.OFFICER]))
    assert client.get(f"/ho-so/{dossier.code}/").status_code == 404
    assert dossier_rows(dossier) == []


def test_rows_cannot_be_changed_or_deleted():
    access_record(
        actor=None, action="view", channel="page", object_type="dossier", object_ref="X"
    )
    row = AccessLog.objects.get()
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        row.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).update(object_ref="Y")
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).delete()
    assert AccessLog.objects.get().object_ref == "X"


def test_purge_deletes_only_rows_older_than_the_retention(settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    now = timezone.now()
    for days, ref in ((31, "old"), (29, "recent")):
        AccessLog.objects.create(
            at=now - timedelta(days=days),
            action="view",
            channel="page",
            object_type="dossier",
            object_ref=ref,
        )
    out = StringIO()
    call_command("purge_access_log", stdout=out)
    assert "Deleted 1 " in out.getvalue()
    assert list(AccessLog.objects.values_list("object_ref", flat=True)) == ["recent"]


def test_leader_reads_the_rows_of_their_agencys_dossiers(client, dossier, counter):
    department = counter["department"]
    client.force_login(counter["clerk"])
    client.get(f"/ho-so/{dossier.code}/")
    other = AgencyFactory()
    access_record(
        actor=None,
        action="view",
        channel="page",
        object_type="dossier",
        object_ref="OTHER-1",
        agency_ids=(other.pk, other.pk),
    )
    leader = StaffFactory(agency=department, roles=[Role.LEADER])
    client.force_login(leader)
    shown = [row.object_ref for row in client.get("/nhat-ky-truy-cap/").context["rows"]]
    assert shown == [dossier.code]


def test_system_admin_reads_every_row(client, system_admin):
    access_record(
        actor=None, action="view", channel="page", object_type="dossier", object_ref="A"
    )
    client.force_login(system_admin)
    response = client.get("/nhat-ky-truy-cap/")
    assert "A" in [row.object_ref for row in response.context["rows"]]


@pytest.mark.parametrize("role", [Role.CLERK, Role.OFFICER, Role.AGENCY_ADMIN])
def test_other_staff_cannot_read_the_log(client, role):
    client.force_login(StaffFactory(roles=[role]))
    assert client.get("/nhat-ky-truy-cap/").status_code == 403


def test_admin_changes_are_logged_and_the_log_is_read_only_in_the_admin(
    client, system_admin
):
    agency = AgencyFactory()
    client.force_login(system_admin)
    client.post(
        f"/admin/accounts/agency/{agency.pk}/change/",
        {
            "name": "Tên mới",
            "level": agency.level,
            "kind": agency.kind,
            "identifier": agency.identifier,
            "succession_sources-TOTAL_FORMS": "0",
            "succession_sources-INITIAL_FORMS": "0",
        },
    )
    row = AccessLog.objects.get(action="admin_change")
    assert (row.actor, row.object_type, row.object_ref) == (
        system_admin,
        "accounts.agency",
        str(agency.pk),
    )
    assert client.get(f"/admin/accounts/accesslog/{row.pk}/change/").status_code == 200
    assert client.post(f"/admin/accounts/accesslog/{row.pk}/delete/").status_code == 403
    assert client.get("/admin/accounts/accesslog/add/").status_code == 403
