"""Reads of business calendars: the `Schedule` the arithmetic runs on, and a year's days that
differ from the week, named for people (decision 0038)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lytte.sla import hours, nordic
from lytte.sla.hours import Schedule, Windows, normalise, until
from lytte.sla.models import (
    Calendar,
    CalendarDay,
    CaseTarget,
    DayKind,
    OpeningWindow,
    minutes,
)

_SCHEDULES: dict[tuple[int, str], Schedule] = {}  # (calendar id, its updated_at): built once


def calendars() -> QuerySet[Calendar]:
    return Calendar.objects.prefetch_related(
        Prefetch("windows", queryset=OpeningWindow.objects.order_by("weekday", "opens")),
        Prefetch("days", queryset=CalendarDay.objects.order_by("date")),
    ).order_by("name", "id")


def week_of(calendar: Calendar) -> tuple[Windows, ...]:
    week: list[list[tuple[int, int]]] = [[] for _day in range(7)]
    for window in calendar.windows.all():
        week[window.weekday].append((minutes(window.opens), minutes(window.closes, end=True)))
    return tuple(normalise(day) for day in week)


def own_days(calendar: Calendar) -> dict[date, nordic.OwnDay]:
    own = {}
    for day in calendar.days.all():
        if day.kind == DayKind.CLOSES_EARLY and day.closes is not None:
            own[day.date] = nordic.OwnDay(closes=minutes(day.closes, end=True))
        elif day.kind == DayKind.HOURS and day.opens is not None and day.closes is not None:
            window = (minutes(day.opens), minutes(day.closes, end=True))
            own[day.date] = nordic.OwnDay(windows=(window,))
        else:
            own[day.date] = nordic.OwnDay()
    return own


def schedule_for(calendar: Calendar) -> Schedule:
    """The calendar's Schedule, built once per process for each saved version of it (every
    change through `lytte.sla.services` moves `updated_at`)."""
    key = (calendar.pk, calendar.updated_at.isoformat())
    if key not in _SCHEDULES:
        week, own = week_of(calendar), own_days(calendar)
        country, public, special = calendar.country, calendar.public_holidays, calendar.special_days

        def days(year: int) -> dict[date, Windows]:
            return nordic.days_of_year(year, week, country, public, special, own)

        if len(_SCHEDULES) > 256:
            _SCHEDULES.clear()
        _SCHEDULES[key] = Schedule.build(calendar.time_zone, week, days)
    return _SCHEDULES[key]


@dataclass(frozen=True)
class Day:
    """A date that differs from the calendar's week, as shown to people."""

    date: date
    name: str
    source: str  # "holiday", "eve" (the country's table) or "calendar" (its own day)
    windows: Windows


def days_in_year(calendar: Calendar, year: int) -> list[Day]:
    """The year's holidays, eves and own days that apply, in date order, named in the active
    language; the later sources win as in the arithmetic."""
    week, language = week_of(calendar), (get_language() or "en")[:2]
    found: dict[date, Day] = {}
    if calendar.country and calendar.public_holidays:
        for day, name in nordic.public_holidays(calendar.country, year, language).items():
            found[day] = Day(day, name, "holiday", ())
    if calendar.country and calendar.special_days:
        for day, rule in nordic.special_days(calendar.country, year):
            if day in found:
                continue
            windows = () if rule.closes is None else until(week[day.weekday()], rule.closes)
            found[day] = Day(day, _(rule.name), "eve", windows)
    schedule = schedule_for(calendar)
    for own in calendar.days.all():
        if own.date.year == year:
            name = own.name or own.get_kind_display()
            found[own.date] = Day(own.date, name, "calendar", schedule.windows_on(own.date))
    return [found[day] for day in sorted(found)]


def case_targets(case_id: int) -> QuerySet[CaseTarget]:
    """A case's SLA targets, running and stopped, oldest first (decision 0041)."""
    return CaseTarget.objects.filter(case_id=case_id).order_by("started_at", "id")


def due_by_case(case_ids: list[int]) -> dict[int, CaseTarget]:
    """For each case, its running target due soonest (a paused one has no due time)."""
    soonest: dict[int, CaseTarget] = {}
    rows = CaseTarget.objects.filter(
        case_id__in=case_ids, outcome="running", due_at__isnull=False
    ).order_by("due_at")
    for row in rows:
        soonest.setdefault(row.case_id, row)
    return soonest


# --- opening hours as shown to customers (the chat widget, the portal; decision 0041) -------


@dataclass(frozen=True)
class Opening:
    """A calendar's hours for a customer: open now or not (and when it next opens), the week
    in lines ("Mon-Fri 08:00-16:00"), and the coming days that differ, named."""

    open_now: bool
    next_opening: datetime | None
    week: list[str]
    days: list[str]


def _clock(value: int) -> str:
    return f"{value // 60 % 24:02d}:{value % 60:02d}" if value < 24 * 60 else "24:00"


def _windows_text(windows: Windows) -> str:
    return ", ".join(f"{_clock(opens)}\u2013{_clock(closes)}" for opens, closes in windows)


def week_lines(week: tuple[Windows, ...]) -> list[str]:
    """The week's hours, consecutive days with the same hours on one line; closed days left
    out (a customer reads the days listed as the days open)."""
    lines: list[str] = []
    day = 0
    while day < 7:
        last = day
        while last + 1 < 7 and week[last + 1] == week[day]:
            last += 1
        if week[day]:
            first_name, last_name = str(WEEKDAYS_ABBR[day]), str(WEEKDAYS_ABBR[last])
            label = first_name if day == last else f"{first_name}\u2013{last_name}"
            lines.append(f"{label} {_windows_text(week[day])}")
        day = last + 1
    return lines


def coming_days(calendar: Calendar, today: date, ahead: int = 60, limit: int = 6) -> list[str]:
    """The holidays, eves and own days of the next `ahead` days, as lines."""
    lines: list[str] = []
    for year in sorted({today.year, (today + timedelta(days=ahead)).year}):
        for day in days_in_year(calendar, year):
            if not today <= day.date <= today + timedelta(days=ahead) or len(lines) >= limit:
                continue
            values = {"date": date_format(day.date, "MONTH_DAY_FORMAT"), "name": day.name}
            if day.windows:
                values["hours"] = _windows_text(day.windows)
                lines.append(_("%(date)s, %(name)s: %(hours)s") % values)
            else:
                lines.append(_("%(date)s, %(name)s: closed") % values)
    return lines


def opening(calendar_id: int, now: datetime | None = None) -> Opening | None:
    """The calendar's hours as shown to customers; None if there is no such calendar."""
    calendar = calendars().filter(pk=calendar_id).first()
    if calendar is None:
        return None
    now = now or timezone.now()
    schedule = schedule_for(calendar)
    open_now = hours.is_open(schedule, now)
    try:
        upcoming = None if open_now else hours.next_opening(schedule, now)
    except hours.NeverOpen:
        upcoming = None
    today = schedule.local_date(now)
    return Opening(open_now, upcoming, week_lines(week_of(calendar)), coming_days(calendar, today))


def calendar_id_named(name: str) -> int | None:
    """The id of the calendar called `name` (settings name calendars), or None."""
    if not name:
        return None
    return Calendar.objects.filter(name=name).values_list("pk", flat=True).first()
