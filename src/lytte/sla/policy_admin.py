"""SLA policies and teams' calendars in the admin site, for admins (decision 0041). A saved
policy's targets reach its running clocks through the worker (`worker.follow_policies`); its
conditions apply to cases matched from then on (a case is matched again when it changes)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lytte.audit.services import record
from lytte.cases.models import Channel, Priority
from lytte.sla.models import Policy, TeamCalendar

ANY = [("", _("any"))]


class PolicyForm(forms.ModelForm):  # type: ignore[type-arg]
    priority = forms.ChoiceField(
        label=_("priority"), choices=ANY + list(Priority.choices), required=False
    )
    channel = forms.ChoiceField(
        label=_("channel"), choices=ANY + list(Channel.choices), required=False
    )

    class Meta:
        model = Policy
        fields = (
            "name",
            "position",
            "active",
            "reason",
            "priority",
            "channel",
            "organization",
            "team",
            "first_response_minutes",
            "next_response_minutes",
            "resolution_minutes",
            "business_time",
            "calendar",
            "warn_percent",
        )


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = PolicyForm
    list_display = (
        "position",
        "name",
        "active",
        "reason",
        "priority",
        "channel",
        "organization",
        "team",
        "first_response_minutes",
        "next_response_minutes",
        "resolution_minutes",
        "business_time",
    )
    list_display_links = ("name",)
    list_editable = ("position", "active")
    list_filter = ("active", "business_time")
    autocomplete_fields = ("organization",)
    fieldsets = (
        (None, {"fields": ("name", "position", "active")}),
        (
            _("Which cases (first match wins; empty matches all)"),
            {"fields": ("reason", "priority", "channel", "organization", "team")},
        ),
        (
            _("Targets"),
            {
                "fields": (
                    "first_response_minutes",
                    "next_response_minutes",
                    "resolution_minutes",
                    "business_time",
                    "calendar",
                    "warn_percent",
                )
            },
        ),
    )

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Policy, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        action = "sla_policy.changed" if change else "sla_policy.created"
        record(actor=request.user, action=action, target=obj, fields=sorted(form.changed_data))

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: Policy) -> None:
        record(actor=request.user, action="sla_policy.deleted", target=obj, name=obj.name)
        super().delete_model(request, obj)


@admin.register(TeamCalendar)
class TeamCalendarAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("team", "calendar")
