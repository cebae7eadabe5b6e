"""Writes of the statistics: after each transition, after a rating, and a rebuild.

`stats_record_transition` subscribes to the dossier events (stats.apps) and runs
inside the transaction of `dossiers.services.dossier_apply_action`, under its row
lock on the dossier: it recomputes what the dossier contributes, compares it with
what it contributed before (kept in StatsDossier) and adds the difference to the
buckets with one upsert. The aggregates therefore commit or roll back with the
transition itself.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from core.calendar import get_calendar
from core.public_cache import STATISTICS, source_changed
from dossiers.events import Rated, Transitioned
from dossiers.models import Dossier, DossierEvent, SatisfactionRating
from feedback.events import FeedbackChanged
from feedback.models import FeedbackEvent
from stats import rebuild
from stats.contributions import Contribution, Facts, contribute
from stats.facts import facts_of, iter_facts
from stats.models import COUNTERS, StatsBucket, StatsDossier
from stats.worktime import timeline_for

Key = tuple[int, int, int, str]  # agency, procedure, field, level
BucketKey = tuple[str, date, int, int]  # grain, start, agency, procedure
COLUMN = {name: index for index, name in enumerate(COUNTERS)}
# A transition that began a little before the rebuild may commit after it read.
CATCH_UP_MARGIN = timedelta(minutes=5)


def stats_record_transition(change: Transitioned) -> None:
    """Bring the dossier's contribution up to date after a transition.

    Subscriber (in the transaction) of every published transition: runs after the
    dossier is saved, under its row lock; the contribution depends on the dossier
    and its history alone, not on which transition led there.
    """
    _refresh(change.dossier)
    source_changed(STATISTICS)


def stats_record_rating(change: Rated) -> None:
    """A rating changes the satisfaction counters of the dossier's resolution day."""
    dossier = Dossier.objects.select_related("procedure", "processing_agency").get(
        pk=change.rating.dossier_id
    )
    _refresh(dossier)
    source_changed(STATISTICS)


def stats_record_feedback_dossier(change: FeedbackChanged) -> None:
    """A feedback linked to a dossier counts against the dossier's indicator 5.4
    (on its resolution day), unless it is spam: every move of such a feedback
    refreshes the dossier, under its row lock as a transition would."""
    dossier_id = change.feedback.dossier_id
    if dossier_id is None:
        return
    _refresh_locked(dossier_id)
    source_changed(STATISTICS)


def _refresh_locked(pk: int) -> None:
    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("procedure", "processing_agency")
            .get(pk=pk)
        )
        _refresh(dossier)


@transaction.atomic
def _refresh(dossier: Dossier) -> None:
    facts = facts_of(dossier)
    new = contribute(facts, timeline_for(get_calendar()))
    tracker = StatsDossier.objects.select_for_update().filter(pk=dossier.pk).first()
    old_key = _tracker_key(tracker) if tracker else None
    deltas = diff(old_key, tracker.entries if tracker else {}, facts.key, new.entries)
    apply_deltas(deltas)
    if new.entries or new.is_open:
        tracker_row(facts, new).save()
    elif tracker is not None:
        tracker.delete()


def _tracker_key(tracker: StatsDossier) -> Key:
    return (tracker.agency_id, tracker.procedure_id, tracker.field_id, tracker.level)


def tracker_row(facts: Facts, contribution: Contribution) -> StatsDossier:
    values = tracker_values(facts, contribution)
    return StatsDossier(**dict(zip(_TRACKER_COLUMNS, values, strict=True)))


def tracker_values(facts: Facts, contribution: Contribution) -> tuple[Any, ...]:
    """The tracker's columns in the order of _TRACKER_COLUMNS."""
    return (
        facts.dossier_id,
        facts.agency_id,
        facts.procedure_id,
        facts.field_id,
        facts.level,
        facts.assignee_id if contribution.is_open else None,
        contribution.is_open,
        facts.legal_due_at,
        contribution.overdue_from,
        contribution.entries,
    )


def diff(
    old_key: Key | None,
    old: dict[str, int],
    new_key: Key,
    new: dict[str, int],
) -> dict[Key, Counter[str]]:
    """What to add to the buckets of each key to go from `old` to `new`."""
    deltas: defaultdict[Key, Counter[str]] = defaultdict(Counter)
    if old_key is not None:
        deltas[old_key].subtract(old)
    deltas[new_key].update(new)
    return {
        key: Counter({name: n for name, n in counter.items() if n})
        for key, counter in deltas.items()
        if any(counter.values())
    }


def bucket_starts(day: date) -> tuple[tuple[str, date], ...]:
    """The day, month and year buckets a day belongs to."""
    return (("d", day), ("m", day.replace(day=1)), ("y", day.replace(month=1, day=1)))


def bucket_rows(deltas: dict[Key, Counter[str]]) -> list[tuple[Any, ...]]:
    """Rows of (grain, start, agency, procedure, field, level, *counters)."""
    rows: dict[BucketKey, list[Any]] = {}
    for (agency, procedure, field, level), counter in deltas.items():
        for name, n in counter.items():
            counter_name, day = name.split(":")
            for grain, start in bucket_starts(date.fromisoformat(day)):
                row = rows.setdefault(
                    (grain, start, agency, procedure),
                    [field, level] + [0] * len(COUNTERS),
                )
                row[2 + COLUMN[counter_name]] += n
    return [(*key, *rows[key]) for key in sorted(rows)]


_COLUMNS = ("grain", "start", "agency_id", "procedure_id", "field_id", "level")


def apply_deltas(deltas: dict[Key, Counter[str]]) -> None:
    """Add the deltas with one upsert (rows sorted, so concurrent writers lock in the
    same order and cannot deadlock)."""
    rows = bucket_rows(deltas)
    if not rows:
        return
    table = StatsBucket._meta.db_table
    columns = ", ".join((*_COLUMNS, *COUNTERS))
    placeholders = "(" + ", ".join(["%s"] * (len(_COLUMNS) + len(COUNTERS))) + ")"
    updates = ", ".join(
        [f"{name} = excluded.{name}" for name in ("field_id", "level")]
        + [f"{name} = {table}.{name} + excluded.{name}" for name in COUNTERS]
    )
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608 (names are constants)
        + ", ".join([placeholders] * len(rows))
        + " ON CONFLICT (grain, start, agency_id, procedure_id) DO UPDATE SET "
        + updates
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])


# --- Rebuild ---


@dataclass(frozen=True)
class RebuildReport:
    dossiers: int
    buckets: int


def stats_rebuild(*, chunk: int = 20000) -> RebuildReport:
    """Recompute every aggregate from the dossiers.

    On PostgreSQL the figures go into shadow tables swapped in at the end
    (stats/rebuild.py): readers keep the old figures and transitions go on meanwhile,
    and the dossiers changed during the rebuild are refreshed after the swap, as a
    transition would. Used by `rebuild_stats`, by the seed, and by the tests that
    compare it with the incremental updates.
    """
    if connection.vendor != "postgresql":
        with transaction.atomic():
            StatsBucket.objects.all().delete()
            StatsDossier.objects.all().delete()
            return _recompute(
                chunk, StatsBucket._meta.db_table, StatsDossier._meta.db_table
            )
    started = timezone.now()
    with transaction.atomic():
        buckets, trackers = (
            rebuild.shadow_create(m) for m in (StatsBucket, StatsDossier)
        )
        report = _recompute(chunk, buckets.table, trackers.table)
        shadows = [rebuild.shadow_index(buckets), rebuild.shadow_index(trackers)]
    rebuild.shadows_swap(shadows)
    _catch_up(since=started - CATCH_UP_MARGIN)
    source_changed(STATISTICS)
    return report


def _recompute(chunk: int, bucket_table: str, tracker_table: str) -> RebuildReport:
    timeline = timeline_for(get_calendar())
    totals: defaultdict[Key, Counter[str]] = defaultdict(Counter)
    count = 0
    for batch in _batches(iter_facts(chunk), chunk):
        trackers = []
        for facts in batch:
            contribution = contribute(facts, timeline)
            if contribution.entries or contribution.is_open:
                totals[facts.key].update(contribution.entries)
                trackers.append(tracker_values(facts, contribution))
        _write_trackers(trackers, tracker_table)
        count += len(trackers)
    rows = bucket_rows(dict(totals))
    _write_buckets(rows, bucket_table)
    return RebuildReport(dossiers=count, buckets=len(rows))


def _catch_up(*, since: datetime) -> None:
    """Refresh the dossiers that changed while the rebuild read the old state; the
    refresh compares each tracker with the dossier as it is now, so a dossier
    refreshed twice changes nothing the second time."""
    changed = (
        set(
            DossierEvent.objects.filter(at__gte=since).values_list(
                "dossier_id", flat=True
            )
        )
        | set(
            SatisfactionRating.objects.filter(created_at__gte=since).values_list(
                "dossier_id", flat=True
            )
        )
        | set(
            FeedbackEvent.objects.filter(
                at__gte=since, feedback__dossier__isnull=False
            ).values_list("feedback__dossier_id", flat=True)
        )
    )
    for pk in sorted(changed):
        _refresh_locked(pk)


def _batches(items: Iterable[Facts], size: int) -> Iterator[list[Facts]]:
    batch: list[Facts] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


_TRACKER_COLUMNS = (
    "dossier_id",
    "agency_id",
    "procedure_id",
    "field_id",
    "level",
    "assignee_id",
    "is_open",
    "legal_due_at",
    "overdue_from",
    "entries",
)


def _write_trackers(trackers: list[tuple[Any, ...]], table: str) -> None:
    if connection.vendor != "postgresql":
        StatsDossier.objects.bulk_create(
            [
                StatsDossier(**dict(zip(_TRACKER_COLUMNS, values, strict=True)))
                for values in trackers
            ],
            batch_size=2000,
        )
        return
    rows = ((*values[:-1], json.dumps(values[-1])) for values in trackers)
    copy_rows(table, _TRACKER_COLUMNS, rows)


def _write_buckets(rows: list[tuple[Any, ...]], table: str) -> None:
    columns = (*_COLUMNS, *COUNTERS)
    if connection.vendor == "postgresql":
        copy_rows(table, columns, rows)
        return
    StatsBucket.objects.bulk_create(
        [StatsBucket(**dict(zip(columns, row, strict=True))) for row in rows],
        batch_size=2000,
    )


def copy_rows(
    table: str, columns: Iterable[str], rows: Iterable[Iterable[Any]]
) -> None:
    """COPY rows into a PostgreSQL table (psycopg 3), much faster than INSERTs."""
    names = ", ".join(columns)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(tuple(row))
