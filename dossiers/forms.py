"""Forms of the dossier pages: they parse input; the services decide.

Upload fields are checked by content with `core.uploads.check_upload` so each
file gets its own error; the services check again when they store the file.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts import validators
from accounts.forms import PhoneField
from accounts.models import AccountType, Agency, Role, User
from accounts.permissions import agency_scope
from core import uploads
from core.exceptions import DomainError, InvalidInput
from datastore.models import StoredDocument
from dossiers import services
from dossiers.models import ApplicantKind, DeliveryMethod, Dossier, SatisfactionRating
from dossiers.services import Applicant
from dossiers.workflow import Input, Kind, Transition
from procedures.models import Procedure, RequiredComponent
from procedures.selectors import agencies_carrying_out

ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"


def upload_help() -> str:
    return str(
        _("PDF, JPEG, PNG, DOCX hoặc XLSX, tối đa %(size)s MB mỗi tệp.")
        % {"size": settings.DOSSIER_MAX_FILE_BYTES // 2**20}
    )


def file_widget() -> forms.ClearableFileInput:
    return forms.ClearableFileInput(attrs={"accept": ACCEPT})


def check_file(upload: UploadedFile | None) -> UploadedFile | None:
    """The upload when its type and size are allowed, else a field error."""
    if upload is not None:
        try:
            uploads.check_upload(upload)
        except DomainError as error:
            raise forms.ValidationError(error.message, code=error.code) from error
    return upload


class CheckedFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> Any:
        return check_file(super().clean(data, initial))


def component_label(component: RequiredComponent) -> str:
    if component.is_mandatory:
        return f"{component.position}. {component.name}"
    # An optional paper says when it is needed ("Trường hợp…", "Nếu có").
    condition = component.condition or str(_("Nếu có"))
    return f"{component.position}. {component.name} ({condition})"


def supplied_components(procedure: Procedure) -> list[RequiredComponent]:
    """The papers a dossier can carry (published notes are not papers)."""
    return [c for c in procedure.components.all() if not c.is_note]


# --- The applicant ---


class ApplicantFields(forms.Form):
    """Who the dossier is for, and how the result is returned."""

    processing_agency = forms.ModelChoiceField(
        label=_("Cơ quan giải quyết"),
        queryset=Agency.objects.none(),
        empty_label=_("— Chọn cơ quan —"),
    )
    applicant_name = forms.CharField(label=_("Họ tên người nộp"), max_length=255)
    applicant_id_number = forms.CharField(
        label=_("Số định danh cá nhân (CCCD) hoặc mã số thuế"),
        max_length=14,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    applicant_phone = PhoneField(
        label=_("Số điện thoại di động"),
        max_length=20,
        validators=[validators.validate_mobile_phone],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    applicant_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=255)
    delivery_method = forms.ChoiceField(
        label=_("Hình thức nhận kết quả"),
        choices=DeliveryMethod.choices,
        initial=DeliveryMethod.COUNTER,
        widget=forms.RadioSelect,
    )
    delivery_address = forms.CharField(
        label=_("Địa chỉ nhận kết quả qua bưu chính"),
        max_length=255,
        required=False,
        help_text=_("Chỉ điền khi chọn nhận kết quả qua bưu chính."),
    )
    note = forms.CharField(
        label=_("Nội dung yêu cầu, ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, procedure: Procedure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        agencies = agencies_carrying_out(procedure).order_by("name")
        field = self.fields["processing_agency"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (narrowing)
        field.queryset = agencies
        if len(agencies) == 1:
            field.initial = agencies[0].pk
        if not procedure.result_by_post:
            delivery = self.fields["delivery_method"]
            assert isinstance(delivery, forms.ChoiceField)  # noqa: S101 (narrowing)
            delivery.choices = [
                choice
                for choice in DeliveryMethod.choices
                if choice[0] != DeliveryMethod.POST
            ]
            del self.fields["delivery_address"]

    def clean_applicant_id_number(self) -> str:
        value: str = self.cleaned_data["applicant_id_number"].strip()
        if len(value) == 12:
            validators.validate_national_id(value)
        else:
            validators.validate_tax_code(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("delivery_method")
        if method == DeliveryMethod.POST and not data.get("delivery_address", ""):
            self.add_error(
                "delivery_address", _("Cần địa chỉ nhận kết quả qua bưu chính.")
            )
        return data

    def applicant(self, kind: str) -> Applicant:
        data = self.cleaned_data
        return Applicant(
            kind=kind,
            name=data["applicant_name"].strip(),
            id_number=data["applicant_id_number"],
            phone=data["applicant_phone"],
            email=data.get("applicant_email", ""),
            address=data["applicant_address"].strip(),
        )

    def delivery(self) -> dict[str, str]:
        return {
            "delivery_method": self.cleaned_data["delivery_method"],
            "delivery_address": self.cleaned_data.get("delivery_address", "").strip(),
            "note": self.cleaned_data.get("note", "").strip(),
        }


class OnlineFilingForm(ApplicantFields):
    """Step 1 of online filing, prefilled from the applicant's profile."""

    @staticmethod
    def initial_for(user: User) -> dict[str, str]:
        applicant = Applicant.of_user(user)
        return {
            "applicant_name": applicant.name,
            "applicant_id_number": applicant.id_number,
            "applicant_phone": applicant.phone,
            "applicant_email": applicant.email,
            "applicant_address": applicant.address,
        }


class IntakeForm(ApplicantFields):
    """A walk-in dossier: the applicant, the checklist of papers and their scans."""

    applicant_kind = forms.ChoiceField(
        label=_("Người nộp là"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.PERSON,
        widget=forms.RadioSelect,
    )
    field_order = ["applicant_kind"]

    def __init__(self, *args: Any, procedure: Procedure, **kwargs: Any) -> None:
        super().__init__(*args, procedure=procedure, **kwargs)
        self.components = supplied_components(procedure)
        for component in self.components:
            self.fields[f"checked_{component.position}"] = forms.BooleanField(
                label=_("Đã kiểm tra bản giấy"), required=False
            )
            self.fields[f"scan_{component.position}"] = CheckedFileField(
                label=_("Bản quét"),
                required=False,
                widget=file_widget(),
            )

    def checklist(self) -> list[tuple[RequiredComponent, Any, Any]]:
        return [
            (c, self[f"checked_{c.position}"], self[f"scan_{c.position}"])
            for c in self.components
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for component in self.components:
            checked = data.get(f"checked_{component.position}")
            scan = data.get(f"scan_{component.position}")
            if component.is_mandatory and not checked:
                self.add_error(
                    f"checked_{component.position}",
                    _(
                        "Giấy tờ bắt buộc: thiếu thì không tiếp nhận mà hướng dẫn "
                        "người nộp bổ sung."
                    ),
                )
            elif (
                checked
                and scan is None
                and not self.has_error(f"scan_{component.position}")
            ):
                self.add_error(
                    f"scan_{component.position}",
                    _("Cần bản quét của giấy tờ đã kiểm tra (số hóa khi tiếp nhận)."),
                )
        return data

    def scans(self) -> list[tuple[RequiredComponent, UploadedFile]]:
        return [
            (c, self.cleaned_data[f"scan_{c.position}"])
            for c in self.components
            if self.cleaned_data.get(f"scan_{c.position}") is not None
        ]


class ProcedureSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tên hoặc mã thủ tục"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


# --- Files ---


class ComponentFilesForm(forms.Form):
    """One optional upload per paper of the procedure, and for the papers the
    applicant's data store holds, the choice of a stored one instead
    (`reusable`: datastore.selectors.reusable_for)."""

    def __init__(
        self,
        *args: Any,
        procedure: Procedure,
        reusable: dict[int, list[StoredDocument]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.components = supplied_components(procedure)
        self.stored: dict[str, StoredDocument] = {}
        for component in self.components:
            self.fields[f"component_{component.position}"] = forms.FileField(
                label=component_label(component),
                required=False,
                widget=file_widget(),
            )
            documents = (reusable or {}).get(component.position, [])
            if documents:
                self.stored.update({str(d.uuid): d for d in documents})
                self.fields[f"reuse_{component.position}"] = forms.ChoiceField(
                    label=_("Hoặc dùng giấy tờ trong kho dữ liệu"),
                    choices=[("", _("Không dùng"))]
                    + [(str(d.uuid), _stored_label(d)) for d in documents],
                    required=False,
                )

    def reuses(self) -> list[tuple[str, RequiredComponent, StoredDocument]]:
        chosen = []
        for component in self.components:
            name = f"reuse_{component.position}"
            key = self.cleaned_data.get(name)
            if key:
                chosen.append((name, component, self.stored[key]))
        return chosen

    def uploads(self) -> list[tuple[str, RequiredComponent, UploadedFile]]:
        return [
            (f"component_{c.position}", c, self.cleaned_data[f"component_{c.position}"])
            for c in self.components
            if self.cleaned_data.get(f"component_{c.position}") is not None
        ]


def _stored_label(document: StoredDocument) -> str:
    when = date_format(timezone.localtime(document.created_at), "SHORT_DATE_FORMAT")
    source = f" — {document.dossier_code}" if document.dossier_code else ""
    return f"{document.title} ({document.original_name}, {when}{source})"


class ResultFileForm(forms.Form):
    result = forms.FileField(
        label=_("Tệp kết quả giải quyết (văn bản đã dự thảo hoặc đã ký)"),
        widget=file_widget(),
    )


# --- Workflow actions ---


class ActionForm(forms.Form):
    """The fields of one workflow action, built from the inputs its transition
    declares (dossiers.workflow); the service checks them again, and the guard
    decides."""

    def __init__(
        self, *args: Any, transition: Transition, dossier: Dossier, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", transition.action)
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.dossier = dossier
        for spec in transition.inputs:
            self.fields.update(self._fields_for(spec))

    def _fields_for(self, spec: Input) -> dict[str, forms.Field]:
        dossier = self.dossier
        if spec.kind == Kind.OFFICER:
            return {
                spec.name: forms.ModelChoiceField(
                    label=spec.label,
                    queryset=officers_of(dossier.processing_agency_id),
                    empty_label=_("— Chọn chuyên viên —"),
                    required=spec.required,
                )
            }
        if spec.kind == Kind.AGENCY:
            return {
                spec.name: forms.ModelChoiceField(
                    label=spec.label,
                    queryset=Agency.objects.current()
                    .exclude(pk=dossier.processing_agency_id)
                    .exclude(identifier="")
                    .order_by("name"),
                    empty_label=_("— Chọn cơ quan —"),
                    required=spec.required,
                )
            }
        if spec.kind == Kind.MOMENT:
            return _moment_fields(spec)
        if spec.kind == Kind.COMPONENTS:
            return {
                spec.name: forms.ModelMultipleChoiceField(
                    label=spec.label,
                    queryset=RequiredComponent.objects.filter(
                        pk__in=[c.pk for c in supplied_components(dossier.procedure)]
                    ).order_by("position"),
                    required=spec.required,
                    widget=forms.CheckboxSelectMultiple,
                )
            }
        if spec.kind == Kind.FILES:
            return _supplement_slots(dossier)
        return {
            spec.name: forms.CharField(
                label=spec.label,
                required=spec.required,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        }

    def action_data(self) -> dict[str, Any]:
        """Keyword arguments for `services.dossier_apply_action`."""
        data = self.cleaned_data
        kept: dict[str, Any] = {}
        for spec in self.transition.inputs:
            if spec.kind == Kind.MOMENT:
                kept[spec.name] = _moment_value(data, spec.name)
            elif spec.kind == Kind.COMPONENTS:
                kept[spec.name] = list(data.get(spec.name) or [])
            elif spec.kind != Kind.FILES and data.get(spec.name) not in (None, ""):
                kept[spec.name] = data[spec.name]
        return kept

    def field_of(self, name: str) -> str | None:
        """The form field showing an error of the input `name`."""
        for candidate in (name, f"{name}_date"):
            if candidate in self.fields:
                return candidate
        return None

    def component_uploads(self) -> list[tuple[str, Any, UploadedFile]]:
        components = {c.position: c for c in self.dossier.procedure.components.all()}
        return [
            (name, components.get(int(name.split("_")[1])), value)
            for name, value in self.cleaned_data.items()
            if name.startswith("component_") and value is not None
        ]


def _moment_fields(spec: Input) -> dict[str, forms.Field]:
    """A date and an optional time: a date alone means the end of that working day."""
    return {
        f"{spec.name}_date": forms.DateField(
            label=spec.label,
            required=spec.required,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            help_text=_(
                "Ngày làm việc; kết quả được hẹn trả trước khi hết giờ làm việc."
            ),
        ),
        f"{spec.name}_time": forms.TimeField(
            label=_("Giờ hẹn (không bắt buộc)"),
            required=False,
            widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        ),
    }


def _moment_value(data: dict[str, Any], name: str) -> date | datetime | None:
    day, moment = data.get(f"{name}_date"), data.get(f"{name}_time")
    if day is None or moment is None:
        return day
    return timezone.make_aware(datetime.combine(day, moment))


SUPPLEMENT_REQUESTS = ("request_supplement", "return_for_supplement")


def supplement_asked(dossier: Dossier) -> list[RequiredComponent]:
    """The components the last supplement request named."""
    request = (
        dossier.events.filter(
            action__in=("request_supplement", "return_for_supplement")
        )
        .order_by("-at", "-pk")
        .first()
    )
    positions = [
        item["position"]
        for item in (request.data if request else {}).get("components", [])
    ]
    return list(
        dossier.procedure.components.filter(position__in=positions).order_by("position")
    )


def _supplement_slots(dossier: Dossier) -> dict[str, forms.Field]:
    """An upload slot for each document asked for, and one for anything else the
    request's text named."""
    slots: dict[str, forms.Field] = {}
    for component in supplement_asked(dossier):
        slots[f"component_{component.position}"] = CheckedFileField(
            label=component_label(component), required=False, widget=file_widget()
        )
    slots["component_0"] = CheckedFileField(
        label=_("Giấy tờ khác theo yêu cầu"), required=False, widget=file_widget()
    )
    return slots


def officers_of(agency_id: int) -> QuerySet[User]:
    return User.objects.filter(
        agency_id=agency_id,
        account_type=AccountType.STAFF,
        is_active=True,
        roles__role=Role.OFFICER,
    ).order_by("full_name")


class RatingForm(forms.Form):
    """The criteria of DOMAIN.md §5.1 (Decree 61/2018, Circular 01/2018), plus the
    overall like / dislike of the national portal."""

    scores = (
        "overall",
        "on_time",
        "agencies_time",
        "staff_attitude",
        "publicity",
        "feedback_handling",
        "online_quality",
    )

    overall = forms.TypedChoiceField(
        label=_("Mức độ hài lòng chung"),
        choices=SatisfactionRating.Score.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    on_time = forms.TypedChoiceField(
        label=_("Thời gian giải quyết"),
        choices=SatisfactionRating.Score.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    agencies_time = forms.TypedChoiceField(
        label=_("Thời gian giải quyết của từng cơ quan, đơn vị tham gia"),
        choices=SatisfactionRating.Score.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    staff_attitude = forms.TypedChoiceField(
        label=_("Thái độ của cán bộ"),
        choices=SatisfactionRating.Score.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    publicity = forms.TypedChoiceField(
        label=_("Công khai thủ tục, hướng dẫn"),
        choices=SatisfactionRating.Score.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    feedback_handling = forms.TypedChoiceField(
        label=_("Tiếp thu, giải trình ý kiến, phản ánh"),
        choices=SatisfactionRating.Score.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    online_quality = forms.TypedChoiceField(
        label=_("Chất lượng dịch vụ trực tuyến"),
        choices=SatisfactionRating.Score.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    contacts = forms.IntegerField(
        label=_("Số lần bạn phải liên hệ để hoàn thiện hồ sơ"),
        min_value=0,
        max_value=99,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    agencies_contacted = forms.IntegerField(
        label=_("Số cơ quan, đơn vị bạn phải liên hệ"),
        min_value=0,
        max_value=99,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    one_stop = forms.TypedChoiceField(
        label=_("Hồ sơ được tiếp nhận, giải quyết và trả kết quả qua Bộ phận Một cửa"),
        choices=[("true", _("Có")), ("false", _("Không"))],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Góp ý"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def score_values(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in self.scores}


# --- Public lookup and staff tools ---


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Mã hồ sơ"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    verify = forms.CharField(
        label=_("4 số cuối điện thoại hoặc số CCCD / mã số thuế của người nộp"),
        max_length=14,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Để bảo vệ thông tin cá nhân, chỉ người nộp hồ sơ mới xem được."),
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper()


class LogbookForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Nơi tiếp nhận"), queryset=Agency.objects.none()
    )
    start = forms.DateField(
        label=_("Từ ngày"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("Đến ngày"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    format = forms.ChoiceField(
        label=_("Định dạng"),
        choices=[
            ("pdf", _("PDF (để in, tối đa 92 ngày)")),
            ("csv", _("CSV (bảng tính, tối đa một năm)")),
        ],
        initial="pdf",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = agency_scope(user)
        agencies = Agency.objects.current().order_by("name")
        if scope is not None:
            agencies = agencies.filter(pk__in=scope)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (narrowing)
        field.queryset = agencies
        if user.agency_id:
            field.initial = user.agency_id

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and data.get("format"):
            # The service's rule (dossiers.services.logbook), shown on its field.
            try:
                services.logbook_period_check(
                    start=start, end=end, format=data["format"]
                )
            except InvalidInput as error:
                self.add_error(error.field or None, error.message)
        return data


class StaffSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Mã hồ sơ hoặc tên người nộp"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
