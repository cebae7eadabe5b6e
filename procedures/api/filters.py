import django_filters
from django.db.models import QuerySet

from accounts.models import Agency
from core.filters import BooleanFilter, PortalFilterSet
from procedures import selectors
from procedures.forms import MAX_QUERY_LENGTH
from procedures.models import (
    PUBLIC_LEVEL_CHOICES,
    Field,
    OnlineMode,
    Procedure,
    ServiceLevel,
)


class ProcedureFilter(PortalFilterSet):
    """The catalogue's search and filters; the same selectors as the catalogue page."""

    q = django_filters.CharFilter(
        method="search",
        max_length=MAX_QUERY_LENGTH,
        label="Words of the name, code or other text, with or without diacritics; "
        "every word must match (as part of a word), most relevant first.",
    )
    field = django_filters.ModelChoiceFilter(
        queryset=Field.objects.all(),
        to_field_name="slug",
        method="narrow",
        label="Field (lĩnh vực) slug, as listed by /api/v1/fields/.",
    )
    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.all(),
        to_field_name="uuid",
        method="narrow",
        label="Id (UUID) of an agency that carries the procedure out.",
    )
    level = django_filters.ChoiceFilter(
        choices=PUBLIC_LEVEL_CHOICES,
        method="narrow",
        label="Administrative level that carries the procedure out.",
    )
    service_level = django_filters.TypedChoiceFilter(
        choices=ServiceLevel.choices,
        coerce=int,
        method="narrow",
        label="Online public service level 1–4 (Decree 43/2011).",
    )
    online_mode = django_filters.ChoiceFilter(
        choices=OnlineMode.choices,
        method="narrow",
        label="Online classification of Decree 42/2022.",
    )
    online_payment = BooleanFilter(
        method="narrow",
        label="Whether fees can be paid online: true or false.",
    )

    class Meta:
        model = Procedure
        fields = [
            "q",
            "field",
            "agency",
            "level",
            "service_level",
            "online_mode",
            "online_payment",
        ]

    def search(
        self, queryset: QuerySet[Procedure], name: str, value: str
    ) -> QuerySet[Procedure]:
        return selectors.procedure_search(queryset, value)

    def narrow(
        self, queryset: QuerySet[Procedure], name: str, value: object
    ) -> QuerySet[Procedure]:
        if value in (None, ""):
            return queryset
        return selectors.procedure_filter(queryset, **{name: value})  # type: ignore[arg-type]
