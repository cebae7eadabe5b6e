"""A rebuild never makes a reader or a transition wait (two connections)."""

import threading
from contextlib import contextmanager

import pytest
from django.db import connection
from django.utils import timezone

from stats import services
from stats.figures import figures_for
from stats.models import StatsDossier
from stats.periods import Period
from stats.services import stats_rebuild
from tests.dossiers.conftest import act, draft
from tests.stats.test_concurrency import counters

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def rebuild_paused(monkeypatch):
    """A rebuild in its own thread and connection, held after it wrote its figures
    and before it swaps them in."""
    written, resume, outcome = threading.Event(), threading.Event(), []
    write_buckets = services._write_buckets

    def write_and_wait(rows, table):
        write_buckets(rows, table)
        written.set()
        resume.wait(60)

    def run():
        try:
            outcome.append(stats_rebuild())
        except Exception as error:  # the test inspects it
            outcome.append(error)
        finally:
            connection.close()

    monkeypatch.setattr(services, "_write_buckets", write_and_wait)
    thread = threading.Thread(target=run)
    thread.start()
    assert written.wait(60), "the rebuild did not start"
    try:
        yield
    finally:
        resume.set()
        thread.join(60)
    assert outcome and not isinstance(outcome[0], Exception), outcome


def test_reader_and_transition_go_on_while_a_rebuild_runs(world, monkeypatch):
    dossier = act(draft(world), "submit", world.citizen)
    year = Period.year(timezone.localdate().year)
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '1s'")  # waiting on the rebuild fails
    try:
        with rebuild_paused(monkeypatch):
            assert figures_for(year).received == 0
            act(dossier, "receive", world.clerk)
            assert figures_for(year).received == 1
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    # The receipt made during the rebuild survived the swap.
    assert figures_for(year).received == 1
    assert StatsDossier.objects.get(dossier=dossier).is_open
    swapped = counters()
    stats_rebuild()
    assert counters() == swapped
