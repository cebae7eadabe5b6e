import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from national import views
from national.models import CatalogueRun, NationalSync, SyncStatus
from tests.accounts.factories import AgencyFactory, StaffFactory
from tests.dossiers.conftest import act, draft
from tests.national.helpers import deliver_pending

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_dossiers(world, portal, published):
    """One dossier synced (2 events), one rejected then held (2), one pending (1)."""
    synced = act(act(draft(world), "submit", world.citizen), "receive", world.clerk)
    deliver_pending()
    portal.set_mode("refuse")
    rejected = act(draft(world), "submit", world.citizen)
    deliver_pending()
    rejected = act(rejected, "receive", world.clerk)
    portal.set_mode("down")
    pending = act(draft(world), "submit", world.citizen)
    deliver_pending()
    portal.set_mode("up")
    return synced, rejected, pending


def listed(api_client, url):
    answer = api_client.get(url)
    assert answer.status_code == 200
    return answer.json()["count"]


def test_summary_counts_states_and_indicator_1_4(world, three_dossiers, api_client):
    api_client.force_authenticate(world.leader)
    answer = api_client.get("/api/v1/national/summary/")
    assert answer.status_code == 200
    data = answer.json()
    # events: 2 synced, 1 rejected, 1 held behind it + 1 down = 2 unsynced
    assert (data["synced"], data["rejected"], data["unsynced"], data["failed"]) == (
        2,
        1,
        2,
        0,
    )
    # 1 of 3 dossiers has every event synced
    assert (data["dossiers"], data["dossiers_synced"], data["share_synced"]) == (
        3,
        1,
        "33.3",
    )


def test_list_shows_rejected_with_reason_and_held_events(
    world, three_dossiers, api_client
):
    _synced, rejected, _pending = three_dossiers
    api_client.force_authenticate(world.leader)
    rows = api_client.get("/api/v1/national/syncs/?state=rejected").json()["results"]
    assert [(r["dossier_code"], r["sequence"], r["last_error"]) for r in rows] == [
        (rejected.code, 1, "refused: the portal refuses (stub mode)")
    ]
    unsynced = api_client.get("/api/v1/national/syncs/?state=unsynced").json()
    held = [r for r in unsynced["results"] if r["dossier_code"] == rejected.code]
    assert [(r["sequence"], r["blocked"]) for r in held] == [(2, True)]
    assert api_client.get("/api/v1/national/syncs/?state=nope").status_code == 400


def test_staff_of_another_agency_and_citizens_see_nothing(
    world, three_dossiers, api_client
):
    outsider = StaffFactory(agency=AgencyFactory(), roles=[Role.LEADER])
    api_client.force_authenticate(outsider)
    assert listed(api_client, "/api/v1/national/syncs/?state=all") == 0
    api_client.force_authenticate(world.leader)
    assert listed(api_client, "/api/v1/national/syncs/?state=all") == 5
    # by default what is not synced: 1 rejected, 1 held behind it, 1 pending
    assert listed(api_client, "/api/v1/national/syncs/") == 3
    api_client.force_authenticate(world.citizen)
    assert api_client.get("/api/v1/national/syncs/").status_code == 403
    assert api_client.get("/api/v1/national/summary/").status_code == 403


def test_an_administrator_retries_a_rejected_event(world, three_dossiers, api_client):
    admin = StaffFactory(agency=world.department, roles=[Role.AGENCY_ADMIN])
    row = NationalSync.objects.get(status=SyncStatus.REJECTED)
    url = f"/api/v1/national/syncs/{row.uuid}/retry/"
    api_client.force_authenticate(world.leader)
    assert api_client.post(url).status_code == 403
    elsewhere = StaffFactory(agency=AgencyFactory(), roles=[Role.AGENCY_ADMIN])
    api_client.force_authenticate(elsewhere)
    assert api_client.post(url).status_code == 404
    api_client.force_authenticate(admin)
    answer = api_client.post(url)
    assert (answer.status_code, answer.json()["status"]) == (200, "pending")
    assert api_client.post(url).status_code == 409
    deliver_pending()
    assert not NationalSync.objects.exclude(status=SyncStatus.SYNCED).exists()


def test_the_page_shows_the_indicator_and_the_reasons(world, three_dossiers, client):
    client.force_login(world.leader)
    page = client.get(reverse("national:reconciliation"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "33,3%" in text  # 1 / 3, Vietnamese decimal comma
    assert "refused: the portal refuses (stub mode)" in text
    row = "<td><code>applicant_kind</code></td><td><code>LoaiDoiTuong</code></td>"
    assert row in text
    assert "progress: NoiDungXuLy" in text
    client.force_login(world.clerk)
    assert client.get(reverse("national:reconciliation")).status_code == 404


def test_catalogue_runs_for_system_administrators_only(world, api_client):
    run = CatalogueRun.objects.create(
        source="/data.json", outcome="done", created_codes=["1.000253"]
    )
    api_client.force_authenticate(world.leader)
    assert api_client.get("/api/v1/national/catalogue-runs/").json()["count"] == 0
    assert (
        api_client.get(f"/api/v1/national/catalogue-runs/{run.uuid}/").status_code
        == 404
    )
    root = StaffFactory(agency=world.province, roles=[Role.SYSTEM_ADMIN])
    api_client.force_authenticate(root)
    answer = api_client.get(f"/api/v1/national/catalogue-runs/{run.uuid}/")
    assert answer.json()["created_codes"] == ["1.000253"]


def test_synced_events_are_listed_from_a_day(world, three_dossiers, api_client):
    api_client.force_authenticate(world.leader)
    today = timezone.localdate()
    synced = "/api/v1/national/syncs/?state=synced"
    assert listed(api_client, synced) == 2
    tomorrow = (today + timezone.timedelta(days=1)).isoformat()
    assert listed(api_client, f"{synced}&since={tomorrow}") == 0
    summary = api_client.get(f"/api/v1/national/summary/?since={tomorrow}").json()
    assert (summary["dossiers"], summary["share_synced"]) == (0, None)


def test_the_list_costs_a_fixed_number_of_queries(
    world, three_dossiers, api_client, django_assert_max_num_queries
):
    api_client.force_authenticate(world.leader)
    with django_assert_max_num_queries(8):
        answer = api_client.get("/api/v1/national/syncs/?state=all")
    assert answer.json()["count"] == 5


def test_the_admin_sends_rejected_events_again(world, three_dossiers, client):
    root = StaffFactory(agency=world.province, roles=[Role.SYSTEM_ADMIN], is_staff=True)
    client.force_login(root)
    changelist = reverse("admin:national_nationalsync_changelist")
    assert client.get(changelist).status_code == 200
    rejected = NationalSync.objects.get(status=SyncStatus.REJECTED)
    client.post(changelist, {"action": "retry", "_selected_action": [rejected.pk]})
    rejected.refresh_from_db()
    assert rejected.status == SyncStatus.PENDING
    runs = reverse("admin:national_cataloguerun_changelist")
    assert client.get(runs).status_code == 200


def test_the_page_pages_forward_and_back_without_counting_the_list(
    world, three_dossiers, client, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(world.leader)
    url = reverse("national:reconciliation")
    pages, queries = [], []
    href = "?state=all"
    for _ in range(3):
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(url + href.replace("&amp;", "&"))
        pages.append(answer.content.decode())
        queries.append([q["sql"] for q in captured.captured_queries])
        href = page_link(pages[-1], "Trang sau")
    synced, rejected, pending = three_dossiers
    shown = [
        re.findall(r">([\w.-]+-\d{6}-\d{4})</a></td>\s*<td>(\d+)<", p) for p in pages
    ]
    assert shown == [
        [(synced.code, "1"), (synced.code, "2")],
        [(rejected.code, "1"), (rejected.code, "2")],
        [(pending.code, "1")],
    ]
    assert href is None and page_link(pages[0], "Trang trước") is None
    back = client.get(url + page_link(pages[2], "Trang trước").replace("&amp;", "&"))
    assert re.findall(r">([\w.-]+-\d{6}-\d{4})</a></td>", back.content.decode()) == [
        rejected.code,
        rejected.code,
    ]
    for sqls in queries:
        counts = [sql for sql in sqls if "COUNT(" in sql]
        # Only indicator 1.4's three (the period's events by state, its dossiers,
        # those fully synced); none over the listed rows, however deep the page.
        assert len(counts) == 3
        assert all("FILTER" in sql or "GROUP BY" in sql for sql in counts)


def page_link(html, label):
    found = re.search(rf'<a href="(\?[^"]+)">{label}</a>', html)
    return found.group(1) if found else None
