"""The aggregates kept with each transition equal a full recount."""

from io import StringIO

import pytest
from django.core.management import call_command

from core.exceptions import TransitionNotAllowed
from stats.figures import Scope, figures_for
from stats.models import COUNTERS, StatsBucket, StatsDossier
from stats.periods import Period
from stats.services import stats_rebuild
from tests.accounts.factories import AgencyFactory, StaffFactory
from tests.dossiers.conftest import act, advance, draft
from tests.stats.worlds import at

pytestmark = pytest.mark.django_db


def buckets():
    rows = StatsBucket.objects.values_list(
        "grain", "start", "agency_id", "procedure_id", "field_id", "level", *COUNTERS
    )
    return sorted(row for row in rows if any(row[6:]))


def trackers():
    return sorted(
        StatsDossier.objects.values_list(
            "dossier_id",
            "agency_id",
            "procedure_id",
            "is_open",
            "legal_due_at",
            "overdue_from",
            "entries",
            "assignee_id",
        )
    )


def test_incremental_aggregates_equal_a_rebuild(may):
    incremental, kept = buckets(), trackers()
    assert incremental
    report = stats_rebuild()
    assert buckets() == incremental
    assert trackers() == kept
    assert report.dossiers == len(kept)


def test_rebuild_command_reports_and_recounts(may):
    StatsBucket.objects.all().delete()
    out = StringIO()
    call_command("rebuild_stats", stdout=out)
    assert "hồ sơ" in out.getvalue()
    f = figures_for(Period.month(2026, 5), now=at(6, 10, 10))
    assert f.received_new == 10


def test_transfer_moves_the_dossier_to_the_new_agency(world):
    other = AgencyFactory(parent=world.province)
    other_leader = StaffFactory(agency=other, roles=["leader"])
    other_officer = StaffFactory(agency=other, roles=["officer"])
    world.procedure.agencies.add(other)
    dossier = advance(world, draft(world), "processing")
    act(dossier, "transfer", world.leader, agency=other, note="Liên thông")
    act(dossier, "assign", other_leader, assignee=other_officer)
    period = Period.year(dossier.received_at.year)
    mine = figures_for(period, Scope(agency_ids=frozenset({world.department.pk})))
    theirs = figures_for(period, Scope(agency_ids=frozenset({other.pk})))
    assert (mine.received, theirs.received, theirs.in_progress) == (0, 1, 1)
    incremental = buckets()
    stats_rebuild()
    assert buckets() == incremental


def test_a_refused_transition_changes_no_figure(world):
    dossier = advance(world, draft(world), "processing")
    before = buckets()
    with pytest.raises(TransitionNotAllowed):
        act(dossier, "approve", world.leader)  # not awaiting approval
    assert buckets() == before


def test_a_dossier_withdrawn_before_reception_is_never_in_progress(world):
    dossier = act(draft(world), "submit", world.citizen)
    act(dossier, "withdraw", world.citizen)
    f = figures_for(Period.year(dossier.submitted_at.year))
    assert (f.withdrawn_unreceived, f.received, f.in_progress) == (1, 0, 0)
    assert not StatsDossier.objects.filter(is_open=True).exists()
