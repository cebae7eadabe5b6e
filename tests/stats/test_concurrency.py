"""Transitions at once on dossiers sharing buckets: no update lost, no deadlock."""

import pytest

from stats.figures import figures_for
from stats.models import COUNTERS, StatsBucket
from stats.periods import Period
from stats.services import stats_rebuild
from tests.concurrency import run_together
from tests.dossiers.conftest import act, advance, draft

pytestmark = pytest.mark.django_db(transaction=True)


def counters():
    """Non-empty buckets (cancelled predictions leave rows of zeros behind)."""
    rows = StatsBucket.objects.values_list("grain", "start", *COUNTERS)
    return sorted(row for row in rows if any(row[2:]))


def test_concurrent_signatures_all_count(world):
    dossiers = [advance(world, draft(world), "awaiting_approval") for _ in range(6)]
    results = run_together(
        len(dossiers), lambda i: act(dossiers[i], "approve", world.leader)
    )
    assert not [result for result in results if isinstance(result, Exception)]
    year = Period.year(dossiers[0].received_at.year)
    assert figures_for(year).resolved == 6
    incremental = counters()
    stats_rebuild()
    assert counters() == incremental
