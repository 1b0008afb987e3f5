"""Business calendars: a time zone, the week's opening hours, and the days that differ
(decision 0038). The arithmetic on them is `lytte.sla.hours`; `selectors.schedule_for` builds
its `Schedule` from these rows. Imported by `lytte.sla.models`, where the rest of the SLA's
models are, so Django finds them and every model can be imported from there."""

from __future__ import annotations

from datetime import time
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    NORWAY = "NO", _("Norway")
    DENMARK = "DK", _("Denmark")
    SWEDEN = "SE", _("Sweden")
    FINLAND = "FI", _("Finland")
    ICELAND = "IS", _("Iceland")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


def validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(
            _("“%(zone)s” is not a time zone; write e.g. Europe/Oslo."), params={"zone": value}
        )


class Calendar(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Oslo", validators=[validate_time_zone]
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=Country.choices,
        blank=True,
        help_text=_("Whose public holidays and usual half days the calendar keeps."),
    )
    public_holidays = models.BooleanField(_("closed on public holidays"), default=True)
    special_days = models.BooleanField(
        _("keep the country's eves"),
        default=True,
        help_text=_(
            "Closed or closing early on Christmas Eve, Midsummer Eve, New Year's Eve and the "
            "country's other eves, as most businesses there do."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("calendar")
        verbose_name_plural = _("calendars")

    def __str__(self) -> str:
        return self.name


class OpeningWindow(models.Model):
    """One stretch of opening hours on a weekday; a day with a lunch break has two."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"), help_text=_("00:00 is midnight at the day's end."))

    class Meta:
        ordering = ("weekday", "opens")
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}\u2013{self.closes:%H:%M}"

    def clean(self) -> None:
        known = self.opens is not None and self.closes is not None
        if known and minutes(self.closes, end=True) <= minutes(self.opens):
            raise ValidationError(_("A window closes after it opens."))


class DayKind(models.TextChoices):
    CLOSED = "closed", _("closed")
    CLOSES_EARLY = "closes_early", _("closes early")
    HOURS = "hours", _("own hours")


class DaySource(models.TextChoices):
    MANUAL = "manual", _("added by hand")
    ICAL = "ical", _("iCal import")


class CalendarDay(models.Model):
    """A date of this calendar that differs from its week: closed, closing early (the usual
    hours cut at `closes`), or open only from `opens` to `closes`. It wins over the country's
    holidays and eves."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=8, choices=DaySource.choices, default=DaySource.MANUAL
    )

    class Meta:
        ordering = ("date",)
        constraints = [
            models.UniqueConstraint(fields=("calendar", "date"), name="sla_one_entry_per_day")
        ]
        verbose_name = _("day")
        verbose_name_plural = _("days")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"

    def clean(self) -> None:
        if self.kind in (DayKind.CLOSES_EARLY, DayKind.HOURS) and self.closes is None:
            raise ValidationError({"closes": _("Say when it closes.")})
        if self.kind == DayKind.HOURS:
            if self.opens is None:
                raise ValidationError({"opens": _("Say when it opens.")})
            if self.closes is not None and minutes(self.closes, end=True) <= minutes(self.opens):
                raise ValidationError(_("A window closes after it opens."))


def minutes(at: time, end: bool = False) -> int:
    """A time of day as minutes after midnight; with `end`, 00:00 is the day's end (1440)."""
    value = at.hour * 60 + at.minute
    return 24 * 60 if end and value == 0 else value
