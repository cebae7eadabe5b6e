"""Payments in the admin: read-only, for looking things up.

Money moves only through payments.services (the dossier page, the counter, the
gateways' callbacks); the admin shows requests with their attempts and every
callback received, scoped to the administrator's agencies.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.permissions import agency_scope
from payments.models import GatewayCallback, PaymentAttempt, PaymentItem, PaymentRequest


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ItemInline(admin.TabularInline):
    model = PaymentItem
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "position",
        "name",
        "amount_min",
        "amount_max",
        "amount",
        "exempt",
        "reason",
    )


class AttemptInline(admin.TabularInline):
    model = PaymentAttempt
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "gateway",
        "reference",
        "transaction_ref",
        "amount",
        "outcome",
        "created_at",
    )


@admin.register(PaymentRequest)
class PaymentRequestAdmin(ReadOnly):
    list_display = ["dossier", "agency", "status", "total", "method", "paid_at"]
    list_filter = ["status", "method", "gateway"]
    search_fields = ["dossier__code"]
    inlines = [ItemInline, AttemptInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[PaymentRequest]:
        scope = agency_scope(request.user)
        requests = super().get_queryset(request).select_related("dossier", "agency")
        return requests if scope is None else requests.filter(agency__in=scope)


@admin.register(GatewayCallback)
class GatewayCallbackAdmin(ReadOnly):
    list_display = ["received_at", "gateway", "reference", "amount", "answer", "note"]
    list_filter = ["gateway", "answer", "note"]
    search_fields = ["reference", "transaction_ref"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[GatewayCallback]:
        scope = agency_scope(request.user)
        callbacks = super().get_queryset(request)
        if scope is None:
            return callbacks
        return callbacks.filter(attempt__request__agency__in=scope)
