from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from core.calendar import calendar_invalidate
from core.models import CalendarOverride


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "legal_basis"]
    list_filter = ["kind"]
    search_fields = ["name", "legal_basis"]
    date_hierarchy = "date"

    def save_model(
        self, request: HttpRequest, obj: CalendarOverride, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        calendar_invalidate()

    def delete_model(self, request: HttpRequest, obj: CalendarOverride) -> None:
        super().delete_model(request, obj)
        calendar_invalidate()

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        super().delete_queryset(request, queryset)
        calendar_invalidate()
