"""Calendars in the admin site, for admins: the week's hours (a lunch break is two windows),
the calendar's own days, an iCal file of closed days, and the year's holidays and eves as the
calendar keeps them (decision 0038)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lytte.sla import services
from lytte.sla.ical import MAX_BYTES
from lytte.sla.models import Calendar, CalendarDay, OpeningWindow
from lytte.sla.selectors import days_in_year

SOURCES = {
    "holiday": _("public holiday"),
    "eve": _("the country's eve"),
    "calendar": _("this calendar's day"),
}


class CalendarForm(forms.ModelForm):  # type: ignore[type-arg]
    ics = forms.FileField(
        label=_("Import closed days"),
        required=False,
        help_text=_(
            "An iCal file (.ics): each whole-day event becomes a closed day. Events with times "
            "of day and repeating events are skipped."
        ),
    )

    class Meta:
        model = Calendar
        fields = ("name", "time_zone", "country", "public_holidays", "special_days")

    def clean_ics(self) -> Any:
        upload = self.cleaned_data.get("ics")
        if upload is not None and upload.size > MAX_BYTES:
            raise ValidationError(_("The file is larger than 2 MB."))
        return upload


class OpeningWindowInline(admin.TabularInline):  # type: ignore[type-arg]
    model = OpeningWindow
    extra = 0
    fields = ("weekday", "opens", "closes")


class CalendarDayInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CalendarDay
    extra = 0
    fields = ("date", "kind", "name", "opens", "closes", "source")
    readonly_fields = ("source",)


@admin.register(Calendar)
class CalendarAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = CalendarForm
    list_display = ("name", "country", "time_zone", "public_holidays", "special_days")
    list_filter = ("country",)
    search_fields = ("name",)
    inlines = (OpeningWindowInline, CalendarDayInline)
    readonly_fields = ("this_year", "next_year")

    def get_fields(self, request: HttpRequest, obj: Calendar | None = None) -> Any:
        fields = ["name", "time_zone", "country", "public_holidays", "special_days", "ics"]
        return [*fields, "this_year", "next_year"] if obj is not None else fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Calendar]:
        return super().get_queryset(request).prefetch_related("windows", "days")

    @admin.display(description=_("Days that differ this year"))
    def this_year(self, calendar: Calendar) -> str:
        return _year_table(calendar, timezone.localdate().year)

    @admin.display(description=_("Days that differ next year"))
    def next_year(self, calendar: Calendar) -> str:
        return _year_table(calendar, timezone.localdate().year + 1)

    def save_model(self, request: HttpRequest, obj: Calendar, form: Any, change: bool) -> None:
        fields = {name: form.cleaned_data[name] for name in CalendarForm.Meta.fields}
        if change:
            services.update_calendar(by=request.user, calendar=obj, **fields)
        else:
            obj.pk = services.create_calendar(by=request.user, **fields).pk
            obj.refresh_from_db()

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """The inlines write through the services, as every other write does (the services
        audit them; the admin's own change message names the calendar only)."""
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if not formset.has_changed():
            return
        if formset.model is OpeningWindow:
            _save_week(request, form.instance, formset)
        else:
            _save_days(request, form.instance, formset)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        calendar: Calendar = form.instance
        upload = form.cleaned_data.get("ics")
        if upload is None:
            return
        try:
            result = services.import_ical(by=request.user, calendar=calendar, content=upload.read())
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        text = gettext(
            "Imported %(added)d new and %(replaced)d replaced closed days; "
            "%(skipped)d events skipped."
        )
        self.message_user(request, text % result.__dict__, messages.SUCCESS)


def _kept(formset: Any) -> list[dict[str, Any]]:
    deleted = set(map(id, formset.deleted_forms))
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and id(f) not in deleted]


def _save_week(request: HttpRequest, calendar: Calendar, formset: Any) -> None:
    week: dict[int, list[tuple[Any, Any]]] = {day: [] for day in range(7)}
    for row in _kept(formset):
        week[row["weekday"]].append((row["opens"], row["closes"]))
    services.set_week(by=request.user, calendar=calendar, week=week)


def _save_days(request: HttpRequest, calendar: Calendar, formset: Any) -> None:
    for old in formset.deleted_forms:
        if old.instance.pk:
            services.remove_day(by=request.user, calendar=calendar, day=old.instance.date)
    deleted = set(map(id, formset.deleted_forms))
    for day_form in formset.forms:
        if id(day_form) in deleted or not day_form.has_changed() or not day_form.cleaned_data:
            continue
        row, before = day_form.cleaned_data, day_form.initial.get("date")
        if day_form.instance.pk and before and before != row["date"]:
            services.remove_day(by=request.user, calendar=calendar, day=before)
        services.set_day(
            by=request.user,
            calendar=calendar,
            day=row["date"],
            kind=row["kind"],
            name=row.get("name", ""),
            opens=row.get("opens"),
            closes=row.get("closes"),
        )


def _year_table(calendar: Calendar, year: int) -> str:
    days = days_in_year(calendar, year)
    if not days:
        return gettext("No day differs from the week.")
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (f"{day.date:%Y-%m-%d}", day.name, SOURCES[day.source], _hours(day.windows))
            for day in days
        ),
    )
    head = format_html(
        "<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>",
        gettext("Date"),
        gettext("Name"),
        gettext("Source"),
        gettext("Open"),
    )
    return format_html('<table class="sla-days">{}<tbody>{}</tbody></table>', head, rows)


def _hours(windows: tuple[tuple[int, int], ...]) -> str:
    if not windows:
        return gettext("closed")
    return ", ".join(
        f"{s // 60:02d}:{s % 60:02d}\u2013{e // 60:02d}:{e % 60:02d}" for s, e in windows
    )


from lytte.sla import policy_admin  # noqa: E402, F401  (SLA policies and teams' calendars)
