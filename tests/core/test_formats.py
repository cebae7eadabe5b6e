from datetime import date

from django import forms
from django.utils import translation


class DateForm(forms.Form):
    day = forms.DateField()


def test_a_vietnamese_date_is_read_day_first():
    with translation.override("vi"):
        form = DateForm({"day": "05/12/2026"})
        assert form.is_valid()
        assert form.cleaned_data["day"] == date(2026, 12, 5)
        assert DateForm({"day": "25/12/2026"}).is_valid()


def test_the_date_pickers_iso_form_is_still_read():
    with translation.override("vi"):
        form = DateForm({"day": "2026-12-25"})
        assert form.is_valid()
        assert form.cleaned_data["day"] == date(2026, 12, 25)


def test_a_month_first_date_is_refused_in_vietnamese():
    with translation.override("vi"):
        assert not DateForm({"day": "12/25/2026"}).is_valid()
