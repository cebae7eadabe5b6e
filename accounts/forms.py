from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts import validators
from accounts.models import AccountType, User


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Số CCCD, mã số thuế, tên đăng nhập hoặc e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class PhoneField(forms.CharField):
    def to_python(self, value: Any) -> str:
        return validators.normalize_phone(super().to_python(value) or "")


class RegistrationForm(forms.Form):
    account_type = forms.ChoiceField(
        label=_("Đăng ký với tư cách"),
        choices=[
            (AccountType.CITIZEN, _("Công dân")),
            (AccountType.BUSINESS, _("Tổ chức, doanh nghiệp")),
        ],
        initial=AccountType.CITIZEN,
        widget=forms.RadioSelect,
    )
    full_name = forms.CharField(
        label=_("Họ và tên / Tên tổ chức"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    national_id = forms.CharField(
        label=_("Số định danh cá nhân (CCCD, 12 chữ số)"),
        max_length=12,
        required=False,
        validators=[validators.validate_national_id],
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    tax_code = forms.CharField(
        label=_("Mã số thuế (doanh nghiệp)"),
        max_length=14,
        required=False,
        validators=[validators.validate_tax_code],
    )
    phone = PhoneField(
        label=_("Số điện thoại di động"),
        max_length=20,
        validators=[validators.validate_mobile_phone],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Thư điện tử"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        # Whether the address has an account is not said here: see registration_submit.
        email: str = self.cleaned_data["email"].strip()
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("account_type")
        if kind == AccountType.CITIZEN and not data.get("national_id"):
            self.add_error("national_id", _("Công dân cần nhập số định danh cá nhân."))
        if kind == AccountType.BUSINESS and not data.get("tax_code"):
            self.add_error("tax_code", _("Tổ chức cần nhập mã số thuế."))
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        return data


class ProfileForm(forms.ModelForm):
    """The person's own details; the name of a verified account is its verified
    identity and is shown but not editable."""

    phone = PhoneField(
        label=_("Số điện thoại di động"),
        max_length=20,
        required=False,
        validators=[validators.validate_mobile_phone],
    )

    class Meta:
        model = User
        fields = ["full_name", "email", "phone", "address"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.is_verified:
            self.fields["full_name"].disabled = True
            self.fields["full_name"].help_text = _(
                "Họ tên đã được xác thực; liên hệ Bộ phận Một cửa để sửa."
            )
