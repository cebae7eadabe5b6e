"""Transitions at once on dossiers sharing buckets: no update lost, no deadlock."""

import threading

import pytest
from django.db import connection

from stats.figures import figures_for
from stats.models import COUNTERS, StatsBucket
from stats.periods import Period
from stats.services import stats_rebuild
from tests.dossiers.conftest import act, advance, draft

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(count, work):
    """Run `work(index)` in `count` threads, each with its own connection."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def runner(index):
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # the test inspects every outcome
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


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
