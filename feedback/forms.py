"""Forms of the feedback pages. They help people fill values; the rules are the
workflow's guards and the services' checks (the API meets the same ones)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import signing
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency, Role, User
from feedback.models import Feedback, FeedbackKind

PHONE = RegexValidator(r"^0\d{9}$", _("Số điện thoại gồm 10 chữ số, bắt đầu bằng 0."))
# A person needs a few seconds to write feedback; a script posting at once is not
# a person (the signed moment the form was shown, with the honeypot below).
MIN_FILL_SECONDS = 3
MAX_FILL_SECONDS = 24 * 60 * 60
STARTED_SALT = "feedback.form.started"


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Phản ánh, kiến nghị về"),
        choices=FeedbackKind.choices,
        widget=forms.RadioSelect,
    )
    subject = forms.CharField(label=_("Tiêu đề"), max_length=200)
    text = forms.CharField(
        label=_("Nội dung phản ánh, kiến nghị"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    attachment = forms.FileField(
        label=_("Tệp đính kèm (không bắt buộc)"),
        required=False,
        help_text=_("PDF, JPEG, PNG, DOCX hoặc XLSX; kiểm tra như giấy tờ hồ sơ."),
    )
    sender_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    sender_phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=10,
        validators=[PHONE],
        help_text=_("Dùng để nhận thông báo và theo dõi phản ánh (4 số cuối)."),
    )
    sender_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    sender_address = forms.CharField(
        label=_("Địa chỉ liên hệ"), max_length=255, required=False
    )
    publish_name = forms.BooleanField(
        label=_("Tôi đồng ý công khai họ tên cùng câu trả lời"), required=False
    )
    # Hidden from people (CSS), filled by naive robots.
    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "tabindex": "-1", "class": "trap"}
        ),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            shown = timezone.now().timestamp()
            self.initial["started"] = signing.dumps(shown, salt=STARTED_SALT)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("website"):
            raise forms.ValidationError(_("Không gửi được phản ánh."), code="trap")
        try:
            shown = float(
                signing.loads(
                    cleaned.get("started", ""),
                    salt=STARTED_SALT,
                    max_age=MAX_FILL_SECONDS,
                )
            )
        except (signing.BadSignature, TypeError, ValueError):
            shown = None
        if shown is None or timezone.now().timestamp() - shown < MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("Biểu mẫu đã hết hạn hoặc được gửi quá nhanh: vui lòng gửi lại."),
                code="too_fast",
            )
        return cleaned


class CounterFeedbackForm(FeedbackForm):
    """A clerk types what the person at the counter says: no robot checks."""

    sender_id_number = forms.CharField(
        label=_("Số CCCD / mã số thuế"), max_length=14, required=False
    )
    dossier = forms.CharField(
        label=_("Mã hồ sơ liên quan"), max_length=40, required=False
    )

    def clean(self) -> dict[str, Any]:
        return forms.Form.clean(self) or {}


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Mã phản ánh"), max_length=24)
    verify = forms.RegexField(
        label=_("4 chữ số cuối số điện thoại của người gửi"),
        regex=r"^\d{4,10}$",
        max_length=10,
        error_messages={"invalid": _("Nhập từ 4 đến 10 chữ số.")},
    )


class RateForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Ông/bà có hài lòng với câu trả lời?"),
        choices=[("true", _("Hài lòng")), ("false", _("Không hài lòng"))],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
    )


class SupplyForm(forms.Form):
    note = forms.CharField(
        label=_("Thông tin bổ sung"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ActionForm(forms.Form):
    """The inputs of every staff move; the workflow says which one needs which."""

    note = forms.CharField(
        label=_("Ghi chú, lý do"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    answer = forms.CharField(
        label=_("Nội dung trả lời"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    public_text = forms.CharField(
        label=_("Nội dung phản ánh công khai (đã lược bỏ thông tin cá nhân)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    agency = forms.ModelChoiceField(
        label=_("Chuyển đến cơ quan"),
        queryset=Agency.objects.none(),
        required=False,
        to_field_name="uuid",
    )
    assignee = forms.ModelChoiceField(
        label=_("Giao cho chuyên viên"),
        queryset=User.objects.none(),
        required=False,
        to_field_name="username",
    )
    duplicate_of = forms.CharField(
        label=_("Mã phản ánh trùng"), required=False, max_length=24
    )

    def __init__(self, *args: Any, feedback: Feedback, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field: forms.ModelChoiceField[Agency] = self.fields["agency"]  # type: ignore[assignment]
        agency_field.queryset = agencies_for_transfer(feedback)
        assignee_field: forms.ModelChoiceField[User] = self.fields["assignee"]  # type: ignore[assignment]
        assignee_field.queryset = officers_of(feedback)
        if feedback.answer:
            self.initial["answer"] = feedback.answer
        self.initial["public_text"] = feedback.public_text or feedback.text

    def clean_duplicate_of(self) -> Feedback | None:
        code = self.cleaned_data.get("duplicate_of", "").strip()
        if not code:
            return None
        original = Feedback.objects.filter(code=code).first()
        if original is None:
            raise forms.ValidationError(_("Không tìm thấy phản ánh này."))
        return original


def agencies_for_transfer(feedback: Feedback) -> QuerySet[Agency]:
    return Agency.objects.current().exclude(pk=feedback.agency_id).order_by("name")


def officers_of(feedback: Feedback) -> QuerySet[User]:
    return (
        User.objects.filter(
            agency=feedback.agency_id, roles__role=Role.OFFICER, is_active=True
        )
        .distinct()
        .order_by("full_name")
    )
