from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class ValidityForm(forms.Form):
    valid_from = forms.DateField(
        label=_("Có hiệu lực từ"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Có hiệu lực đến"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Để trống nếu giấy tờ không có thời hạn."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error(
                "valid_until", _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")
            )
        return data
