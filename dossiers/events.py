"""The one seam between the dossier workflow and the apps that react to it.

`dossier_apply_action` (and the creation of a dossier, online or at the counter)
publishes a `Transitioned` for every event it appends; `rating_submit` publishes a
`Rated`. The workflow knows nothing of who listens: each reacting app subscribes in
its `AppConfig.ready()`.

- In-transaction subscribers run inside the transition's transaction, under its row
  lock, on the saved dossier. They keep derived data consistent with the status
  (statistics rollups, the notification outbox); an exception rolls the whole
  transition back.
- On-commit subscribers run once the transaction has committed and never after a
  rollback. They start what leaves the database (PDF rendering, later the national
  outbox and payments). The transition is already done when they run: one that
  raises is logged and the others still run (`robust=True`).

Every subscriber names its `order`; subscribers of one event kind and phase run by
increasing order, and two subscribers may not share a place, so the order is
written down rather than inherited from INSTALLED_APPS. The places in use are
listed in docs/architecture.md and pinned by tests/dossiers/test_events.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

if TYPE_CHECKING:
    from accounts.models import User
    from dossiers.models import Dossier, DossierEvent, SatisfactionRating


@dataclass(frozen=True)
class Transitioned:
    """A dossier moved from `source` to `target` (equal for an apology, "" at
    creation); `event` is the history row just appended, `effects` the names the
    workflow table declares for the transition."""

    dossier: Dossier
    event: DossierEvent
    source: str
    target: str
    actor: User | None
    at: datetime
    effects: tuple[str, ...] = ()

    @property
    def action(self) -> str:
        return self.event.action


@dataclass(frozen=True)
class Rated:
    """The applicant rated a returned dossier."""

    dossier: Dossier
    rating: SatisfactionRating


EventT = TypeVar("EventT", Transitioned, Rated)
Handler = Callable[[Any], None]


@dataclass(frozen=True)
class Subscriber:
    kind: type
    handler: Handler
    on_commit: bool
    order: int

    @property
    def name(self) -> str:
        return f"{self.handler.__module__}.{self.handler.__qualname__}"


_subscribers: list[Subscriber] = []


def subscribe(
    kind: type[EventT],
    handler: Callable[[EventT], None],
    *,
    on_commit: bool,
    order: int,
) -> None:
    """Register `handler` for events of `kind`; called from `AppConfig.ready()`.

    Registering the same handler again changes nothing (ready() may run twice).
    """
    new = Subscriber(kind, handler, on_commit, order)
    for known in _subscribers:
        if (known.kind, known.handler, known.on_commit) == (kind, handler, on_commit):
            return
        if (known.kind, known.on_commit, known.order) == (kind, on_commit, order):
            raise ImproperlyConfigured(
                f"{new.name} and {known.name} both take place {order} "
                f"for {kind.__name__}."
            )
    _subscribers.append(new)


def subscribers(kind: type, *, on_commit: bool) -> list[Subscriber]:
    """The subscribers of one event kind and phase, in the order they run."""
    chosen = [s for s in _subscribers if s.kind is kind and s.on_commit == on_commit]
    return sorted(chosen, key=lambda subscriber: subscriber.order)


def publish(change: Transitioned | Rated) -> None:
    """Run the in-transaction subscribers now and queue the on-commit ones.

    Called inside the publisher's `atomic()` block: an in-transaction subscriber's
    exception propagates and rolls the change back, and Django drops the queued
    on-commit callbacks with it.
    """
    kind = type(change)
    for subscriber in subscribers(kind, on_commit=False):
        subscriber.handler(change)
    for subscriber in subscribers(kind, on_commit=True):
        transaction.on_commit(_deferred(subscriber, change), robust=True)


def _deferred(
    subscriber: Subscriber, change: Transitioned | Rated
) -> Callable[[], None]:
    """The subscriber's call, named after it (Django logs a failing robust callback
    by its `__qualname__`, which a functools.partial lacks)."""

    def run() -> None:
        subscriber.handler(change)

    run.__qualname__ = subscriber.name
    return run
