from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from lytte.phone.models import (
    AgentPhone,
    BlockedNumber,
    Call,
    CtiEvent,
    CtiIntegration,
    PhoneQueue,
)
from lytte.phone.services import give_new_token


class PhoneQueueInline(admin.TabularInline[PhoneQueue, CtiIntegration]):
    model = PhoneQueue
    extra = 0


@admin.register(CtiIntegration)
class CtiIntegrationAdmin(admin.ModelAdmin[CtiIntegration]):
    list_display = ["name", "prefix", "team", "active", "created_at"]
    fields = ["name", "team", "active", "prefix"]
    readonly_fields = ["prefix"]
    inlines = [PhoneQueueInline]

    def save_model(
        self, request: HttpRequest, obj: CtiIntegration, form: Any, change: bool
    ) -> None:
        if not change:
            token = give_new_token(obj)
            url = request.build_absolute_uri(reverse("cti-webhook", args=[token]))
            messages.warning(
                request,
                _("Webhook URL for %(name)s, shown only now: %(url)s")
                % {"name": obj.name, "url": url},
            )
        super().save_model(request, obj, form, change)


@admin.register(AgentPhone)
class AgentPhoneAdmin(admin.ModelAdmin[AgentPhone]):
    list_display = ["user", "extension", "pbx_name", "auto_open"]
    search_fields = ["user__username", "extension", "pbx_name"]


@admin.register(BlockedNumber)
class BlockedNumberAdmin(admin.ModelAdmin[BlockedNumber]):
    list_display = ["value", "note", "created_at"]
    search_fields = ["value", "note"]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin[Call]):
    list_display = [
        "started_at",
        "direction",
        "from_number",
        "to_number",
        "state",
        "missed",
        "answered_by",
        "customer",
    ]
    list_filter = ["direction", "state", "missed", "integration"]
    search_fields = ["call_id", "from_number", "to_number", "caller"]
    date_hierarchy = "started_at"
    readonly_fields = [f.name for f in Call._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(CtiEvent)
class CtiEventAdmin(admin.ModelAdmin[CtiEvent]):
    """What each PBX sent, as it sent it: for finding out what went wrong with an integration."""

    list_display = ["received_at", "integration", "event", "call_id"]
    list_filter = ["event", "integration"]
    search_fields = ["call_id"]
    readonly_fields = ["integration", "call_id", "event", "payload", "received_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
