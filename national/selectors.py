"""Reads of the national portal adapter: the reconciliation and indicator 1.4.

Leaders and administrators see the outbox of the dossiers their agencies receive or
process (system administrators all of it), scoped by accounts.permissions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Role
from accounts.permissions import AnyUser, has_role, is_system_admin, scope_queryset
from national.models import CatalogueRun, NationalSync, SyncStatus

RECONCILIATION_ROLES = (Role.LEADER, Role.AGENCY_ADMIN)
# What the reconciliation lists under each state asked for.
STATES = {
    "": (
        SyncStatus.PENDING,
        SyncStatus.SENDING,
        SyncStatus.FAILED,
        SyncStatus.REJECTED,
    ),
    "unsynced": (SyncStatus.PENDING, SyncStatus.SENDING),
    "failed": (SyncStatus.FAILED,),
    "rejected": (SyncStatus.REJECTED,),
    "synced": (SyncStatus.SYNCED,),
    "all": tuple(SyncStatus),
}
# The states whose lists are bounded by a period.
PERIOD_STATES = frozenset({"synced", "all"})


def may_reconcile(user: AnyUser) -> bool:
    return user.is_authenticated and has_role(user, *RECONCILIATION_ROLES)


def syncs_for(user: AnyUser) -> QuerySet[NationalSync]:
    """The outbox rows `user` may see (none unless a leader or administrator)."""
    if not may_reconcile(user):
        return NationalSync.objects.none()
    rows = NationalSync.objects.select_related("dossier", "event")
    return scope_queryset(
        user,
        rows,
        agency_fields=("dossier__receiving_agency", "dossier__processing_agency"),
    )


def sync_list_for(
    user: AnyUser, state: str = "", since: date | None = None
) -> QuerySet[NationalSync]:
    """Rows in `state` (by default every row not synced), oldest first: what waits
    longest comes first. A pending row behind a failed or rejected one is
    `blocked`. Synced rows are many: their lists start at `since` (default
    1 January), which the index on created_at serves."""
    rows = syncs_for(user).filter(status__in=STATES[state])
    if state in PERIOD_STATES:
        start = timezone.make_aware(
            datetime.combine(since or start_of_year(), time.min)
        )
        rows = rows.filter(created_at__gte=start)
    return rows.annotate(
        blocked=Exists(
            NationalSync.objects.filter(
                dossier_id=OuterRef("dossier_id"),
                sequence__lt=OuterRef("sequence"),
                status__in=[SyncStatus.FAILED, SyncStatus.REJECTED],
            )
        )
    ).order_by("created_at", "pk")


def sync_get_for(user: AnyUser, uuid: str) -> NationalSync:
    found = syncs_for(user).filter(uuid=uuid).first()
    if found is None:
        raise Http404("No such sync.")
    return found


@dataclass(frozen=True)
class Summary:
    since: date
    unsynced: int
    synced: int
    failed: int
    rejected: int
    dossiers: int
    dossiers_synced: int

    @property
    def share_synced(self) -> Decimal | None:
        """Indicator 1.4 of Decision 766: dossiers whose every event reached the
        national portal, in percent of the dossiers with events in the period."""
        if not self.dossiers:
            return None
        share = Decimal(100 * self.dossiers_synced) / Decimal(self.dossiers)
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def start_of_year(today: date | None = None) -> date:
    return (today or timezone.localdate()).replace(month=1, day=1)


def sync_summary_for(user: AnyUser, since: date) -> Summary:
    """Counts of the events created since `since` and indicator 1.4 (a period
    bounds the count; the index on created_at serves it)."""
    start = timezone.make_aware(datetime.combine(since, time.min))
    rows = syncs_for(user).filter(created_at__gte=start)
    counts = rows.aggregate(
        unsynced=Count("pk", filter=Q(status__in=STATES["unsynced"])),
        synced=Count("pk", filter=Q(status=SyncStatus.SYNCED)),
        failed=Count("pk", filter=Q(status=SyncStatus.FAILED)),
        rejected=Count("pk", filter=Q(status=SyncStatus.REJECTED)),
    )
    per_dossier = rows.values("dossier_id").annotate(
        open=Count("pk", filter=~Q(status=SyncStatus.SYNCED))
    )
    return Summary(
        since=since,
        dossiers=per_dossier.count(),
        dossiers_synced=per_dossier.filter(open=0).count(),
        **counts,
    )


def catalogue_runs_for(user: AnyUser) -> QuerySet[CatalogueRun]:
    """Catalogue imports concern the whole province: administrators only."""
    if not is_system_admin(user):
        return CatalogueRun.objects.none()
    return CatalogueRun.objects.order_by("-started_at", "-pk")


def catalogue_run_get_for(user: AnyUser, uuid: str) -> CatalogueRun:
    found = catalogue_runs_for(user).filter(uuid=uuid).first()
    if found is None:
        raise Http404("No such run.")
    return found
