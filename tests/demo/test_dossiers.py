import random
from datetime import timedelta

import pytest
from django.utils import timezone

from demo.accounts import seed_accounts
from demo.dossiers import Maker, seed_dossiers
from demo.procedures import seed_procedures
from dossiers import selectors
from dossiers.models import Dossier, SatisfactionRating
from dossiers.workflow import DossierStatus

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
    assert set(Dossier.objects.values_list("status", flat=True)) == set(DossierStatus)
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
    assert any(d.resolved_at > d.legal_due_at for d in returned)
    assert any(d.resolved_at <= d.legal_due_at for d in returned)

    officer = next(
        d.assignee
        for d in dossiers
        if d.assignee and d.assignee.username == "chuyenvien.tuphap"
    )
    soon = selectors.due_soon_limit(now)
    worklist = list(selectors.officer_worklist(officer))
    assert any(d.due_at < now and d.apologized_at is None for d in worklist)
    assert any(now < d.due_at < soon for d in worklist)

    assert seed_dossiers(demo_rng(2026))[0].startswith("60 hồ sơ (hồ sơ mẫu đã có)")
    assert Dossier.objects.count() == 60


def test_random_parts_follow_the_seed():
    def walk_ins(seed):
        maker = Maker(rng=demo_rng(seed), users={}, procedures={}, agencies={})
        return [maker.walk_in() for _ in range(5)] + [maker.hours(1, 100)]

    assert walk_ins(7) == walk_ins(7)
    assert walk_ins(7) != walk_ins(8)
