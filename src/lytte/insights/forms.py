from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lytte.accounts.models import Team
from lytte.cases.models import Channel, ContactReason
from lytte.customers.models import Organization
from lytte.insights.dashboard import Filters, default_filters
from lytte.insights.gaps import GapFilters

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


class PeriodForm(forms.Form):
    """A period as GET parameters (`from`, `to`), the dashboard's by default."""

    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data: Any, *args: Any, **kwargs: Any) -> None:
        data = data.copy()
        start, end = self.default_period()
        for field, param, value in (("start", "from", start), ("end", "to", end)):
            if param in data and field not in data:
                data[field] = data[param]
            if not data.get(field):  # shown filled in: the page says which period it shows
                data[field] = value.isoformat()
        super().__init__(data, *args, **kwargs)

    @staticmethod
    def default_period() -> tuple[date, date]:
        default = default_filters()
        return default.start, default.end

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


class FilterForm(PeriodForm):
    """The dashboard's filters, as GET parameters (so every view can be linked and exported)."""

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


class GapFilterForm(PeriodForm):
    """The knowledge gaps' filters: the period and the language searched or read in."""

    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All")), *settings.LANGUAGES]
    )

    @staticmethod
    def default_period() -> tuple[date, date]:
        """The last four weeks, today included: gaps are worth seeing while they are new."""
        today = timezone.localdate()
        return today - timedelta(days=27), today

    def filters(self) -> GapFilters:
        data = self.cleaned_data
        return GapFilters(start=data["start"], end=data["end"], language=data.get("language", ""))
