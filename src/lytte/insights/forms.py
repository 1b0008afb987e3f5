from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lytte.accounts.models import Team
from lytte.cases.models import Channel, ContactReason
from lytte.customers.models import Organization
from lytte.insights.dashboard import Filters, default_filters

MAX_DAYS = 3 * 366


class OrganizationSearch(forms.Widget):
    """A search box that finds organizations by name as one types (there may be thousands:
    never all of them in the page); the chosen one's id goes in the URL."""

    template_name = "insights/organization_search.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        chosen = Organization.objects.filter(pk=value).first() if str(value).isdigit() else None
        context["widget"]["chosen"] = chosen
        context["widget"]["search_url"] = reverse("insights:organizations")
        return context


class FilterForm(forms.Form):
    """The dashboard's filters, as GET parameters (so every view can be linked and exported)."""

    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All")), *Channel.choices]
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        required=False,
        queryset=Team.objects.order_by("name"),
        empty_label=_("All"),
    )
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        required=False,
        queryset=Organization.objects.all(),
        widget=OrganizationSearch,
    )
    reason = forms.ModelChoiceField(
        label=_("Reason (with its sub-reasons)"),
        required=False,
        queryset=ContactReason.objects.order_by("position", "name"),
        empty_label=_("All"),
    )

    def __init__(self, data: Any, *args: Any, **kwargs: Any) -> None:
        data = data.copy()
        default = default_filters()
        for field, param, value in (("start", "from", default.start), ("end", "to", default.end)):
            if param in data and field not in data:
                data[field] = data[param]
            if not data.get(field):  # shown filled in: the page says which period it shows
                data[field] = value.isoformat()
        super().__init__(data, *args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is None or end is None:
            return cleaned  # the field says what is wrong
        if start > end:
            raise forms.ValidationError(_("The period must start before it ends."))
        if end - start > timedelta(days=MAX_DAYS):
            raise forms.ValidationError(_("Choose a period of at most three years."))
        return cleaned

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            start=data["start"],
            end=data["end"],
            channel=data.get("channel") or "",
            team=data["team"].pk if data.get("team") else None,
            organization=data["organization"].pk if data.get("organization") else None,
            reason=data["reason"].pk if data.get("reason") else None,
        )
