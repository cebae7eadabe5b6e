import pytest
from django.utils import timezone

from national.models import NationalSync, StubDossier, StubRequest, SyncStatus
from tests.accounts.factories import province_with_communes
from tests.dossiers.conftest import act, advance, draft
from tests.national.helpers import deliver, deliver_pending, received_statuses

pytestmark = pytest.mark.django_db


def test_a_draft_is_not_reported_and_submission_is_the_first_event(world, published):
    dossier = draft(world)
    assert not NationalSync.objects.exists()
    dossier = act(dossier, "submit", world.citizen)
    row = NationalSync.objects.get()
    assert (row.dossier_id, row.sequence, row.national_status) == (dossier.pk, 1, 1)
    assert row.status == SyncStatus.PENDING


def test_each_transition_writes_one_row_in_order_queued_on_commit(
    world, published, django_capture_on_commit_callbacks
):
    dossier = act(draft(world), "submit", world.citizen)
    with django_capture_on_commit_callbacks(execute=True):
        dossier = act(dossier, "receive", world.clerk)
    rows = list(NationalSync.objects.order_by("sequence"))
    assert [(r.sequence, r.national_status) for r in rows] == [(1, 1), (2, 2)]
    # The first event is still pending: it heads the dossier's queue, so it is the
    # one queued (the second follows it).
    assert published == [rows[0].pk]


def test_a_new_event_queues_itself_once_the_earlier_ones_are_synced(
    world, portal, published, django_capture_on_commit_callbacks
):
    dossier = act(draft(world), "submit", world.citizen)
    deliver_pending()
    with django_capture_on_commit_callbacks(execute=True):
        act(dossier, "receive", world.clerk)
    assert published == [NationalSync.objects.get(sequence=2).pk]


def test_the_sweep_queues_heads_past_their_backoff_only(world, portal, published):
    first = act(draft(world), "submit", world.citizen)
    act(first, "receive", world.clerk)
    second = act(draft(world), "submit", world.citizen)
    later = timezone.now() + timezone.timedelta(minutes=3)
    NationalSync.objects.filter(dossier=second).update(next_attempt_at=later)
    from national import services

    published.clear()
    assert services.sync_sweep(now=timezone.now()) == 0  # within the grace period
    assert services.sync_sweep(now=later) == 1
    heads = NationalSync.objects.filter(sequence=1)
    assert published == [heads.get(dossier=first).pk]
    published.clear()
    assert services.sync_sweep(at_once=True) == 2
    assert sorted(published) == sorted(heads.values_list("pk", flat=True))


def test_the_sweep_reclaims_a_row_whose_worker_died(world, portal, published):
    act(draft(world), "submit", world.citizen)
    row = NationalSync.objects.get()
    from national import services

    services.sync_claim(sync_id=row.pk)
    later = timezone.now() + timezone.timedelta(minutes=15)
    assert services.sync_sweep(now=later) == 1
    row.refresh_from_db()
    assert row.status == SyncStatus.PENDING
    assert deliver_pending() == ["synced"]


def test_in_process_a_failure_waits_instead_of_retrying_at_once(world, portal):
    from national import tasks

    portal.set_mode("down")
    act(draft(world), "submit", world.citizen)
    row = NationalSync.objects.get()
    tasks.national_sync_send.apply(args=[row.pk])  # eager, as in the embedded run
    row.refresh_from_db()
    assert (row.status, row.attempts) == (SyncStatus.PENDING, 1)


def test_a_refused_transition_leaves_no_row(world, published):
    dossier = act(draft(world), "submit", world.citizen)
    with pytest.raises(Exception):  # noqa: B017 (the transition's own refusal)
        act(dossier, "approve", world.clerk)
    assert NationalSync.objects.count() == 1


def test_delivery_runs_the_six_steps_and_the_stub_records_them(
    world, portal, published
):
    dossier = act(draft(world), "submit", world.citizen)
    dossier = act(dossier, "receive", world.clerk)
    assert deliver_pending() == ["synced", "synced"]
    operations = list(
        StubRequest.objects.filter(dossier_code=dossier.code).values_list(
            "operation", flat=True
        )
    )
    files = world.procedure.components.count()
    assert operations == (
        ["code"]
        + ["file"] * files
        + ["create", "progress", "status"]
        + ["progress", "status"]
    )
    assert received_statuses(dossier.code) == [(1, 1), (2, 2)]
    remote = StubDossier.objects.get(code=dossier.code)
    assert (remote.created, remote.last_sequence, remote.national_status) == (
        True,
        2,
        2,
    )
    row = NationalSync.objects.get(sequence=1)
    assert row.response["MaHoSo"] == dossier.code
    assert len(row.response["files"]) == files


def test_the_main_path_reaches_the_portal_with_the_national_codes(
    world, portal, published
):
    dossier = advance(world, draft(world), "returned")
    deliver_pending()
    # submit 1, receive 2, assign 4, forward 4, approve 9, return 10
    assert received_statuses(dossier.code) == [
        (1, 1),
        (2, 2),
        (3, 4),
        (4, 4),
        (5, 9),
        (6, 10),
    ]
    # Delivered after the fact, the result (uploaded while processing, after
    # "assign" and before "forward") travels with the "assign" event.
    result = dossier.files.get(kind="result")
    assign = NationalSync.objects.get(dossier=dossier, sequence=3)
    assert assign.response["file_ids"] == [result.pk]
    entry = StubRequest.objects.get(
        operation="progress", dossier_code=dossier.code, sequence=3
    )
    assert entry.payload["TepTinDinhKem"] == assign.response["files"]
    files = StubRequest.objects.filter(operation="file", dossier_code=dossier.code)
    assert files.count() == world.procedure.components.count() + 1


def test_a_file_added_later_travels_with_the_next_event_delivered(
    world, portal, published
):
    dossier = advance(world, draft(world), "processing")
    deliver_pending()
    dossier = advance(world, dossier, "awaiting_approval")  # uploads the result
    deliver_pending()
    forward = NationalSync.objects.get(dossier=dossier, sequence=4)
    assert forward.response["file_ids"] == [dossier.files.get(kind="result").pk]


def test_a_later_event_waits_for_the_earlier_one(world, portal, published):
    dossier = act(act(draft(world), "submit", world.citizen), "receive", world.clerk)
    first, second = NationalSync.objects.order_by("sequence")
    assert deliver([second.pk]) == ["not claimed"]
    assert deliver([first.pk, second.pk]) == ["synced", "synced"]
    assert received_statuses(dossier.code) == [(1, 1), (2, 2)]


def test_the_portal_down_then_back_delivers_each_event_once(world, portal, published):
    dossier = act(act(draft(world), "submit", world.citizen), "receive", world.clerk)
    portal.set_mode("down")
    assert deliver_pending() == ["retry", "not claimed"]
    first = NationalSync.objects.get(sequence=1)
    assert (first.status, first.attempts) == (SyncStatus.PENDING, 1)
    assert "503" in first.last_error
    portal.set_mode("up")
    assert deliver_pending() == ["synced", "synced"]
    assert received_statuses(dossier.code) == [(1, 1), (2, 2)]


def test_a_lost_answer_is_repeated_with_the_same_key_and_applied_once(
    world, portal, published
):
    dossier = act(draft(world), "submit", world.citizen)
    deliver_pending()
    before = StubRequest.objects.count()
    # The portal applied everything but the answer never arrived: sent again.
    NationalSync.objects.update(status=SyncStatus.PENDING)
    assert deliver_pending() == ["synced"]
    assert StubRequest.objects.count() == before
    assert received_statuses(dossier.code) == [(1, 1)]


def test_a_refusal_rejects_with_the_reason_and_holds_later_events(
    world, portal, published
):
    dossier = act(draft(world), "submit", world.citizen)
    portal.set_mode("refuse")
    assert deliver_pending() == ["rejected"]
    act(dossier, "receive", world.clerk)
    assert deliver_pending() == ["not claimed"]
    rejected = NationalSync.objects.get(sequence=1)
    assert rejected.status == SyncStatus.REJECTED
    assert rejected.last_error == "refused: the portal refuses (stub mode)"
    portal.set_mode("up")
    from national import services

    assert services.sync_retry(sync_ids=[rejected.pk]) == 1
    assert deliver_pending() == ["synced", "synced"]
    assert received_statuses(dossier.code) == [(1, 1), (2, 2)]


def test_without_a_portal_url_nothing_is_claimed(world, settings, published):
    settings.NATIONAL_PORTAL_URL = ""
    act(draft(world), "submit", world.citizen)
    from national import tasks

    row = NationalSync.objects.get()
    tasks.national_sync_send(row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (SyncStatus.PENDING, 0)


def test_the_applicants_province_and_commune_reach_the_portal(world, portal, published):
    province_with_communes("68", {"24781": "phường Xuân Hương - Đà Lạt"})
    world.citizen.address = "12 Phan Đình Phùng, phường Xuân Hương - Đà Lạt"
    world.citizen.save(update_fields=["address"])
    known = act(draft(world), "submit", world.citizen)
    world.citizen.address = "12 Lê Lợi, phường Bến Nghé, TP Hồ Chí Minh"
    world.citizen.save(update_fields=["address"])
    elsewhere = act(draft(world), "submit", world.citizen)
    assert deliver_pending() == ["synced", "synced"]

    def applicant(dossier):
        entry = StubRequest.objects.get(operation="create", dossier_code=dossier.code)
        return entry.payload["ThongTinNguoiNop"]

    assert (applicant(known)["MaTinh"], applicant(known)["MaXa"]) == ("68", "24781")
    assert "MaTinh" not in applicant(elsewhere) and "MaXa" not in applicant(elsewhere)
