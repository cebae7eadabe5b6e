from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from payments.models import Method


class CounterPaymentForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Hình thức nộp"),
        choices=[(Method.CASH, Method.CASH.label), (Method.CARD, Method.CARD.label)],
    )


class SettleItemForm(forms.Form):
    position = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    amount = forms.IntegerField(label=_("Mức thu (đồng)"), min_value=0, required=False)
    exempt = forms.BooleanField(label=_("Miễn khoản này"), required=False)
    reason = forms.CharField(label=_("Lý do"), max_length=500)


class RefundForm(forms.Form):
    approver = forms.ModelChoiceField(
        label=_("Lãnh đạo phê duyệt"), queryset=User.objects.none()
    )
    amount = forms.IntegerField(
        label=_("Số tiền hoàn (đồng)"),
        min_value=1,
        required=False,
        help_text=_("Để trống để hoàn toàn bộ số tiền còn lại."),
    )
    reason = forms.CharField(label=_("Lý do hoàn tiền"), widget=forms.Textarea)

    def __init__(self, *args: object, agency_id: int | None = None, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        leaders = User.objects.filter(agency=agency_id, roles__role=Role.LEADER)
        self.fields["approver"].queryset = leaders.order_by("full_name")  # type: ignore[attr-defined]


class ReconciliationForm(forms.Form):
    day = forms.DateField(
        label=_("Ngày"), widget=forms.DateInput(attrs={"type": "date"})
    )
