import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from core.filters import BooleanFilter, PortalFilterSet
from dossiers.models import Dossier
from dossiers.workflow import OPEN_STATUSES, DossierStatus
from procedures.models import Channel


class DossierFilter(PortalFilterSet):
    status = django_filters.ChoiceFilter(choices=DossierStatus.choices)
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    procedure = django_filters.CharFilter(field_name="procedure__code")
    overdue = BooleanFilter(
        method="filter_overdue", label="Open dossiers past their appointment"
    )
    received_after = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__gte"
    )
    received_before = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__lte"
    )

    class Meta:
        model = Dossier
        fields = ["status", "channel", "procedure", "overdue"]

    def filter_overdue(
        self, queryset: QuerySet[Dossier], name: str, value: bool | None
    ) -> QuerySet[Dossier]:
        if value is None:
            return queryset
        late = {"status__in": OPEN_STATUSES, "due_at__lt": timezone.now()}
        return queryset.filter(**late) if value else queryset.exclude(**late)
