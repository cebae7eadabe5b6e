"""Indicator 3.6 of Decision 766 (DOMAIN.md §4.2): dossiers paid online.

Counted from the payment requests the payments app keeps on each dossier, read
through the ORM relation `Dossier.payment_requests` by name: statistics and payments
sit side by side and neither imports the other (the import-linter layers).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from dossiers.models import Dossier
from procedures.models import FeeItem, Procedure
from stats.figures import PaymentCounts, Scope

# A paid request (refunded later still was paid) on the national platform (1) or a
# ministry or province gateway (2): DuocThanhToanTrucTuyen.
PAID = ("paid", "refunded")
ONLINE_PLATFORMS = (1, 2)


def payment_counts(*, start: date, end: date, scope: Scope) -> PaymentCounts:
    """Dossiers received from `start` to `end` (both included) and paid online /
    those received of procedures with a non-zero fee (3.5 is the catalogue's)."""
    charged = FeeItem.objects.filter(procedure=OuterRef("pk"), amount__gt=0)
    procedures = Procedure.objects.filter(Exists(charged))
    dossiers = Dossier.objects.filter(
        received_at__gte=_day_start(start),
        received_at__lt=_day_start(end + timedelta(days=1)),
        procedure__in=procedures,
    )
    if scope.agency_ids is not None:
        dossiers = dossiers.filter(processing_agency_id__in=scope.agency_ids)
    if scope.procedure_id is not None:
        dossiers = dossiers.filter(procedure_id=scope.procedure_id)
    if scope.field_id is not None:
        dossiers = dossiers.filter(procedure__field_id=scope.field_id)
    if scope.level:
        dossiers = dossiers.filter(processing_agency__level=scope.level)
    paid_online = dossiers.filter(
        payment_requests__status__in=PAID,
        payment_requests__platform__in=ONLINE_PLATFORMS,
    )
    return PaymentCounts(
        fee_dossiers=dossiers.count(),
        paid_online_dossiers=paid_online.values("pk").distinct().count(),
    )


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
