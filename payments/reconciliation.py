"""Daily reconciliation (đối soát) per agency and gateway.

For one day: what the portal sent citizens to pay (attempts started), what it
confirmed (requests paid), what the gateways reported as collected (accepted
callbacks), the receipts issued and the refunds. A row balances when confirmed,
reported and receipted totals agree to the đồng. Anomalies are the callbacks that
need a person (unknown references, amount mismatches, late or double payments,
forged signatures) and attempts stuck without any callback.

Staff see only their agencies' rows; callbacks that match no request belong to no
agency and are shown to system administrators only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts.models import Agency, Role
from accounts.permissions import AnyUser, agency_scope
from payments.models import (
    GatewayCallback,
    PaymentAttempt,
    PaymentReceipt,
    PaymentRequest,
    Refund,
)

COUNTER = "counter"
# Who may read the money of their agencies (system administrators see all).
RECONCILIATION_ROLES = (Role.CLERK, Role.LEADER, Role.AGENCY_ADMIN)
# Callback notes (payments.services.gateway) a person must look at.
ANOMALY_NOTES = (
    "unknown_reference",
    "amount_mismatch",
    "late",
    "paid_twice",
    "signature",
    "address",
    "error",
)


@dataclass
class Row:
    agency: Agency
    gateway: str
    started: int = 0
    started_total: int = 0
    failed: int = 0
    confirmed: int = 0
    confirmed_total: int = 0
    reported_total: int = 0
    receipts: int = 0
    receipts_total: int = 0
    refunds: int = 0
    refunds_total: int = 0

    @property
    def is_online(self) -> bool:
        return self.gateway != COUNTER

    @property
    def difference(self) -> int:
        """The largest gap between confirmed and receipted or, online, reported
        money; zero when the row balances."""
        gaps = [self.confirmed_total - self.receipts_total]
        if self.is_online:
            gaps.append(self.confirmed_total - self.reported_total)
        return max(gaps, key=abs)

    @property
    def balanced(self) -> bool:
        return self.difference == 0


@dataclass(frozen=True)
class Anomaly:
    kind: str
    at: datetime
    gateway: str
    reference: str
    amount: int | None


@dataclass
class Reconciliation:
    day: date
    rows: list[Row] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)

    @property
    def confirmed_total(self) -> int:
        return sum(row.confirmed_total for row in self.rows)

    @property
    def receipts_total(self) -> int:
        return sum(row.receipts_total for row in self.rows)

    @property
    def balanced(self) -> bool:
        return all(row.balanced for row in self.rows)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def reconciliation_for(
    user: AnyUser, day: date, *, now: datetime | None = None
) -> Reconciliation:
    """The day's reconciliation as `user` may see it."""
    builder = _Builder(agency_scope(user), day)
    builder.add_attempts()
    builder.add_paid()
    builder.add_reported()
    builder.add_receipts()
    builder.add_refunds()
    rows = sorted(builder.rows.values(), key=lambda r: (r.agency.name, r.gateway))
    return Reconciliation(day, rows, builder.anomalies(now or timezone.now()))


class _Builder:
    def __init__(self, scope: set[int] | None, day: date) -> None:
        self.scope = scope
        self.start, self.end = day_bounds(day)
        self.rows: dict[tuple[int, str], Row] = {}
        self._agencies: dict[int, Agency] = {}

    def _within(self, column: str, agency: str) -> Q:
        q = Q(**{f"{column}__gte": self.start, f"{column}__lt": self.end})
        return q if self.scope is None else q & Q(**{f"{agency}__in": self.scope})

    def row(self, agency_id: int, gateway: str) -> Row:
        key = (agency_id, gateway or COUNTER)
        if key not in self.rows:
            if agency_id not in self._agencies:
                self._agencies[agency_id] = Agency.objects.get(pk=agency_id)
            self.rows[key] = Row(self._agencies[agency_id], gateway or COUNTER)
        return self.rows[key]

    def add_attempts(self) -> None:
        attempts = PaymentAttempt.objects.filter(
            self._within("created_at", "request__agency_id")
        )
        grouped = attempts.values("request__agency_id", "gateway").annotate(
            n=Count("id"),
            total=Sum("amount"),
            failed=Count("id", filter=Q(outcome__in=["failed", "cancelled"])),
        )
        for item in grouped.order_by():
            row = self.row(item["request__agency_id"], item["gateway"])
            row.started, row.started_total = item["n"], item["total"] or 0
            row.failed = item["failed"]

    def add_paid(self) -> None:
        # Refunded requests were paid too: the refund is its own line.
        paid = PaymentRequest.objects.filter(
            self._within("paid_at", "agency_id"), paid_at__isnull=False
        )
        grouped = paid.values("agency_id", "gateway").annotate(
            n=Count("id"), total=Sum("total")
        )
        for item in grouped.order_by():
            row = self.row(item["agency_id"], item["gateway"])
            row.confirmed, row.confirmed_total = item["n"], item["total"] or 0

    def add_reported(self) -> None:
        accepted = GatewayCallback.objects.filter(
            self._within("received_at", "attempt__request__agency_id"),
            answer="00",
            succeeded=True,
        )
        grouped = accepted.values("attempt__request__agency_id", "gateway").annotate(
            total=Sum("amount")
        )
        for item in grouped.order_by():
            row = self.row(item["attempt__request__agency_id"], item["gateway"])
            row.reported_total = item["total"] or 0

    def add_receipts(self) -> None:
        receipts = PaymentReceipt.objects.filter(self._within("issued_at", "agency_id"))
        grouped = receipts.values("agency_id", "request__gateway").annotate(
            n=Count("id"), total=Sum("amount")
        )
        for item in grouped.order_by():
            row = self.row(item["agency_id"], item["request__gateway"])
            row.receipts, row.receipts_total = item["n"], item["total"] or 0

    def add_refunds(self) -> None:
        """Money given back that day (refunds done; each is its own line)."""
        refunds = Refund.objects.filter(
            self._within("completed_at", "request__agency_id"),
            status=Refund.Status.DONE,
        )
        grouped = refunds.values("request__agency_id", "request__gateway").annotate(
            n=Count("id"), total=Sum("amount")
        )
        for item in grouped.order_by():
            row = self.row(item["request__agency_id"], item["request__gateway"])
            row.refunds, row.refunds_total = item["n"], item["total"] or 0

    def anomalies(self, now: datetime) -> list[Anomaly]:
        callbacks = GatewayCallback.objects.filter(
            received_at__gte=self.start,
            received_at__lt=self.end,
            note__in=ANOMALY_NOTES,
        )
        if self.scope is not None:
            callbacks = callbacks.filter(attempt__request__agency_id__in=self.scope)
        found = [
            Anomaly(c.note, c.received_at, c.gateway, c.reference, c.amount)
            for c in callbacks.order_by("received_at", "pk")[:500]
        ]
        stuck = PaymentAttempt.objects.filter(
            self._within("created_at", "request__agency_id"),
            outcome=PaymentAttempt.Outcome.STARTED,
            created_at__lt=now - timedelta(minutes=settings.PAYMENT_STUCK_MINUTES),
        )
        found += [
            Anomaly("stuck", a.created_at, a.gateway, a.reference, a.amount)
            for a in stuck.order_by("created_at", "pk")[:500]
        ]
        # Refunds the gateway refused, or never answered.
        refunds = Refund.objects.filter(
            self._within("created_at", "request__agency_id"),
        ).filter(
            Q(status=Refund.Status.FAILED)
            | Q(
                status=Refund.Status.PENDING,
                created_at__lt=now - timedelta(minutes=settings.PAYMENT_STUCK_MINUTES),
            )
        )
        found += [
            Anomaly(
                f"refund_{r.status}", r.created_at, r.gateway, r.reference, r.amount
            )
            for r in refunds.order_by("created_at", "pk")[:500]
        ]
        return found
