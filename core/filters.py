from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field


class TrueFalseField(forms.TypedChoiceField):
    """`true` or `false`, nothing else: `?overdue=maybe` is a 400, not ignored."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        super().__init__(
            coerce=lambda value: value == "true", empty_value=None, **kwargs
        )


@extend_schema_field(OpenApiTypes.BOOL)
class BooleanFilter(django_filters.Filter):
    """A boolean query parameter that refuses anything but `true` and `false`
    (django-filter's own turns unknown words into "no filter")."""

    field_class = TrueFalseField


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
