"""Feedback in the admin: read-only status and history; moves go through the
services (the workflow), never through field edits."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from feedback.models import Feedback, FeedbackEvent, FeedbackFile


class EventInline(admin.TabularInline[FeedbackEvent, Feedback]):
    model = FeedbackEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "from_status", "to_status", "actor_name", "note"]
    readonly_fields = ["at", "action", "from_status", "to_status", "actor_name", "note"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class FileInline(admin.TabularInline[FeedbackFile, Feedback]):
    model = FeedbackFile
    extra = 0
    can_delete = False
    fields = ["original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = ["original_name", "content_type", "size", "uploaded_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin[Feedback]):
    list_display = ["code", "subject", "kind", "agency", "status", "received_at"]
    list_filter = ["status", "kind", "channel", "is_published", "is_spam"]
    search_fields = ["code", "subject"]
    list_select_related = ["agency"]
    inlines = [FileInline, EventInline]
    readonly_fields = [
        field.name
        for field in Feedback._meta.get_fields()
        if getattr(field, "concrete", False) and not field.many_to_many
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
