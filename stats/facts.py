"""Reading the facts of dossiers: one at a time (after a transition) or in bulk.

Both paths read the same rows and build the same `Facts`, so the incremental
aggregates and a rebuild agree by construction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, QuerySet

from accounts.models import Agency
from dossiers.models import (
    ClockPause,
    Dossier,
    DossierEvent,
    DossierFile,
    SatisfactionRating,
)
from dossiers.workflow import DossierStatus
from feedback.models import Feedback
from feedback.workflow import FeedbackStatus
from procedures.models import Procedure
from stats.contributions import Facts

# The events whose moments the statistics need (the others change no counter).
EVENT_ACTIONS = ("refuse", "withdraw", "return_for_supplement", "stop")
DOSSIER_COLUMNS = (
    "id",
    "processing_agency_id",
    "procedure_id",
    "assignee_id",
    "status",
    "channel",
    "received_at",
    "resolved_at",
    "legal_due_at",
    "apologized_at",
    "apology_late",
    "filed_with_eid",
)
FILE_KINDS = (DossierFile.Kind.COMPONENT, DossierFile.Kind.RESULT)
# The worst overall rating that is still no "dislike" (indicator 5.4): "Bình
# thường" is neither a like nor a dislike (docs/statistics.md).
DISLIKE_AT_MOST = SatisfactionRating.Score.UNSATISFIED


@dataclass
class _History:
    pauses: list[tuple[datetime, datetime | None]] = field(default_factory=list)
    events: list[tuple[str, str, datetime]] = field(default_factory=list)
    file_kinds: set[str] = field(default_factory=set)
    component_files: int = 0
    reused_files: int = 0  # components taken from the applicant's data store
    rating: int | None = None
    points: int | None = None  # the §5.1 score of the rating
    has_feedback: bool = False  # a feedback (PAKN, not spam) is linked


def facts_of(dossier: Dossier) -> Facts:
    """The facts of one dossier as it stands in memory (status and dates may not be
    saved yet: the transition calls this before saving)."""
    history = _History(
        pauses=list(
            ClockPause.objects.filter(dossier_id=dossier.pk)
            .order_by("started_at", "pk")
            .values_list("started_at", "ended_at")
        ),
        events=list(
            DossierEvent.objects.filter(dossier_id=dossier.pk, action__in=EVENT_ACTIONS)
            .order_by("at", "pk")
            .values_list("action", "from_status", "at")
        ),
    )
    files = (
        DossierFile.objects.filter(dossier_id=dossier.pk, kind__in=FILE_KINDS)
        .order_by()
        .values_list("kind", "is_reused")
        .annotate(n=Count("pk"))
    )
    for kind, reused, count in files:
        _add_files(history, kind, reused, count)
    rating = SatisfactionRating.objects.filter(dossier_id=dossier.pk).first()
    if rating is not None:
        history.rating, history.points = rating.overall, rating.points
    history.has_feedback = _feedback(dossier_id=dossier.pk).exists()
    row = {name: getattr(dossier, name) for name in DOSSIER_COLUMNS}
    return _facts(
        row,
        level=dossier.processing_agency.level,
        field_id=dossier.procedure.field_id,
        history=history,
    )


def iter_facts(chunk: int = 20000) -> Iterator[Facts]:
    """The facts of every dossier that left the draft stage, by ranges of ids."""
    levels = dict(Agency.objects.values_list("id", "level"))
    fields = dict(Procedure.objects.values_list("id", "field_id"))
    last = Dossier.objects.aggregate(last=Max("id"))["last"] or 0
    for low in range(0, last + 1, chunk):
        high = low + chunk
        histories = _histories(low, high)
        rows = (
            Dossier.objects.filter(id__gte=low, id__lt=high)
            .exclude(status=DossierStatus.DRAFT)
            .order_by("id")
            .values(*DOSSIER_COLUMNS)
        )
        for row in rows:
            yield _facts(
                row,
                level=levels[row["processing_agency_id"]],
                field_id=fields[row["procedure_id"]],
                history=histories.get(row["id"]) or _History(),
            )


def _histories(low: int, high: int) -> dict[int, _History]:
    histories: defaultdict[int, _History] = defaultdict(_History)
    within = {"dossier_id__gte": low, "dossier_id__lt": high}
    pauses = ClockPause.objects.filter(**within).order_by("dossier_id", "started_at")
    for dossier_id, started, ended in pauses.values_list(
        "dossier_id", "started_at", "ended_at"
    ):
        histories[dossier_id].pauses.append((started, ended))
    events = DossierEvent.objects.filter(**within, action__in=EVENT_ACTIONS)
    for dossier_id, action, source, at in events.order_by(
        "dossier_id", "at", "pk"
    ).values_list("dossier_id", "action", "from_status", "at"):
        histories[dossier_id].events.append((action, source, at))
    files = DossierFile.objects.filter(**within, kind__in=FILE_KINDS)
    for dossier_id, kind, reused, count in (
        files.order_by()
        .values_list("dossier_id", "kind", "is_reused")
        .annotate(n=Count("pk"))
    ):
        _add_files(histories[dossier_id], kind, reused, count)
    for rating in SatisfactionRating.objects.filter(**within).defer("comment"):
        history = histories[rating.dossier_id]
        history.rating, history.points = rating.overall, rating.points
    linked = _feedback(**within).values_list("dossier_id", flat=True).distinct()
    for dossier_id in linked.order_by():
        histories[dossier_id].has_feedback = True
    return histories


def _feedback(**within: int) -> QuerySet[Feedback]:
    """The feedback (PAKN) linked to dossiers that count for indicator 5.4: all
    but spam, whatever their state and whenever they were sent."""
    return Feedback.objects.filter(**within).exclude(status=FeedbackStatus.SPAM)


def _add_files(history: _History, kind: str, reused: bool, count: int) -> None:
    history.file_kinds.add(kind)
    if kind == DossierFile.Kind.COMPONENT:
        history.component_files += count
        history.reused_files += count if reused else 0


def _facts(
    row: dict[str, Any], *, level: str, field_id: int, history: _History
) -> Facts:
    moments = _event_moments(history.events)
    rating = history.rating
    return Facts(
        dossier_id=row["id"],
        agency_id=row["processing_agency_id"],
        procedure_id=row["procedure_id"],
        field_id=field_id,
        level=level,
        assignee_id=row["assignee_id"],
        status=row["status"],
        channel=row["channel"],
        received_at=row["received_at"],
        resolved_at=row["resolved_at"],
        legal_due_at=row["legal_due_at"],
        pauses=tuple(history.pauses),
        refused_at=moments["refuse"],
        withdrawn_unreceived_at=moments["withdraw"],
        incomplete_at=tuple(
            at for action, _source, at in history.events
            if action == "return_for_supplement"
        ),
        stopped_from=next(
            (source for action, source, _at in history.events if action == "stop"),
            "",
        ),
        has_components=DossierFile.Kind.COMPONENT in history.file_kinds,
        has_result=DossierFile.Kind.RESULT in history.file_kinds,
        component_files=history.component_files,
        reused_files=history.reused_files,
        filed_with_eid=row["filed_with_eid"],
        late_notice_at=row["apologized_at"] if row["apology_late"] else None,
        satisfied=None
        if rating is None
        # A neutral rating ("Bình thường") is no "like" (indicator 5.4).
        else rating >= SatisfactionRating.Score.SATISFIED,
        rating_points=history.points,
        disliked=rating is not None and rating <= DISLIKE_AT_MOST,
        has_feedback=history.has_feedback,
    )  # fmt: skip


def _event_moments(events: list[tuple[str, str, datetime]]) -> dict[str, Any]:
    """When the dossier was refused, and withdrawn before being received (a draft
    deleted by its author is no withdrawal)."""
    moments: dict[str, Any] = {"refuse": None, "withdraw": None}
    for action, source, at in events:
        if action == "refuse" or (
            action == "withdraw" and source != DossierStatus.DRAFT
        ):
            moments[action] = at
    return moments
