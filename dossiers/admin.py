"""Dossiers in the admin: read-only, scoped like the portal's pages.

Status changes only through `services.dossier_apply_action` (the portal's dossier
page and the API); the admin shows a dossier with its history, files and hand-overs
for administrators who need to look something up.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.permissions import has_role
from dossiers import selectors
from dossiers.models import (
    ClockPause,
    Dossier,
    DossierEvent,
    DossierFile,
    DossierStep,
    SatisfactionRating,
)


def _administers(request: HttpRequest) -> bool:
    return has_role(request.user, Role.AGENCY_ADMIN)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _administers(request)


class EventInline(ReadOnlyInline):
    model = DossierEvent
    fields = readonly_fields = (
        "at",
        "action",
        "from_status",
        "to_status",
        "actor_name",
        "note",
    )
    verbose_name_plural = _("lịch sử xử lý")


class FileInline(ReadOnlyInline):
    model = DossierFile
    fields = readonly_fields = (
        "kind",
        "component",
        "form_code",
        "original_name",
        "size",
        "uploaded_at",
    )


class StepInline(ReadOnlyInline):
    model = DossierStep
    fields = readonly_fields = (
        "position",
        "name",
        "agency",
        "handler",
        "started_at",
        "due_at",
        "finished_at",
        "outcome",
    )


class PauseInline(ReadOnlyInline):
    model = ClockPause
    fields = readonly_fields = ("reason", "started_at", "ended_at")


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "procedure_code",
        "applicant_name",
        "status",
        "channel",
        "receiving_agency",
        "processing_agency",
        "due_at",
    ]
    list_filter = ["status", "channel", "delivery_method", "processing_agency"]
    search_fields = ["code", "applicant_name", "procedure__code"]
    date_hierarchy = "created_at"
    list_select_related = ["procedure", "receiving_agency", "processing_agency"]
    inlines = [EventInline, FileInline, StepInline, PauseInline]
    exclude = ["uuid"]

    @admin.display(description=_("mã thủ tục"), ordering="procedure__code")
    def procedure_code(self, obj: Dossier) -> str:
        return obj.procedure.code

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in Dossier._meta.fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Dossier]:
        return selectors.dossier_list_for(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _administers(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _administers(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SatisfactionRating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["dossier", "overall", "on_time", "staff_attitude", "created_at"]
    list_filter = ["overall"]
    search_fields = ["dossier__code"]
    list_select_related = ["dossier"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in SatisfactionRating._meta.fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SatisfactionRating]:
        return (
            super()
            .get_queryset(request)
            .filter(dossier__in=selectors.dossier_list_for(request.user))
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _administers(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _administers(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
