"""`seed_demo --dossiers N`: a year of activity whose figures match a full recount."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from dossiers.models import Dossier
from stats.figures import figures_for
from stats.periods import Period

pytestmark = pytest.mark.django_db


def is_late(dossier):
    pauses = sorted(dossier.pauses.all(), key=lambda pause: pause.started_at)
    end = dossier.resolved_at
    if pauses and pauses[-1].ended_at is None:
        end = pauses[-1].started_at
    due = dossier.legal_due_at
    return len(pauses) > 1 or (due is not None and end > due)


def recount(period):
    """Straight from the dossier table, without the aggregates."""
    span = (period.start, period.end)
    dossiers = Dossier.objects.filter(received_at__isnull=False)
    resolved = list(
        dossiers.filter(resolved_at__date__range=span).prefetch_related("pauses")
    )
    open_now = dossiers.filter(resolved_at__isnull=True).count()
    return {
        "received_new": dossiers.filter(received_at__date__range=span).count(),
        "resolved": len(resolved),
        "resolved_late": sum(1 for d in resolved if is_late(d)),
        "in_progress": open_now,
        "refused": Dossier.objects.filter(status="refused").count(),
    }


def test_seed_makes_a_year_that_the_figures_recount_exactly():
    out = StringIO()
    call_command("seed_demo", "--dossiers", "400", stdout=out)
    assert "400/400" in out.getvalue()
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert {"returned", "processing", "refused", "stopped"} <= statuses
    today = timezone.localdate()
    whole = Period(today - timedelta(days=400), today)
    figures = figures_for(whole)
    expected = recount(whole)
    assert {name: getattr(figures, name) for name in expected} == expected
    assert figures.carried_over == 0
    assert 0 < figures.resolved_late < figures.resolved * 0.2
    month = Period.month(today.year, today.month)
    this_month = figures_for(month)
    assert this_month.received_new == recount(month)["received_new"]
    assert this_month.in_progress == expected["in_progress"]


def test_seed_refuses_a_negative_count():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo", "--dossiers", "-1", stdout=StringIO())
