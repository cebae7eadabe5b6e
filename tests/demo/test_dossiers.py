import itertools
import random
from datetime import timedelta

import pytest
from django.utils import timezone

from demo.accounts import seed_accounts
from demo.dossiers import Maker, seed_dossiers
from demo.procedures import seed_procedures
from dossiers import selectors
from dossiers.models import Dossier, SatisfactionRating
from dossiers.workflow import PAYMENT_WAITS, DossierStatus

pytestmark = pytest.mark.django_db


def demo_rng(seed):
    return random.Random(seed)  # noqa: S311 (demo data, not secrets)


def test_demo_dossiers_cover_every_status_once(django_capture_on_commit_callbacks):
    """One seeding (it takes seconds): what the demo holds, and that a second
    seeding adds nothing."""
    seed_accounts()
    seed_procedures()
    lines = seed_dossiers(demo_rng(2026))
    assert lines[0].startswith("60 hồ sơ (tạo mới)")
    # Waiting for fees (status 6) is the payments demo's (demo/payments.py).
    assert (
        set(Dossier.objects.values_list("status", flat=True))
        == set(DossierStatus) - PAYMENT_WAITS
    )
    assert {"counter", "online"} == set(
        Dossier.objects.values_list("channel", flat=True)
    )
    assert SatisfactionRating.objects.exists()

    dossiers = list(Dossier.objects.prefetch_related("events"))
    now = timezone.now()
    assert now - min(d.created_at for d in dossiers) > timedelta(days=60)
    for dossier in dossiers:
        moments = [event.at for event in dossier.events.all()]
        assert moments == sorted(moments) and moments[-1] <= now
        if dossier.received_at:
            assert dossier.submitted_at <= dossier.received_at < dossier.due_at
    returned = [d for d in dossiers if d.status == "returned"]
    assert any(d.resolved_at > d.legal_due_at for d in returned), [
        (d.code, d.received_at, d.resolved_at, d.legal_due_at) for d in returned
    ]
    assert any(d.resolved_at <= d.legal_due_at for d in returned)

    officer = next(
        d.assignee
        for d in dossiers
        if d.assignee and d.assignee.username == "chuyenvien.tuphap"
    )
    soon = selectors.due_soon_limit(now)
    worklist = list(selectors.officer_worklist(officer))
    assert any(d.due_at < now and d.apologized_at is None for d in worklist)
    # Appointments fall at the end of a working day: after hours, the soonest is at
    # the end of the next working day, the limit itself.
    assert any(now < d.due_at <= soon for d in worklist)

    assert seed_dossiers(demo_rng(2026))[0].startswith("60 hồ sơ (hồ sơ mẫu đã có)")
    assert Dossier.objects.count() == 60


def test_random_parts_follow_the_seed():
    def walk_ins(seed):
        maker = Maker(rng=demo_rng(seed), users={}, procedures={}, agencies={})
        return [maker.walk_in() for _ in range(5)] + [maker.hours(1, 100)]

    assert walk_ins(7) == walk_ins(7)
    assert walk_ins(7) != walk_ins(8)


def test_the_demo_obeys_the_law():
    """Reception on working days in working hours, codes dated by the day of
    submission or reception, staff acting in working hours, deadlines as the law
    counts them, every event an edge of the table, the right stop notice."""
    from core.calendar import get_calendar
    from demo.dossiers import STOP_AT_REQUEST_NOTE
    from dossiers.deadlines import appointment_for, shift_deadline
    from dossiers.workflow import target_of, transition_for

    seed_accounts()
    seed_procedures()
    seed_dossiers(demo_rng(11))
    calendar = get_calendar()

    def at_work(moment):
        local = timezone.localtime(moment)
        return calendar.is_working_day(local.date()) and any(
            start <= local.time() <= end for start, end in calendar.periods
        )

    dossiers = Dossier.objects.select_related("procedure").prefetch_related(
        "events__actor", "pauses"
    )
    for dossier in dossiers:
        events = list(dossier.events.all())
        for event in events[1:]:
            edge = transition_for(event.action, event.from_status)
            assert edge and target_of(edge, event.from_status) == event.to_status
        for event in events:
            if event.actor and event.actor.account_type == "staff":
                assert at_work(event.at), (dossier.code, event.action, event.at)
        coded = [e for e in events if e.action in ("submit", "intake")]
        if dossier.code:
            day = timezone.localdate(coded[0].at)
            assert dossier.code.split("-")[1] == f"{day:%y%m%d}", dossier.code
        if dossier.received_at:
            assert at_work(dossier.received_at)
            expected = appointment_for(dossier.procedure, dossier.received_at, calendar)
            for pause in dossier.pauses.all():
                if pause.ended_at:
                    paused = calendar.working_time_between(
                        pause.started_at, pause.ended_at
                    )
                    expected = shift_deadline(expected, paused, calendar)
            assert dossier.legal_due_at == expected, dossier.code
        for before, event in itertools.pairwise(events):
            if event.action == "stop":
                asked = before.action == "request_withdrawal"
                assert (event.note == STOP_AT_REQUEST_NOTE) == asked, dossier.code
                # At the applicant's request form 05; else the ineligibility notice.
                assert event.form_code == ("05" if asked else "TB")
    assert Dossier.objects.filter(status="stopped").count() == 2
