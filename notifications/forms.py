from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import NotificationPreference


class PreferenceForm(forms.Form):
    channels = forms.ChoiceField(
        label=_("Nhận thông báo về hồ sơ qua"),
        choices=NotificationPreference.Channels.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Khi kênh đã chọn chưa có địa chỉ (số điện thoại hoặc thư điện tử), "
            "thông báo được gửi qua kênh còn lại."
        ),
    )
