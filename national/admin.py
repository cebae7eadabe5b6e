"""The national outbox and the catalogue import runs, read-only.

Failed and rejected events can be sent again (after the portal came back or the data
was corrected). Agency administrators see the events of their agencies' dossiers;
the catalogue runs concern the whole province.
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_scope import AgencyScopedAdmin
from accounts.permissions import agency_scope, is_system_admin
from national import services
from national.models import CatalogueRun, NationalSync


class ReadOnly(AgencyScopedAdmin):
    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(NationalSync)
class NationalSyncAdmin(ReadOnly):
    list_display = [
        "created_at",
        "dossier",
        "sequence",
        "national_status",
        "status",
        "attempts",
        "synced_at",
        "last_error",
    ]
    list_filter = ["status", "national_status", "created_at"]
    search_fields = ["dossier__code", "=uuid"]
    date_hierarchy = "created_at"
    list_select_related = ["dossier"]
    actions = ["retry"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = admin.ModelAdmin.get_queryset(self, request)
        scope = agency_scope(request.user)
        if scope is None:
            return queryset
        return queryset.filter(
            Q(dossier__processing_agency__in=scope)
            | Q(dossier__receiving_agency__in=scope)
        )

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return self._may_administer(request)

    @admin.action(
        description=_("Gửi lại lên Cổng quốc gia các sự kiện lỗi hoặc bị từ chối"),
        permissions=["retry"],
    )
    def retry(self, request: HttpRequest, queryset: QuerySet[NationalSync]) -> None:
        count = services.sync_retry(sync_ids=queryset.values_list("pk", flat=True))
        message = ngettext(
            "Đã xếp %(count)d sự kiện vào hàng đợi gửi lại.",
            "Đã xếp %(count)d sự kiện vào hàng đợi gửi lại.",
            count,
        ) % {"count": count}
        self.message_user(request, message, messages.SUCCESS)


@admin.register(CatalogueRun)
class CatalogueRunAdmin(ReadOnly):
    list_display = [
        "started_at",
        "outcome",
        "rows",
        "new_count",
        "changed_count",
        "withdrawn_count",
        "rejected_count",
    ]
    list_filter = ["outcome"]
    date_hierarchy = "started_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return admin.ModelAdmin.get_queryset(self, request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_system_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)

    @admin.display(description=_("mới"))
    def new_count(self, run: CatalogueRun) -> int:
        return len(run.created_codes)

    @admin.display(description=_("thay đổi"))
    def changed_count(self, run: CatalogueRun) -> int:
        return len(run.changed)

    @admin.display(description=_("bãi bỏ"))
    def withdrawn_count(self, run: CatalogueRun) -> int:
        return len(run.withdrawn_codes)

    @admin.display(description=_("bị loại"))
    def rejected_count(self, run: CatalogueRun) -> int:
        return len(run.rejected)
