"""What one dossier adds to the statistics, from its facts alone.

A pure function of the dossier's history: the incremental update after a transition
and the full rebuild both call `contribute`, so they cannot disagree. The rules are
those of DOMAIN.md §4.2 (indicator 2.1) and §4.3 (form II.06a), as decided for this
portal in docs/statistics.md:

- A dossier is *received* when the one-stop unit accepts it (the clock starts) and
  *resolved* when the leader signs the result or processing is stopped.
- It is *late* when it had more than one supplement request, or when it ended after
  its legal deadline (`legal_due_at`, moved only by clock pauses; the apology's new
  appointment does not excuse it, DOMAIN.md decision 7). A dossier stopped while
  waiting for a supplement ended when the supplement was requested.
- Otherwise it is *early* when its result was signed on a day before the deadline's
  day, and *on time* if not; stopped and withdrawn dossiers that ended in time count
  as on time (form II.06a, column 9).
- A resolved dossier is *dissatisfied* (indicator 5.4) when it is late, or was
  rated "dislike", or has a feedback linked to it: once, whatever the reasons.
- While open it is *overdue* after its deadline; while waiting for a supplement its
  clock is stopped and it is judged at the moment of the request; after a second
  request it is overdue for good. It can leave that state only by a pause that
  moved its deadline, or by being resolved.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from dossiers.workflow import DossierStatus
from stats.worktime import WorkTimeline

Pause = tuple[datetime, datetime | None]
Interval = tuple[datetime, datetime | None]


@dataclass(frozen=True)
class Facts:
    """Everything about a dossier that its statistics depend on."""

    dossier_id: int
    agency_id: int
    procedure_id: int
    field_id: int
    level: str
    assignee_id: int | None
    status: str
    channel: str
    received_at: datetime | None
    resolved_at: datetime | None
    legal_due_at: datetime | None
    pauses: tuple[Pause, ...] = ()
    refused_at: datetime | None = None
    withdrawn_unreceived_at: datetime | None = None
    incomplete_at: tuple[datetime, ...] = ()
    stopped_from: str = ""
    has_components: bool = False
    has_result: bool = False
    late_notice_at: datetime | None = None  # a late apology (DOMAIN.md decision 7)
    satisfied: bool | None = None  # None: not rated
    disliked: bool = False  # rated "dislike" (indicator 5.4)
    # A feedback (PAKN, not spam) is linked to the dossier (indicator 5.4).
    has_feedback: bool = False
    # Indicators 4.3 and 4.5: component files, those taken from the applicant's
    # data store, and whether the applicant filed logged in with VNeID.
    component_files: int = 0
    reused_files: int = 0
    filed_with_eid: bool = False
    rating_points: int | None = None  # the §5.1 score; None: not scored

    @property
    def key(self) -> tuple[int, int, int, str]:
        return (self.agency_id, self.procedure_id, self.field_id, self.level)


@dataclass(frozen=True)
class Contribution:
    entries: dict[str, int]
    is_open: bool
    overdue_from: datetime | None


def local_day(moment: datetime) -> date:
    """The day in the province's time zone (whoever is looking)."""
    return moment.astimezone(timezone.get_default_timezone()).date()


def entry(counter: str, moment: datetime) -> str:
    return f"{counter}:{local_day(moment).isoformat()}"


def contribute(facts: Facts, timeline: WorkTimeline) -> Contribution:
    entries: Counter[str] = Counter()
    for moment in facts.incomplete_at:
        entries[entry("returned_incomplete", moment)] += 1
    if facts.refused_at is not None:
        entries[entry("refused", facts.refused_at)] += 1
    if facts.withdrawn_unreceived_at is not None:
        entries[entry("withdrawn_unreceived", facts.withdrawn_unreceived_at)] += 1
    if facts.received_at is None:
        return Contribution(dict(entries), is_open=False, overdue_from=None)
    entries[entry(f"received_{facts.channel}", facts.received_at)] += 1
    entries.update(_reception_entries(facts, facts.received_at))
    for started, _ended in facts.pauses:
        entries[entry("supplement_requests", started)] += 1
    if facts.late_notice_at is not None:
        entries[entry("late_notices", facts.late_notice_at)] += 1
    intervals = overdue_intervals(facts, timeline)
    for start, end in intervals:
        entries[entry("overdue_in", start)] += 1
        if end is not None:
            entries[entry("overdue_out", end)] += 1
    if facts.resolved_at is not None:
        entries.update(_resolution_entries(facts))
    is_open = facts.resolved_at is None
    last = intervals[-1] if intervals else None
    overdue_from = last[0] if is_open and last and last[1] is None else None
    return Contribution(dict(entries), is_open=is_open, overdue_from=overdue_from)


def _reception_entries(facts: Facts, moment: datetime) -> Counter[str]:
    """What a received dossier adds to indicators 4.3 and 4.5 on its reception day:
    filed under VNeID, with papers from the data store, its papers and the reused."""
    entries: Counter[str] = Counter()
    if facts.filed_with_eid:
        entries[entry("received_eid", moment)] += 1
    if facts.reused_files:
        entries[entry("received_reused", moment)] += 1
        entries[entry("files_reused", moment)] += facts.reused_files
    if facts.component_files:
        entries[entry("files_received", moment)] += facts.component_files
    return entries


def ending(facts: Facts) -> str:
    """How a resolved dossier ended: with a result, stopped, or withdrawn."""
    if facts.status == DossierStatus.STOPPED:
        if facts.stopped_from == DossierStatus.WITHDRAWAL_REQUESTED:
            return "withdrawn"
        return "stopped"
    return "resolved_result"


def end_moment(facts: Facts) -> datetime | None:
    """When the clock stopped for good: the request of a pause never ended, or the
    resolution (indicator 2.1)."""
    if facts.pauses and facts.pauses[-1][1] is None and facts.resolved_at:
        return facts.pauses[-1][0]
    return facts.resolved_at


def outcome(facts: Facts) -> str:
    """`early`, `on_time` or `late` for a resolved dossier."""
    end = end_moment(facts)
    due = facts.legal_due_at
    assert end is not None, "only resolved dossiers have an outcome"  # noqa: S101
    if len(facts.pauses) > 1 or (due is not None and end > due):
        return "late"
    early = (
        ending(facts) == "resolved_result"
        and due is not None
        and local_day(end) < local_day(due)
    )
    return "early" if early else "on_time"


def _resolution_entries(facts: Facts) -> Counter[str]:
    assert facts.resolved_at is not None  # noqa: S101
    moment = facts.resolved_at
    way = ending(facts)
    result = outcome(facts)
    entries: Counter[str] = Counter(
        {entry(f"resolved_{result}", moment): 1, entry(way, moment): 1}
    )
    entries.update(_dissatisfaction_entries(facts, way, result))
    if way == "resolved_result":
        if facts.has_components and facts.has_result:
            entries[entry("digitized", moment)] += 1
        if facts.satisfied is not None:
            entries[entry("rated", moment)] += 1
            if facts.satisfied:
                entries[entry("satisfied", moment)] += 1
        if facts.rating_points is not None:
            entries[entry("scored", moment)] += 1
            entries[entry("score_points", moment)] += facts.rating_points
    return entries


def _dissatisfaction_entries(facts: Facts, way: str, result: str) -> Counter[str]:
    """Indicator 5.4 on the resolution day: disliked, with feedback, and the
    dossier once if it is late, disliked or with feedback (docs/statistics.md)."""
    assert facts.resolved_at is not None  # noqa: S101
    moment = facts.resolved_at
    disliked = way == "resolved_result" and facts.disliked
    entries: Counter[str] = Counter()
    if disliked:
        entries[entry("disliked", moment)] += 1
    if facts.has_feedback:
        entries[entry("with_feedback", moment)] += 1
    if result == "late" or disliked or facts.has_feedback:
        entries[entry("dissatisfied", moment)] += 1
    return entries


def deadlines(facts: Facts, timeline: WorkTimeline) -> list[datetime | None]:
    """The legal deadline before the first resume, after it, after the second…

    The stored deadline is the last one; each earlier one is found by taking back
    the working time its pause added (dossiers.services.effects.resume_clock).
    """
    ended = [pause for pause in facts.pauses if pause[1] is not None]
    dues: list[datetime | None] = [facts.legal_due_at]
    for started, resumed in reversed(ended):
        later = dues[0]
        assert resumed is not None  # noqa: S101
        shift = timeline.between(started, resumed)
        dues.insert(0, timeline.subtract(later, shift) if later else None)
    return dues


def overdue_intervals(facts: Facts, timeline: WorkTimeline) -> list[Interval]:
    """The spans during which the received dossier was (or will be) overdue."""
    assert facts.received_at is not None  # noqa: S101
    dues = deadlines(facts, timeline) if facts.pauses else [facts.legal_due_at]
    changes: list[tuple[datetime, str]] = [(facts.received_at, "receive")]
    for started, resumed in facts.pauses:
        changes.append((started, "pause"))
        if resumed is not None:
            changes.append((resumed, "resume"))
    if facts.resolved_at is not None:
        changes.append((facts.resolved_at, "close"))
    intervals: list[Interval] = []
    requests, resumes, paused_at = 0, 0, None
    for index, (moment, change) in enumerate(changes):
        if change == "close":
            break
        if change == "pause":
            requests, paused_at = requests + 1, moment
        elif change == "resume":
            resumes, paused_at = resumes + 1, None
        until = changes[index + 1][0] if index + 1 < len(changes) else None
        since = _overdue_since(moment, dues[resumes], requests, paused_at, until)
        if since is not None:
            _append(intervals, since, until)
    return intervals


def _overdue_since(
    moment: datetime,
    due: datetime | None,
    requests: int,
    paused_at: datetime | None,
    until: datetime | None,
) -> datetime | None:
    """From when, within [moment, until), the dossier is overdue; None if never."""
    if requests > 1:
        return moment
    if paused_at is not None:
        return moment if due is not None and paused_at > due else None
    if due is None:
        return None
    if moment > due:
        return moment
    return due if until is None or due < until else None


def _append(intervals: list[Interval], start: datetime, end: datetime | None) -> None:
    if intervals and intervals[-1][1] == start:
        intervals[-1] = (intervals[-1][0], end)
    else:
        intervals.append((start, end))
