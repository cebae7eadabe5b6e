from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import validators
from accounts.forms import PhoneField
from identity.models import ClaimChannel


class ClaimStartForm(forms.Form):
    code = forms.CharField(label=_("Mã hồ sơ"), max_length=40)
    channel = forms.ChoiceField(
        label=_("Nhận mã xác nhận qua"),
        choices=ClaimChannel.choices,
        initial=ClaimChannel.SMS,
        widget=forms.RadioSelect,
    )


class ClaimConfirmForm(forms.Form):
    otp = forms.CharField(
        label=_("Mã xác nhận (6 chữ số)"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}
        ),
    )


class CounterCheckForm(forms.Form):
    id_number = forms.CharField(
        label=_("Số định danh cá nhân hoặc mã số thuế (trên giấy tờ gốc)"),
        max_length=14,
    )
    full_name = forms.CharField(label=_("Họ và tên (trên giấy tờ gốc)"), max_length=150)
    phone = PhoneField(
        label=_("Số điện thoại di động của người đến quầy"),
        max_length=20,
        validators=[validators.validate_mobile_phone],
    )
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    checked = forms.BooleanField(
        label=_("Tôi đã đối chiếu giấy tờ tùy thân gốc với người đến quầy"),
    )
