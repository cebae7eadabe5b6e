"""Forms of the document pages; the rules themselves live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import AccountType, Agency, User
from documents.models import Confidentiality, DocumentType, Urgency


class MetadataForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), choices=DocumentType.choices)
    notation = forms.CharField(label=_("Ký hiệu"), max_length=30, required=False)
    summary = forms.CharField(
        label=_("Trích yếu"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    issued_on = forms.DateField(
        label=_("Ngày văn bản"),
        required=False,
        widget=forms.DateInput({"type": "date"}),
    )
    signer_name = forms.CharField(label=_("Người ký"), max_length=50, required=False)
    signer_position = forms.CharField(
        label=_("Chức vụ"), max_length=100, required=False
    )
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Urgency.choices)
    confidentiality = forms.ChoiceField(
        label=_("Độ mật"), choices=Confidentiality.choices
    )
    page_count = forms.IntegerField(label=_("Số trang"), min_value=1, initial=1)
    due_on = forms.DateField(
        label=_("Hạn xử lý"), required=False, widget=forms.DateInput({"type": "date"})
    )
    file = forms.FileField(label=_("Tệp văn bản (PDF)"))


class IncomingForm(MetadataForm):
    sender_name = forms.CharField(label=_("Cơ quan ban hành"), max_length=200)
    number = forms.CharField(label=_("Số"), max_length=11, required=False)
    field_order = ["sender_name", "number", "notation"]


class OutgoingForm(MetadataForm):
    recipients = forms.ModelMultipleChoiceField(
        label=_("Nơi nhận trong hệ thống"),
        queryset=Agency.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args: Any, sender: Agency | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.current().exclude(identifier__isnull=True)
        if sender is not None:
            agencies = agencies.exclude(pk=sender.pk)
        self.fields["recipients"].queryset = agencies.order_by("level", "name")  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú, lý do"), required=False, widget=forms.Textarea({"rows": 2})
    )


class AmendForm(NoteForm):
    due_on = forms.DateField(
        label=_("Hạn xử lý mới"), widget=forms.DateInput({"type": "date"})
    )


class ReplaceForm(NoteForm):
    file = forms.FileField(label=_("Tệp PDF thay thế"))


class AssignForm(NoteForm):
    assignee = forms.ModelChoiceField(
        label=_("Cán bộ chủ trì"), queryset=User.objects.none()
    )
    coordinators = forms.ModelMultipleChoiceField(
        label=_("Cán bộ phối hợp"), queryset=User.objects.none(), required=False
    )
    instruction = forms.CharField(
        label=_("Ý kiến chỉ đạo"), required=False, widget=forms.Textarea({"rows": 2})
    )
    due_on = forms.DateField(
        label=_("Hạn xử lý"), required=False, widget=forms.DateInput({"type": "date"})
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(
            agency=agency, account_type=AccountType.STAFF, is_active=True
        ).order_by("full_name")
        self.fields["assignee"].queryset = staff  # type: ignore[attr-defined]
        self.fields["coordinators"].queryset = staff  # type: ignore[attr-defined]


class OpinionForm(forms.Form):
    text = forms.CharField(label=_("Ý kiến xử lý"), widget=forms.Textarea({"rows": 3}))


class RegisterPeriodForm(forms.Form):
    date_from = forms.DateField(
        label=_("Từ ngày"), widget=forms.DateInput({"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Đến ngày"), widget=forms.DateInput({"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and (end < start or (end - start).days > 366):
            raise forms.ValidationError(
                _("Khoảng thời gian không hợp lệ (tối đa một năm).")
            )
        return data
