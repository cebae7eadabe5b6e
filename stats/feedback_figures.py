"""Indicators 5.1–5.3 of Decision 766 (DOMAIN.md §4.2) and the per-agency counts of
feedback (phản ánh, kiến nghị), from the feedback events.

`stats_record_feedback` subscribes to feedback.events (stats.apps) and runs in the
move's transaction: it recomputes the one row of StatsFeedback the feedback
contributes. The figures of a period read those rows, one per feedback received in
the period (feedback are few: thousands a year, not millions).

- 5.1 classified = about a regulation or about conduct / all feedback;
- 5.2 on time = feedback with no deadline missed (refusal 2, first information
  request 5, answer 15, publication 2 working days) / all feedback;
- 5.3 satisfaction = all − (rated unsatisfied, late or repeated: each counted once)
  / all feedback.
Spam is left out of every figure; "all" is the feedback first received in the
period. "Late" is judged at the moment of the question (`now`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.public_cache import STATISTICS, source_changed
from feedback.events import FeedbackChanged
from feedback.models import Feedback, FeedbackKind
from feedback.workflow import (
    ANSWERED_STATUSES,
    OPEN_STATUSES,
    FeedbackStatus,
)
from stats.figures import HUNDRED, Indicator, Scope, rate
from stats.models import StatsFeedback

CLASSIFIED = (FeedbackKind.REGULATION, FeedbackKind.CONDUCT)
# Points of the satisfaction group as DOMAIN.md §4.1 gives them [unconfirmed].
POINTS = {"5.1": Decimal(5), "5.2": Decimal(5), "5.3": Decimal(2)}


def stats_record_feedback(change: FeedbackChanged) -> None:
    """Subscriber (in the transaction) of every feedback move."""
    feedback_refresh(change.feedback)
    source_changed(STATISTICS)


def feedback_refresh(feedback: Feedback) -> StatsFeedback:
    facts = contribution(feedback, [event.data for event in feedback.events.all()])
    row, _created = StatsFeedback.objects.update_or_create(
        feedback_id=feedback.pk, defaults=facts
    )
    return row


def contribution(
    feedback: Feedback, event_data: list[dict[str, Any]]
) -> dict[str, Any]:
    """What the feedback adds, from its state and its events' late flags (pure)."""
    status = feedback.status
    procedure = feedback.procedure
    return {
        "agency_id": feedback.agency_id,
        "procedure_id": feedback.procedure_id,
        "field_id": procedure.field_id if procedure is not None else None,
        "level": feedback.agency.level,
        "received_on": timezone.localdate(feedback.received_at),
        "kind": feedback.kind,
        "is_spam": status == FeedbackStatus.SPAM,
        "is_repeated": status == FeedbackStatus.MERGED,
        "late_done": any(data.get("late") for data in event_data),
        "answered": status in ANSWERED_STATUSES,
        "answered_late": bool(
            feedback.answered_at
            and feedback.answer_due_at
            and feedback.answered_at > feedback.answer_due_at
        ),
        "published": feedback.is_published,
        "answer_due_at": feedback.answer_due_at if status in OPEN_STATUSES else None,
        "publish_due_at": feedback.publish_due_at
        if status == FeedbackStatus.APPROVED
        else None,
        "rated": feedback.rated_at is not None,
        "unsatisfied": feedback.satisfied is False,
    }


def feedback_stats_rebuild() -> int:
    """Recompute every row (after a repair); returns the number of feedback."""
    count = 0
    for feedback in Feedback.objects.select_related("agency", "procedure").iterator(
        chunk_size=2000
    ):
        feedback_refresh(feedback)
        count += 1
    return count


# --- Figures ---


@dataclass(frozen=True)
class FeedbackCounts:
    received: int = 0
    classified: int = 0
    on_time: int = 0
    late: int = 0
    satisfactory: int = 0
    answered: int = 0
    answered_on_time: int = 0
    answered_late: int = 0
    published: int = 0
    rated: int = 0
    satisfied: int = 0
    repeated: int = 0

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return rate(self.satisfied, self.rated)


def _late(now: datetime) -> Q:
    return Q(late_done=True) | Q(answer_due_at__lt=now) | Q(publish_due_at__lt=now)


def _rows(start: date, end: date, scope: Scope) -> QuerySet[StatsFeedback]:
    return StatsFeedback.objects.filter(
        scope.q(), received_on__gte=start, received_on__lte=end, is_spam=False
    )


def _aggregates(now: datetime) -> dict[str, Count]:
    """Named `n_<count>`: an aggregate may not take the name of a column."""
    late = _late(now)
    counts = {
        "received": Count("pk"),
        "classified": Count("pk", filter=Q(kind__in=CLASSIFIED)),
        "late": Count("pk", filter=late),
        "satisfactory": Count(
            "pk", filter=~late & Q(unsatisfied=False, is_repeated=False)
        ),
        "answered": Count("pk", filter=Q(answered=True)),
        "answered_late": Count("pk", filter=Q(answered=True, answered_late=True)),
        "published": Count("pk", filter=Q(published=True)),
        "rated": Count("pk", filter=Q(rated=True)),
        "satisfied": Count("pk", filter=Q(rated=True, unsatisfied=False)),
        "repeated": Count("pk", filter=Q(is_repeated=True)),
    }
    return {f"n_{name}": count for name, count in counts.items()}


def _counts(row: dict[str, Any]) -> FeedbackCounts:
    values = {
        name.removeprefix("n_"): value
        for name, value in row.items()
        if name.startswith("n_")
    }
    return FeedbackCounts(
        **values,
        on_time=values["received"] - values["late"],
        answered_on_time=values["answered"] - values["answered_late"],
    )


def feedback_counts(
    *, start: date, end: date, scope: Scope, now: datetime | None = None
) -> FeedbackCounts:
    """The feedback first received from `start` to `end` (both included)."""
    row = _rows(start, end, scope).aggregate(**_aggregates(now or timezone.now()))
    return _counts(row)


def feedback_by_agency(
    *, start: date, end: date, scope: Scope, now: datetime | None = None
) -> list[tuple[int, FeedbackCounts]]:
    """The same counts per agency (of the feedback's current agency)."""
    rows = (
        _rows(start, end, scope)
        .values("agency_id")
        .annotate(**_aggregates(now or timezone.now()))
        .order_by("agency_id")
    )
    return [(row["agency_id"], _counts(row)) for row in rows]


def feedback_indicators(counts: FeedbackCounts) -> list[Indicator]:
    total = counts.received
    return [
        Indicator(
            "5.1",
            _("Phản ánh, kiến nghị theo nội dung"),
            counts.classified,
            total,
            rate(counts.classified, total),
            HUNDRED,
            POINTS["5.1"],
            _("Về quy định hành chính hoặc về hành vi của cán bộ / tổng số PAKN; "
              "điểm tối đa chưa được xác nhận."),
        ),
        Indicator(
            "5.2",
            _("Phản ánh, kiến nghị được xử lý đúng hạn"),
            counts.on_time,
            total,
            rate(counts.on_time, total),
            HUNDRED,
            POINTS["5.2"],
            _("Từ chối 2, yêu cầu bổ sung 5, trả lời 15, công khai 2 ngày làm việc; "
              "điểm tối đa chưa được xác nhận."),
        ),
        Indicator(
            "5.3",
            _("Mức độ hài lòng về xử lý phản ánh, kiến nghị"),
            counts.satisfactory,
            total,
            rate(counts.satisfactory, total),
            HUNDRED,
            POINTS["5.3"],
            _("Trừ PAKN không hài lòng, quá hạn hoặc lặp lại (mỗi PAKN trừ một "
              "lần); điểm tối đa chưa được xác nhận."),
        ),
    ]  # fmt: skip
