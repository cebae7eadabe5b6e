"""Documents in the admin: peers to configure; documents and the exchange log to
look up, read-only (statuses change only through documents.services)."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from documents import selectors
from documents.models import (
    ExchangeMessage,
    ExchangePeer,
    IncomingDocument,
    OutgoingDocument,
)


@admin.register(ExchangePeer)
class ExchangePeerAdmin(admin.ModelAdmin[ExchangePeer]):
    list_display = ["code", "name", "endpoint_url"]
    search_fields = ["code", "name"]


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IncomingDocument)
class IncomingDocumentAdmin(ReadOnlyAdmin):
    list_display = ["arrival_number", "arrived_at", "sender_name", "summary", "status"]
    list_filter = ["status", "urgency", "source"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[IncomingDocument]:
        return selectors.incoming_list_for(request.user).select_related("agency")


@admin.register(OutgoingDocument)
class OutgoingDocumentAdmin(ReadOnlyAdmin):
    list_display = ["number", "notation", "issued_on", "summary", "status"]
    list_filter = ["status", "urgency"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[OutgoingDocument]:
        return selectors.outgoing_list_for(request.user).select_related("agency")


@admin.register(ExchangeMessage)
class ExchangeMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "direction", "kind", "peer", "state", "attempts"]
    list_filter = ["direction", "kind", "state"]
    exclude = ["payload"]
