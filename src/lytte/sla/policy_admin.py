"""SLA policies, escalation rules and teams' calendars in the admin site, for admins (decision
0041). A saved policy's targets reach its running clocks through the worker
(`worker.follow_policies`), and so does its calendar, its switch between business and calendar
time, or a team's calendar (`worker.switch_requested`, decision 0051); a change of which cases
policies match (conditions, order, active, a new or deleted policy), or a target kind set
(open cases may lack its clock), queues a re-match of the open cases for the worker
(`Rematch`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lytte.audit.services import record
from lytte.cases.models import Channel, Priority
from lytte.sla.models import EscalationRule, Policy, TeamCalendar
from lytte.sla.rematch import GAINING, MATCHING, request_rematch
from lytte.sla.worker import request_switch

# The policy fields that decide which calendar (or none) its clocks count on.
SWITCHING = frozenset({"business_time", "calendar"})

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
        if not change or (MATCHING | GAINING) & set(form.changed_data):
            request_rematch()
        if change and SWITCHING & set(form.changed_data):
            request_switch()  # its running clocks move to the new calendar or measure

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: Policy) -> None:
        record(actor=request.user, action="sla_policy.deleted", target=obj, name=obj.name)
        super().delete_model(request, obj)
        request_rematch()


class EscalationRuleForm(forms.ModelForm):  # type: ignore[type-arg]
    raise_priority_to = forms.ChoiceField(
        label=_("raise priority to"),
        choices=[("", _("no change")), *Priority.choices],
        required=False,
    )

    class Meta:
        model = EscalationRule
        fields = (
            "name",
            "position",
            "active",
            "policy",
            "trigger",
            "target",
            "reassign_to",
            "raise_priority_to",
            "notify",
        )


@admin.register(EscalationRule)
class EscalationRuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Rules the worker applies when a target warns or breaches; each fires once per target."""

    form = EscalationRuleForm
    list_display = (
        "position",
        "name",
        "active",
        "policy",
        "trigger",
        "target",
        "reassign_to",
        "raise_priority_to",
        "notify",
    )
    list_display_links = ("name",)
    list_editable = ("position", "active")

    @transaction.atomic
    def save_model(
        self, request: HttpRequest, obj: EscalationRule, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        action = "sla_escalation.changed" if change else "sla_escalation.created"
        record(actor=request.user, action=action, target=obj, fields=sorted(form.changed_data))

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: EscalationRule) -> None:
        record(actor=request.user, action="sla_escalation.deleted", target=obj, name=obj.name)
        super().delete_model(request, obj)


@admin.register(TeamCalendar)
class TeamCalendarAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A team's calendar: the running clocks that count on it (or should now) move over."""

    list_display = ("team", "calendar")

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: TeamCalendar, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        request_switch()

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: TeamCalendar) -> None:
        super().delete_model(request, obj)
        request_switch()

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        super().delete_queryset(request, queryset)
        request_switch()
