"""Reads of feedback, always scoped by the permission module."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Role
from accounts.permissions import AnyUser, has_role, scope_queryset
from core.calendar import get_calendar
from feedback.models import Feedback, FeedbackEvent
from feedback.workflow import FeedbackStatus

# Enough of the phone number that a stranger cannot guess it (as the dossier lookup).
MIN_VERIFY_DIGITS = 4


def _base() -> QuerySet[Feedback]:
    return Feedback.objects.select_related(
        "agency", "assignee", "procedure", "dossier", "duplicate_of"
    )


def feedback_list_for(user: AnyUser) -> QuerySet[Feedback]:
    """Feedback `user` may see: their own, or their agencies'."""
    return scope_queryset(user, _base(), owner_field="owner", agency_fields=["agency"])


def feedback_get_for(user: AnyUser, code: str) -> Feedback:
    """The feedback `code` if `user` may see it; 404 for absent and foreign alike."""
    feedback = (
        feedback_list_for(user)
        .prefetch_related("files", "events__actor")
        .filter(code=code)
        .first()
    )
    if feedback is None:
        raise Http404("No such feedback.")
    return feedback


def own_feedback(user: AnyUser) -> QuerySet[Feedback]:
    if not user.is_authenticated:
        return Feedback.objects.none()
    return _base().filter(owner=user.pk).order_by("-received_at", "-pk")


def feedback_lookup(*, code: str, verify: str) -> Feedback | None:
    """Public follow-up: the code plus the last digits of the sender's phone."""
    digits = "".join(character for character in verify if character.isdigit())
    if len(digits) < MIN_VERIFY_DIGITS or not code:
        return None
    feedback = _base().prefetch_related("events").filter(code=code.strip()).first()
    if feedback is None or not feedback.sender_phone.endswith(digits):
        return None
    return feedback


def published() -> QuerySet[Feedback]:
    """Published answers, newest first (an index on published_at)."""
    return (
        Feedback.objects.select_related("agency", "procedure")
        .filter(is_published=True)
        .order_by("-published_at", "-pk")
    )


def published_get(code: str) -> Feedback:
    feedback = published().filter(code=code).first()
    if feedback is None:
        raise Http404("No such published feedback.")
    return feedback


def worklist(user: AnyUser) -> QuerySet[Feedback]:
    """What the user must act on, the most urgent first: an officer's assigned
    feedback; a leader's agency's feedback waiting for assignment or approval; and
    answers waiting for publication."""
    if not user.is_authenticated:
        return Feedback.objects.none()
    scoped = feedback_list_for(user)
    if not has_role(user, Role.OFFICER, Role.LEADER):
        return scoped.none()
    mine = Q(assignee=user.pk, status=FeedbackStatus.ASSIGNED)
    to_publish = Q(status=FeedbackStatus.APPROVED)
    condition = mine | to_publish
    if has_role(user, Role.LEADER):
        condition |= Q(
            status__in=[
                FeedbackStatus.RECEIVED,
                FeedbackStatus.ANSWERED,
                FeedbackStatus.INFO_REQUESTED,
            ]
        )
    elif has_role(user, Role.OFFICER):
        condition |= Q(
            status__in=[FeedbackStatus.RECEIVED, FeedbackStatus.INFO_REQUESTED],
            assignee__isnull=True,
        )
    return scoped.filter(condition).order_by("answer_due_at", "pk")


def approval_queue(user: AnyUser) -> QuerySet[Feedback]:
    if not has_role(user, Role.LEADER):
        return Feedback.objects.none()
    return (
        feedback_list_for(user)
        .filter(status=FeedbackStatus.ANSWERED)
        .order_by("answer_due_at", "pk")
    )


def due_soon_limit(now: datetime | None = None) -> datetime:
    """Feedback due by this moment is "due soon": within one working day (as
    dossiers.selectors.due_soon_limit)."""
    calendar = get_calendar()
    return calendar.add_working_time(now or timezone.now(), calendar.day_length)


def timeline(feedback: Feedback) -> list[FeedbackEvent]:
    return list(feedback.events.all())
