"""Django's own validation messages read naturally in Vietnamese (locale/vi)."""

import pytest
from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation


class Sample(forms.Form):
    count = forms.IntegerField(min_value=1)
    email = forms.EmailField()
    day = forms.DateField()
    name = forms.CharField(max_length=5)


def errors(data):
    with translation.override("vi"):
        form = Sample(data)
        form.is_valid()
        return {name: list(messages) for name, messages in form.errors.items()}


def test_form_messages():
    assert errors(
        {"count": "ba", "email": "an@", "day": "31/02/2026", "name": "x"}
    ) == {
        "count": ["Vui lòng nhập một số nguyên, ví dụ 12."],
        "email": ["Địa chỉ e-mail chưa đúng, ví dụ đúng: ten@example.vn."],
        "day": [
            "Ngày chưa đúng, vui lòng nhập theo dạng ngày/tháng/năm, ví dụ 25/12/2026."
        ],
    }
    assert errors({"count": "0", "name": "Nguyễn Văn An"}) == {
        "count": ["Giá trị phải từ 1 trở lên."],
        "email": ["Vui lòng nhập thông tin này."],
        "day": ["Vui lòng nhập thông tin này."],
        "name": ["Nội dung dài tối đa 5 ký tự (đang có 13)."],
    }


@pytest.mark.django_db
def test_password_rules():
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        validate_password("1234567")
    assert refused.value.messages == [
        "Mật khẩu quá ngắn: cần ít nhất 8 ký tự.",
        "Mật khẩu này quá dễ đoán, vui lòng chọn mật khẩu khác.",
        "Mật khẩu không được chỉ gồm chữ số.",
    ]
