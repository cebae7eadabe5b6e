from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.permissions import is_system_admin
from identity.models import ClaimCode


@admin.register(ClaimCode)
class ClaimCodeAdmin(admin.ModelAdmin):
    """Read only: codes are issued and used through the identity services."""

    list_display = ["dossier", "user", "channel", "created_at", "attempts", "used_at"]
    list_select_related = ["dossier", "user"]
    raw_id_fields = ["dossier", "user"]
    exclude = ["code_hash"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_system_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
