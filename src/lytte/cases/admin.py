from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lytte.cases.models import Case, Contact, ContactReason


@admin.register(ContactReason)
class ContactReasonAdmin(admin.ModelAdmin[ContactReason]):
    list_display = ["code", "name", "name_nb", "name_da", "name_sv", "name_fi", "parent", "active"]
    list_filter = ["active", "parent"]
    search_fields = ["code", "name", "name_nb", "name_da", "name_sv", "name_fi"]
    ordering = ["position", "name"]


class ContactInline(admin.TabularInline[Contact, Case]):
    model = Contact
    extra = 0
    fields = ["started_at", "channel", "direction", "address", "reason", "handled_by"]
    readonly_fields = ["started_at", "channel", "direction", "address", "reason", "handled_by"]
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin:
    """Cases and contacts are written only through cases.services, which audits each change,
    tells open desks and insights' rollups (decision 26), and checks the workflow. They are
    never deleted: reports count them, and erasure anonymises instead (decision 20). The admin
    shows them; the desk changes them."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin, admin.ModelAdmin[Case]):
    list_display = [
        "number",
        "subject",
        "status",
        "priority",
        "channel",
        "customer",
        "team",
        "assignee",
        "reason",
        "created_at",
    ]
    list_filter = ["status", "priority", "channel", "team", "reason"]
    search_fields = ["=number", "subject", "customer__name"]
    raw_id_fields = ["customer", "organization", "assignee", "created_by"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "number",
        "created_at",
        "updated_at",
        "first_response_at",
        "resolved_at",
        "closed_at",
    ]
    inlines = [ContactInline]
    list_select_related = ["customer", "team", "assignee", "reason"]


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin, admin.ModelAdmin[Contact]):
    list_display = [
        "started_at",
        "channel",
        "direction",
        "case",
        "customer",
        "address",
        "reason",
        "handled_by",
    ]
    list_filter = ["channel", "direction", "reason"]
    search_fields = ["address", "external_id", "case__number", "customer__name"]
    raw_id_fields = ["case", "customer", "handled_by"]
    date_hierarchy = "started_at"
    list_select_related = ["case", "customer", "reason", "handled_by"]
