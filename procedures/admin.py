"""Catalogue administration: system administrators manage every procedure, agency
administrators those carried out by their agencies (accounts.admin_scope)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models import ManyToManyField, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.admin_scope import AgencyScopedAdmin
from accounts.models import Agency, Role
from accounts.permissions import agency_scope, has_role, is_system_admin
from core import uploads
from core.exceptions import DomainError
from procedures import budgets, selectors, services
from procedures.models import (
    ChannelOption,
    FeeItem,
    Field,
    LegalDocument,
    Procedure,
    RequiredComponent,
    WorkflowStep,
)


def _administers(request: HttpRequest) -> bool:
    return has_role(request.user, Role.AGENCY_ADMIN)


def _may_edit(request: HttpRequest, procedure: Procedure | None) -> bool:
    if procedure is None or procedure.pk is None:
        return _administers(request)
    return selectors.procedure_editable_by(request.user, procedure)


class ScopedInline(admin.TabularInline):
    """Inline rows follow their procedure's admin: whoever may edit it edits them."""

    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _administers(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_edit(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_edit(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_edit(request, obj)


# Changing how a paper is used marks it corrected, so that re-imports keep it.
CLASSIFICATION_FIELDS = {"is_mandatory", "is_note", "condition"}


class ComponentForm(forms.ModelForm[RequiredComponent]):
    """A form template is published to everyone: it passes the content checks of
    dossier uploads (PDF, images, DOCX/XLSX without macros), never its name's. A
    changed classification marks the paper corrected."""

    def clean_form_template(self) -> Any:
        upload = self.cleaned_data.get("form_template")
        if isinstance(upload, UploadedFile):
            try:
                uploads.check_upload(upload)
            except DomainError as error:
                raise ValidationError(error.message, code=error.code) from error
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk and set(self.changed_data) & CLASSIFICATION_FIELDS:
            cleaned["is_corrected"] = True
        if cleaned.get("is_note") and cleaned.get("is_mandatory"):
            self.add_error(
                "is_mandatory", _("Một lưu ý không thể là giấy tờ bắt buộc.")
            )
        return cleaned


class ComponentInline(ScopedInline):
    model = RequiredComponent
    form = ComponentForm
    fields = [
        "position",
        "case",
        "name",
        "originals",
        "copies",
        "is_mandatory",
        "is_note",
        "condition",
        "is_corrected",
        "form_name",
        "form_template",
    ]
    # Names are long; a short box keeps the table readable.
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})}
    }


class FeeItemInline(ScopedInline):
    model = FeeItem
    fields = [
        "position",
        "kind",
        "name",
        "amount",
        "amount_max",
        "unit",
        "channel",
        "exemptions",
    ]


class ChannelOptionInline(ScopedInline):
    model = ChannelOption
    fields = [
        "position",
        "channel",
        "processing_time",
        "processing_time_unit",
        "processing_time_text",
        "fee_text",
    ]


class WorkflowStepFormSet(BaseInlineFormSet):
    """The steps' working-hour budgets must add up to the legal processing time."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        hours = [
            form.cleaned_data["hours"]
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("hours") is not None
        ]
        procedure: Procedure = self.instance
        error = budgets.budget_error(
            processing_time=procedure.processing_time,
            unit=procedure.processing_time_unit,
            step_hours=hours,
        )
        if error:
            raise ValidationError(error, code="workflow_budget")


class LegalDocumentInline(admin.TabularInline):
    """The legal basis as read into documents: shown, never edited (they are read
    again from "căn cứ pháp lý" whenever the procedure is saved)."""

    model = LegalDocument
    fields = ["position", "kind", "number", "issued_on", "title"]
    readonly_fields = ["position", "kind", "number", "issued_on", "title"]
    extra = 0
    verbose_name_plural = _("Văn bản căn cứ (đọc từ nội dung căn cứ pháp lý khi lưu)")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _administers(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class WorkflowStepInline(ScopedInline):
    model = WorkflowStep
    formset = WorkflowStepFormSet
    fields = ["position", "name", "role", "hours", "description"]
    verbose_name_plural = _("Quy trình nội bộ (tổng số giờ = thời hạn giải quyết)")


FIELDSETS: list[tuple[Any, Any]] = [
    (None, {"fields": ["code", "base_code", "name", "field", "is_published"]}),
    (
        _("Cấp và cơ quan thực hiện"),
        {
            "fields": [
                ("level_province", "level_district", "level_commune"),
                ("level_ministry", "level_other"),
                "agencies",
                "agency_text",
                "competent_authority",
            ]
        },
    ),
    (
        _("Dịch vụ công trực tuyến"),
        {
            "fields": [
                ("service_level", "online_mode"),
                ("online_payment", "result_by_post"),
                ("fee_due", "payment_gate"),
            ]
        },
    ),
    (
        _("Thời hạn và phí"),
        {
            "fields": [
                ("processing_time", "processing_time_unit"),
                "processing_time_text",
                "fee_status",
                "fee_text",
            ]
        },
    ),
    (
        _("Nội dung"),
        {
            "fields": [
                "target",
                "steps",
                "conditions",
                "result",
                "result_code",
                "legal_basis",
                "legal_documents",
            ]
        },
    ),
    (
        _("Hiệu lực và nguồn"),
        {
            "fields": [
                ("effective_from", "effective_until"),
                "decision",
                "procedure_type",
                "source_url",
                ("catalog", "source"),
                "updated_at",
            ]
        },
    ),
]
# Every editable field of the fieldsets, for the form's Meta.
FORM_FIELDS = [
    name
    for _title, options in FIELDSETS
    for row in options["fields"]
    for name in (row if isinstance(row, tuple) else (row,))
    if name != "updated_at"
]


class LinesField(forms.CharField):
    """A list of strings edited as one line each (not as raw JSON)."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(str(line) for line in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class ProcedureAdminForm(forms.ModelForm[Procedure]):
    # Set by ProcedureAdmin.get_form for agency administrators.
    require_scoped_agency = False
    legal_documents = LinesField(
        label=_("Số hiệu văn bản căn cứ"),
        required=False,
        help_text=_("Mỗi dòng một văn bản, ví dụ: 87/2015/NĐ-CP."),
    )

    class Meta:
        model = Procedure
        fields = FORM_FIELDS

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.require_scoped_agency and not data.get("agencies"):
            self.add_error(
                "agencies",
                _("Chọn ít nhất một cơ quan thuộc phạm vi quản lý của bạn."),
            )
        return data


@admin.register(Procedure)
class ProcedureAdmin(AgencyScopedAdmin):
    agency_field = "agencies"
    form = ProcedureAdminForm
    list_display = ["code", "short_name", "field", "service_level", "is_published"]
    list_filter = [
        "service_level",
        "online_mode",
        "fee_status",
        "is_published",
        "level_province",
        "level_commune",
    ]
    list_select_related = ["field"]
    search_fields = ["code"]
    filter_horizontal = ["agencies"]
    readonly_fields = ["updated_at"]
    inlines = [
        ComponentInline,
        FeeItemInline,
        ChannelOptionInline,
        WorkflowStepInline,
        LegalDocumentInline,
    ]
    fieldsets = FIELDSETS

    class Media:
        # The inline tables scroll in their own box: the page fits the screen.
        css = {"all": ["css/admin.css"]}

    @admin.display(description=_("tên thủ tục"))
    def short_name(self, procedure: Procedure) -> str:
        return (
            procedure.name if len(procedure.name) <= 90 else procedure.name[:90] + "…"
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """A shared procedure is the system administrator's (procedure_editable_by)."""
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or selectors.procedure_editable_by(request.user, obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if agency_scope(request.user) is None:
            return queryset
        # A procedure of two agencies in scope would be listed twice by the join.
        return Procedure.objects.filter(pk__in=queryset.values("pk"))

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        """The catalogue's own accent-insensitive search."""
        if not search_term.strip():
            return queryset, False
        return selectors.procedure_search(queryset, search_term), False

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField[Any] | None:
        scope = agency_scope(request.user)
        if db_field.name == "agencies" and scope is not None:
            kwargs["queryset"] = Agency.objects.filter(pk__in=scope)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Procedure]]:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.require_scoped_agency = not is_system_admin(request.user)  # type: ignore[attr-defined]
        return form

    def save_model(
        self,
        request: HttpRequest,
        obj: Procedure,
        form: forms.ModelForm[Procedure],
        change: bool,
    ) -> None:
        services.procedure_save(procedure=obj)


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    """Fields are shared by every agency: system administrators edit them."""

    list_display = ["name", "slug"]
    search_fields = ["name"]
    readonly_fields = ["slug"]
    fields = ["name", "slug"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _administers(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _administers(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_system_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)

    def save_model(
        self,
        request: HttpRequest,
        obj: Field,
        form: forms.ModelForm[Field],
        change: bool,
    ) -> None:
        if change:
            services.field_rename(field=obj, name=obj.name)
        else:
            obj.slug = services.field_slug_for(obj.name)
            obj.save()
