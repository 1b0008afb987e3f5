from __future__ import annotations

from django.contrib import admin

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


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin[Case]):
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
class ContactAdmin(admin.ModelAdmin[Contact]):
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
