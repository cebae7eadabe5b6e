"""Reads for the statistics pages: who may see what, and the open dossiers.

The figures themselves come from stats.figures; these are the lists that name
dossiers and officers (overdue and due-soon dossiers, workload), read from the open
dossiers' trackers, never from the whole dossier table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import Agency, User
from accounts.permissions import (
    AnyUser,
    agency_scope,
)
from dossiers.selectors import due_soon_limit
from stats.figures import Scope
from stats.models import StatsDossier

OVERDUE_LIST_SIZE = 50


def allowed_agency_ids(user: AnyUser) -> frozenset[int] | None:
    """Agencies whose statistics `user` may see on the dashboard (None: all)."""
    scope = agency_scope(user)
    return None if scope is None else frozenset(scope)


def agencies_for(user: AnyUser) -> QuerySet[Agency]:
    agencies = Agency.objects.order_by("level", "name")
    allowed = allowed_agency_ids(user)
    return agencies if allowed is None else agencies.filter(pk__in=allowed)


def public_agencies() -> QuerySet[Agency]:
    return Agency.objects.order_by("level", "name")


@dataclass(frozen=True)
class OpenDossier:
    code: str
    procedure: str
    agency: str
    officer: str
    legal_due_at: datetime | None
    overdue: bool


def overdue_and_due_soon(
    scope: Scope, now: datetime | None = None, limit: int = OVERDUE_LIST_SIZE
) -> list[OpenDossier]:
    """Open dossiers overdue or due within a working day, most urgent first."""
    now = now or timezone.now()
    rows = (
        StatsDossier.objects.filter(scope.q())
        .filter(is_open=True, overdue_from__lte=due_soon_limit(now))
        .order_by("overdue_from", "dossier_id")
        .values_list(
            "dossier__code",
            "dossier__procedure__name",
            "agency__short_name",
            "agency__name",
            "dossier__assignee__full_name",
            "legal_due_at",
            "overdue_from",
        )[:limit]
    )
    return [_open_dossier(row, now) for row in rows]


def _open_dossier(row: tuple[Any, ...], now: datetime) -> OpenDossier:
    code, procedure, short_name, name, officer, legal_due_at, overdue_from = row
    return OpenDossier(
        code=code or "",
        procedure=procedure,
        agency=short_name or name,
        officer=officer or "",
        legal_due_at=legal_due_at,
        overdue=overdue_from is not None and overdue_from <= now,
    )


@dataclass(frozen=True)
class Workload:
    officer: str
    open: int
    overdue: int


def workload(scope: Scope, now: datetime | None = None) -> list[Workload]:
    """Open dossiers per officer (and those waiting for one), the busiest first."""
    now = now or timezone.now()
    rows = list(
        StatsDossier.objects.filter(scope.q())
        .filter(is_open=True)
        .values("assignee_id")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(overdue_from__lte=now)),
        )
        .order_by("-open", "assignee_id")
    )
    names = dict(
        User.objects.filter(pk__in=[r["assignee_id"] for r in rows]).values_list(
            "pk", "full_name"
        )
    )
    return [
        Workload(
            officer=names.get(row["assignee_id"], "") if row["assignee_id"] else "",
            open=row["open"],
            overdue=row["overdue"],
        )
        for row in rows
    ]


def names_of(model: type, ids: set[int]) -> dict[int, str]:
    """Display names of agencies, fields or procedures by id (one query)."""
    if model is Agency:
        return {
            pk: short or name
            for pk, short, name in Agency.objects.filter(pk__in=ids).values_list(
                "pk", "short_name", "name"
            )
        }
    return dict(model.objects.filter(pk__in=ids).values_list("pk", "name"))  # type: ignore[attr-defined]
