from datetime import date, datetime, time, timedelta
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from accounts.permissions import agency_scope
from core.filters import PortalFilterSet
from documents import selectors
from documents.models import DocumentType, IncomingDocument, OutgoingDocument, Urgency
from documents.workflow import IncomingStatus, OutgoingStatus

DUE_CHOICES = [("soon", "Due within three days"), ("overdue", "Past the deadline")]


def _start_of(day: date) -> datetime:
    """Local midnight, so a date range uses the (agency, time) index as is."""
    return timezone.make_aware(datetime.combine(day, time.min))


class DocumentFilter(PortalFilterSet):
    """Filters shared by the inbox and the outbox; `time_field` is the list's date."""

    time_field = "created_at"
    date_from = django_filters.DateFilter(method="filter_from", label="From this date")
    date_to = django_filters.DateFilter(method="filter_to", label="Up to this date")
    doc_type = django_filters.ChoiceFilter(choices=DocumentType.choices)
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices)
    q = django_filters.CharFilter(
        method="filter_q", label="Words of the summary, accents optional"
    )

    def filter_from(
        self, queryset: QuerySet[Any], name: str, value: date
    ) -> QuerySet[Any]:
        return queryset.filter(**{f"{self.time_field}__gte": _start_of(value)})

    def filter_to(
        self, queryset: QuerySet[Any], name: str, value: date
    ) -> QuerySet[Any]:
        end = _start_of(value + timedelta(days=1))
        return queryset.filter(**{f"{self.time_field}__lt": end})

    def filter_q(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        user = getattr(self.request, "user", None)
        within_scope = user is not None and agency_scope(user) is not None
        return selectors.summary_search(queryset, value, within_scope=within_scope)


class IncomingFilter(DocumentFilter):
    time_field = "arrived_at"
    status = django_filters.ChoiceFilter(choices=IncomingStatus.choices)
    sender = django_filters.CharFilter(
        field_name="sender_name", lookup_expr="icontains", label="Issuing body"
    )
    due = django_filters.ChoiceFilter(choices=DUE_CHOICES, method="filter_due")

    class Meta:
        model = IncomingDocument
        fields = ["status", "doc_type", "urgency", "sender", "due"]

    def filter_due(
        self, queryset: QuerySet[Any], name: str, value: str
    ) -> QuerySet[Any]:
        return selectors.due_filter(queryset, value)


class OutgoingFilter(DocumentFilter):
    status = django_filters.ChoiceFilter(choices=OutgoingStatus.choices)
    recipient = django_filters.CharFilter(
        field_name="recipients__organ_name", lookup_expr="icontains", distinct=True
    )

    class Meta:
        model = OutgoingDocument
        fields = ["status", "doc_type", "urgency", "recipient"]
