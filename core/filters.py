import django_filters
from django.utils.translation import gettext_lazy as _


class PortalFilterSet(django_filters.FilterSet):
    """A FilterSet that refuses empty values for typed filters.

    django-filter ignores `?level=`; the schema says `level` is one of a list, and ""
    is not, so the API answers 400 instead of silently not filtering. Free-text
    filters (CharFilter) still accept an empty value.
    """

    def is_valid(self) -> bool:
        valid: bool = super().is_valid()
        empty = [
            name
            for name, field in self.filters.items()
            if not isinstance(field, django_filters.CharFilter)
            and self.data.get(name) == ""
        ]
        for name in empty:
            self.form.add_error(name, _("Giá trị không được để trống."))
        return valid and not empty
