"""The seam between the feedback workflow and the apps that react to it.

`feedback_apply_action` publishes a `FeedbackChanged` for every event it appends;
apps above feedback (statistics) subscribe in their `AppConfig.ready()`, in the
transaction (their figures commit or roll back with the move) or on commit. The
rules are those of dossiers.events: one place per order, in-transaction
subscribers' errors roll the move back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

if TYPE_CHECKING:
    from accounts.models import User
    from feedback.models import Feedback, FeedbackEvent


@dataclass(frozen=True)
class FeedbackChanged:
    """A feedback moved from `source` to `target` ("" at reception; equal for a
    rating); `event` is the history row just appended."""

    feedback: Feedback
    event: FeedbackEvent
    source: str
    target: str
    actor: User | None
    at: datetime

    @property
    def action(self) -> str:
        return self.event.action


Handler = Callable[[FeedbackChanged], None]


@dataclass(frozen=True)
class Subscriber:
    handler: Handler
    on_commit: bool
    order: int


_subscribers: list[Subscriber] = []


def subscribe(handler: Handler, *, on_commit: bool, order: int) -> None:
    """Register `handler`; registering it again changes nothing."""
    for known in _subscribers:
        if (known.handler, known.on_commit) == (handler, on_commit):
            return
        if (known.on_commit, known.order) == (on_commit, order):
            raise ImproperlyConfigured(f"Two feedback subscribers take place {order}.")
    _subscribers.append(Subscriber(handler, on_commit, order))


def subscribers(*, on_commit: bool) -> list[Subscriber]:
    chosen = [s for s in _subscribers if s.on_commit == on_commit]
    return sorted(chosen, key=lambda subscriber: subscriber.order)


def publish(change: FeedbackChanged) -> None:
    """Run the in-transaction subscribers now and queue the on-commit ones."""
    for subscriber in subscribers(on_commit=False):
        subscriber.handler(change)
    for subscriber in subscribers(on_commit=True):
        transaction.on_commit(partial(subscriber.handler, change), robust=True)
