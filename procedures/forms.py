"""The catalogue search form, shared by the catalogue page and the kiosk."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency
from procedures import selectors
from procedures.models import PUBLIC_LEVEL_CHOICES, Field, OnlineMode, ServiceLevel

MAX_QUERY_LENGTH = 200
ANY: list[tuple[str, Any]] = [("", _("Tất cả"))]
YES_NO = [("true", _("Có")), ("false", _("Không"))]


def to_bool(value: str) -> bool:
    return value == "true"


class FieldChoiceField(forms.ModelChoiceField[Field]):
    def label_from_instance(self, obj: Field) -> str:
        count = getattr(obj, "procedure_count", None)
        return f"{obj.name} ({count})" if count is not None else obj.name


class CatalogueForm(forms.Form):
    """Search words and filters of the public catalogue, read from the query string."""

    q = forms.CharField(
        label=_("Tìm thủ tục"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        help_text=_("Gõ có dấu hoặc không dấu, ví dụ: dang ky khai sinh."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    field = FieldChoiceField(
        label=_("Lĩnh vực"),
        queryset=Field.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Tất cả lĩnh vực"),
    )
    agency = forms.ModelChoiceField(
        label=_("Cơ quan thực hiện"),
        queryset=Agency.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label=_("Tất cả cơ quan"),
    )
    level = forms.ChoiceField(
        label=_("Cấp thực hiện"), choices=ANY + PUBLIC_LEVEL_CHOICES, required=False
    )
    service_level = forms.TypedChoiceField(
        label=_("Mức độ dịch vụ công"),
        choices=ANY + [(str(v), label) for v, label in ServiceLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    online_mode = forms.ChoiceField(
        label=_("Dịch vụ công trực tuyến"),
        choices=ANY + OnlineMode.choices,
        required=False,
    )
    online_payment = forms.TypedChoiceField(
        label=_("Thanh toán trực tuyến"),
        choices=ANY + YES_NO,
        coerce=to_bool,
        empty_value=None,
        required=False,
    )
    page = forms.IntegerField(
        label=_("Trang"), min_value=1, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_choice = cast(FieldChoiceField, self.fields["field"])
        field_choice.queryset = selectors.field_list_public()
        agency_choice = cast(forms.ModelChoiceField[Agency], self.fields["agency"])
        agency_choice.queryset = selectors.agencies_with_procedures()

    def filters(self) -> dict[str, Any]:
        """The cleaned filters as keyword arguments of selectors.procedure_filter."""
        data = self.cleaned_data
        return {
            "field": data.get("field"),
            "agency": data.get("agency"),
            "level": data.get("level") or None,
            "service_level": data.get("service_level"),
            "online_mode": data.get("online_mode") or None,
            "online_payment": data.get("online_payment"),
        }
