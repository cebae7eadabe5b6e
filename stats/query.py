"""The question a statistics page or endpoint answers: which period, which dossiers.

One form reads it from the query string for the pages, the exports and the API
alike, so a bad value gets the same field message everywhere (a form error on the
pages, a 400 in the API).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accounts.models import AdministrativeLevel, Agency
from accounts.permissions import agency_descendant_ids
from procedures.models import Field, Procedure
from stats.figures import Scope
from stats.periods import EPOCH, Period

PERIOD_CHOICES = [
    ("month", _("Tháng")),
    ("quarter", _("Quý")),
    ("year", _("Năm")),
    ("range", _("Khoảng thời gian")),
]
# A span longer than this is refused (and the buckets stay few).
MAX_RANGE_DAYS = 366 * 5
ANY: list[tuple[str, StrOrPromise]] = [("", _("Tất cả"))]
YES_NO = [("true", _("Có")), ("false", _("Không"))]


@dataclass(frozen=True)
class StatsQuery:
    period: Period
    agency: Agency | None
    include_units: bool
    level: str
    field: Field | None
    procedure: Procedure | None
    scope: Scope

    def params(self) -> dict[str, str]:
        """The query string that asks the same question (for links and exports)."""
        values = {
            "period": self.period.kind,
            "year": str(self.period.start.year),
            "month": str(self.period.start.month)
            if self.period.kind == "month"
            else "",
            "quarter": str((self.period.start.month - 1) // 3 + 1)
            if self.period.kind == "quarter"
            else "",
            "start": self.period.start.isoformat()
            if self.period.kind == "range"
            else "",
            "end": self.period.end.isoformat() if self.period.kind == "range" else "",
            "agency": str(self.agency.uuid) if self.agency else "",
            "include_units": "true" if self.include_units else "false",
            "level": self.level,
            "field": self.field.slug if self.field else "",
            "procedure": self.procedure.code if self.procedure else "",
        }
        return {key: value for key, value in values.items() if value}

    def querystring(self, **changes: str) -> str:
        return urlencode(self.params() | changes)

    def with_period(self, period: Period) -> StatsQuery:
        return StatsQuery(
            period,
            self.agency,
            self.include_units,
            self.level,
            self.field,
            self.procedure,
            self.scope,
        )  # fmt: skip


class StatsQueryForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Kỳ báo cáo"), choices=PERIOD_CHOICES, required=False
    )
    year = forms.IntegerField(
        label=_("Năm"), min_value=EPOCH.year, max_value=2100, required=False
    )
    month = forms.IntegerField(
        label=_("Tháng"), min_value=1, max_value=12, required=False
    )
    quarter = forms.IntegerField(
        label=_("Quý"), min_value=1, max_value=4, required=False
    )
    start = forms.DateField(
        label=_("Từ ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=_("Đến ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    agency = forms.ModelChoiceField(
        label=_("Cơ quan"),
        queryset=Agency.objects.all(),
        to_field_name="uuid",
        required=False,
        empty_label=_("Tất cả cơ quan"),
    )
    include_units = forms.ChoiceField(
        label=_("Gồm các đơn vị trực thuộc"), choices=YES_NO, required=False
    )
    level = forms.ChoiceField(
        label=_("Cấp"), choices=ANY + AdministrativeLevel.choices, required=False
    )
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"),
        queryset=Field.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Tất cả lĩnh vực"),
    )
    procedure = forms.CharField(label=_("Mã thủ tục"), max_length=40, required=False)

    def __init__(
        self,
        data: Any = None,
        *,
        agencies: QuerySet[Agency] | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(data)
        self.today = today or timezone.localdate()
        if agencies is not None:
            agency_field = self.fields["agency"]
            assert isinstance(agency_field, forms.ModelChoiceField)  # noqa: S101
            agency_field.queryset = agencies

    def clean_procedure(self) -> Procedure | None:
        code = self.cleaned_data.get("procedure") or ""
        if not code:
            return None
        procedure = Procedure.objects.filter(code=code.strip()).first()
        if procedure is None:
            raise forms.ValidationError(_("Không có thủ tục mã này."))
        return procedure

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data["period_value"] = self._period(data)
        except forms.ValidationError as error:
            self.add_error(None, error)
        return data

    def _period(self, data: dict[str, Any]) -> Period:
        kind = data.get("period") or "month"
        year = data.get("year") or self.today.year
        if kind == "month":
            return Period.month(year, data.get("month") or self._default_month(year))
        if kind == "quarter":
            default = (self._default_month(year) - 1) // 3 + 1
            return Period.quarter(year, data.get("quarter") or default)
        if kind == "year":
            return Period.year(year)
        return self._range(data.get("start"), data.get("end"))

    def _default_month(self, year: int) -> int:
        return self.today.month if year == self.today.year else 12

    def _range(self, start: date | None, end: date | None) -> Period:
        if start is None:
            raise forms.ValidationError({"start": _("Cần chọn ngày bắt đầu.")})
        if end is None:
            raise forms.ValidationError({"end": _("Cần chọn ngày kết thúc.")})
        if end < start:
            raise forms.ValidationError(
                {"end": _("Ngày kết thúc phải sau ngày bắt đầu.")}
            )
        if start < EPOCH or (end - start).days > MAX_RANGE_DAYS:
            raise forms.ValidationError(
                {"start": _("Khoảng thời gian phải từ năm 2015 và không quá 5 năm.")}
            )
        return Period(start, end)

    def query(self) -> StatsQuery:
        """The validated question; call after is_valid()."""
        data = self.cleaned_data
        agency: Agency | None = data.get("agency")
        include_units = data.get("include_units") != "false"
        agency_ids = None
        if agency is not None:
            agency_ids = frozenset(
                agency_descendant_ids([agency.pk]) if include_units else {agency.pk}
            )
        field = data.get("field")
        procedure = data.get("procedure")
        scope = Scope(
            agency_ids=agency_ids,
            level=data.get("level") or None,
            field_id=field.pk if field else None,
            procedure_id=procedure.pk if procedure else None,
        )
        return StatsQuery(
            data["period_value"],
            agency,
            include_units,
            data.get("level") or "",
            field,
            procedure,
            scope,
        )


def restrict(query: StatsQuery, allowed: frozenset[int] | None) -> StatsQuery:
    """Narrow a query to the agencies a user may see (None: all)."""
    if allowed is None:
        return query
    ids = query.scope.agency_ids
    narrowed = allowed if ids is None else ids & allowed
    scope = Scope(
        frozenset(narrowed),
        query.scope.level,
        query.scope.field_id,
        query.scope.procedure_id,
    )
    return StatsQuery(
        query.period,
        query.agency,
        query.include_units,
        query.level,
        query.field,
        query.procedure,
        scope,
    )
