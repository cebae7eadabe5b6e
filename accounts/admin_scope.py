"""Admin classes that follow the permission module instead of Django's model perms.

System administrators manage everything; agency administrators manage the rows of
their agency and the units below it. Later apps (the catalogue) reuse this base.
"""

from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey, Model, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest

from accounts.models import Agency, Role
from accounts.permissions import agency_scope, has_role, is_system_admin


class AgencyScopedAdmin(admin.ModelAdmin):
    # Path from the model to the agency that owns a row ("id" for Agency itself).
    agency_field = "agency"

    def _may_administer(self, request: HttpRequest) -> bool:
        return has_role(request.user, Role.AGENCY_ADMIN)

    def _in_scope(self, request: HttpRequest, obj: Model | None) -> bool:
        if obj is None or is_system_admin(request.user):
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may_administer(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_administer(request) and self._in_scope(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._may_administer(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        scope = agency_scope(request.user)
        if scope is None:
            return queryset
        return queryset.filter(**{f"{self.agency_field}__in": scope})

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        scope = agency_scope(request.user)
        if db_field.related_model is Agency and scope is not None:
            kwargs["queryset"] = Agency.objects.filter(pk__in=scope)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
