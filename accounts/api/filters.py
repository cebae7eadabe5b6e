import django_filters
from django.db.models import QuerySet

from accounts import selectors
from accounts.models import AdministrativeLevel, Agency, AgencyKind
from core.filters import PortalFilterSet


class AgencyFilter(PortalFilterSet):
    q = django_filters.CharFilter(method="search", label="Name, identifier or code")
    level = django_filters.ChoiceFilter(choices=AdministrativeLevel.choices)
    kind = django_filters.ChoiceFilter(choices=AgencyKind.choices)
    parent = django_filters.UUIDFilter(field_name="parent__uuid")
    identifier = django_filters.CharFilter()
    admin_unit_code = django_filters.CharFilter()

    class Meta:
        model = Agency
        fields = ["q", "level", "kind", "parent", "identifier", "admin_unit_code"]

    def search(
        self, queryset: QuerySet[Agency], name: str, value: str
    ) -> QuerySet[Agency]:
        return selectors.agency_search(queryset, value.strip())
