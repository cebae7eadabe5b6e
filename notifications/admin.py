"""Every notification with its status, read-only; failed ones can be sent again.

System administrators see all rows, agency administrators those about the dossiers
and the staff of their agencies.
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_scope import AgencyScopedAdmin
from accounts.permissions import agency_scope
from notifications import services
from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(AgencyScopedAdmin):
    list_display = [
        "created_at",
        "kind",
        "channel",
        "recipient",
        "dossier",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "channel", "kind", "created_at"]
    search_fields = ["dossier__code", "provider_message_id", "=uuid", "recipient"]
    date_hierarchy = "created_at"
    list_select_related = ["dossier"]
    actions = ["retry"]
    fieldsets = [
        (None, {"fields": ["uuid", "kind", "channel", "recipient", "user", "dossier"]}),
        (
            _("Trạng thái"),
            {
                "fields": [
                    "status",
                    "attempts",
                    "last_error",
                    "provider_message_id",
                    "created_at",
                    "next_attempt_at",
                    "claimed_at",
                    "sent_at",
                    "delivered_at",
                    "read_at",
                ]
            },
        ),
        (_("Nội dung"), {"fields": ["subject", "text", "link", "key"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = admin.ModelAdmin.get_queryset(self, request)
        scope = agency_scope(request.user)
        if scope is None:
            return queryset
        return queryset.filter(
            Q(dossier__processing_agency__in=scope)
            | Q(dossier__receiving_agency__in=scope)
            | Q(user__agency__in=scope)
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return self._may_administer(request)

    @admin.action(
        description=_("Gửi lại các thông báo không gửi được"), permissions=["retry"]
    )
    def retry(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        count = services.notification_retry(
            notification_ids=queryset.values_list("pk", flat=True)
        )
        message = ngettext(
            "Đã xếp %(count)d thông báo vào hàng đợi gửi lại.",
            "Đã xếp %(count)d thông báo vào hàng đợi gửi lại.",
            count,
        ) % {"count": count}
        self.message_user(request, message, messages.SUCCESS)
