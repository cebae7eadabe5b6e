from django import forms
from django.utils.translation import gettext_lazy as _

STATE_CHOICES = [
    ("", _("Chưa đồng bộ xong")),
    ("unsynced", _("Đang chờ gửi")),
    ("failed", _("Không gửi được")),
    ("rejected", _("Bị từ chối")),
    ("synced", _("Đã đồng bộ")),
    ("all", _("Tất cả")),
]


class ReconciliationForm(forms.Form):
    """The filters of the reconciliation page (and of its API)."""

    state = forms.ChoiceField(
        label=_("Tình trạng"), choices=STATE_CHOICES, required=False
    )
    since = forms.DateField(
        label=_("Tính từ ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
