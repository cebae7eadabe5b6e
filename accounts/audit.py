"""The access log (AccessLog): one INSERT per access, a scoped read, a purge.

Views call `access_record` when they show or hand out a dossier's personal data;
`accounts.services` records role grants and verifications; a database trigger copies
every admin change (accounts/migrations/0004). Rows are never changed; the purge
deletes only what is older than ACCESS_LOG_RETENTION_DAYS.
"""

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Protocol

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import AccessLog, Role, User
from accounts.permissions import AnyUser, agency_scope, has_role, is_system_admin


def client_address(request: HttpRequest | None) -> str | None:
    """The address the request came from (the immediate peer)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def access_record(
    *,
    actor: AnyUser | None,
    action: str,
    channel: str,
    object_type: str,
    object_ref: str,
    agency_ids: Collection[int | None] = (),
    detail: str = "",
    request: HttpRequest | None = None,
) -> None:
    """Append one row: a single INSERT, inside the caller's transaction if any.

    `agency_ids` are the processing and the receiving agency of a dossier.
    """
    agencies = [*agency_ids, None, None]
    AccessLog.objects.create(
        actor=actor if isinstance(actor, User) else None,
        action=action,
        channel=channel,
        object_type=object_type,
        object_ref=object_ref[:80],
        detail=detail[:255],
        agency_id=agencies[0],
        receiving_agency_id=agencies[1],
        address=client_address(request),
    )


class DossierLike(Protocol):
    code: str | None
    processing_agency_id: int
    receiving_agency_id: int

    @property
    def reference(self) -> str: ...


def dossier_access_record(
    request: HttpRequest,
    dossier: DossierLike,
    *,
    action: str,
    channel: str,
    detail: str = "",
) -> None:
    """Log that the request's user saw (or downloaded) the dossier's personal data."""
    access_record(
        actor=getattr(request, "user", None),
        action=action,
        channel=channel,
        object_type="dossier",
        object_ref=dossier.reference,
        agency_ids=(dossier.processing_agency_id, dossier.receiving_agency_id),
        detail=detail,
        request=getattr(request, "_request", request),
    )


def may_read_log(user: AnyUser) -> bool:
    return is_system_admin(user) or has_role(user, Role.LEADER)


def access_log_for(user: AnyUser) -> QuerySet[AccessLog]:
    """The rows `user` may read: all for the system administrator, for a leader
    those about the dossiers of the agencies they oversee; nothing for others."""
    rows = AccessLog.objects.select_related("actor", "agency")
    if is_system_admin(user):
        return rows
    if not may_read_log(user):
        return rows.none()
    scope = agency_scope(user) or set()
    # Two indexed branches instead of an OR across two columns.
    ids = (
        rows.filter(agency__in=scope)
        .values("pk")
        .union(rows.filter(receiving_agency__in=scope).values("pk"))
    )
    return rows.filter(pk__in=ids)


@transaction.atomic
def access_log_purge(*, now: datetime | None = None) -> int:
    """Delete the rows older than the retention period; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(
        days=settings.ACCESS_LOG_RETENTION_DAYS
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Lets the append-only trigger accept these deletes, in this transaction.
            cursor.execute("SET LOCAL egov.audit_purge = 'on'")
    deleted, _by_model = AccessLog.objects.filter(at__lt=cutoff).delete()
    return deleted
