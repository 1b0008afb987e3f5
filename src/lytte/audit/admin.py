from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from lytte.audit.models import AccessRecord, AuditEvent


class AppendOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    # The trail is append-only: nobody edits or deletes history from the admin.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(AppendOnlyAdmin):
    list_display = ["created_at", "actor", "action", "target_type", "target_id"]
    list_filter = ["action", "target_type"]
    search_fields = ["action", "target_id", "actor__username"]
    date_hierarchy = "created_at"


@admin.register(AccessRecord)
class AccessRecordAdmin(AppendOnlyAdmin):
    list_display = ["created_at", "user", "customer_id", "channel", "case_number"]
    list_filter = ["channel"]
    search_fields = ["=customer__id", "user__username"]
    date_hierarchy = "created_at"
