"""Writes of business calendars: each validates, writes, moves the calendar's `updated_at` (so
`selectors.schedule_for` rebuilds) and writes the audit row (decision 0038)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.audit.services import record
from lytte.platform.events import publish
from lytte.sla import ical
from lytte.sla.events import CalendarChanged
from lytte.sla.models import Calendar, CalendarDay, DayKind, DaySource, OpeningWindow


def touch(calendar: Calendar) -> None:
    """Mark the calendar changed: its schedule is built again on the next read, and
    `CalendarChanged` is announced after the commit."""
    calendar.updated_at = timezone.now()
    Calendar.objects.filter(pk=calendar.pk).update(updated_at=calendar.updated_at)
    publish(CalendarChanged(calendar_id=calendar.pk))


@transaction.atomic
def create_calendar(*, by: Any, name: str, **fields: Any) -> Calendar:
    calendar = Calendar(name=name, **fields)
    calendar.full_clean()
    calendar.save()
    record(actor=by, action="calendar.created", target=calendar, name=calendar.name)
    return calendar


@transaction.atomic
def update_calendar(*, by: Any, calendar: Calendar, **changes: Any) -> Calendar:
    for field, value in changes.items():
        setattr(calendar, field, value)
    calendar.full_clean()
    calendar.save()
    publish(CalendarChanged(calendar_id=calendar.pk))
    record(actor=by, action="calendar.changed", target=calendar, fields=sorted(changes))
    return calendar


@transaction.atomic
def set_week(
    *, by: Any, calendar: Calendar, week: Mapping[int, Iterable[tuple[time, time]]]
) -> None:
    """Replace the opening hours of the weekdays in `week` (0 = Monday) with its windows."""
    windows = [
        OpeningWindow(calendar=calendar, weekday=day, opens=opens, closes=closes)
        for day, pairs in week.items()
        for opens, closes in pairs
    ]
    for window in windows:
        window.full_clean()
    calendar.windows.filter(weekday__in=list(week)).delete()
    OpeningWindow.objects.bulk_create(windows)
    touch(calendar)
    record(actor=by, action="calendar.hours_changed", target=calendar, weekdays=sorted(week))


@transaction.atomic
def set_day(
    *,
    by: Any,
    calendar: Calendar,
    day: date,
    kind: str,
    name: str = "",
    opens: time | None = None,
    closes: time | None = None,
    source: str = DaySource.MANUAL,
) -> CalendarDay:
    """Add the calendar's own entry for `day`, or replace it."""
    entry = CalendarDay.objects.filter(calendar=calendar, date=day).first() or CalendarDay(
        calendar=calendar, date=day
    )
    entry.kind, entry.name, entry.opens, entry.closes, entry.source = (
        kind,
        name,
        opens,
        closes,
        source,
    )
    entry.full_clean(validate_unique=False)
    entry.save()
    touch(calendar)
    record(actor=by, action="calendar.day_set", target=calendar, date=day, kind=kind)
    return entry


@transaction.atomic
def remove_day(*, by: Any, calendar: Calendar, day: date) -> None:
    calendar.days.filter(date=day).delete()
    touch(calendar)
    record(actor=by, action="calendar.day_removed", target=calendar, date=day)


@dataclass(frozen=True)
class Imported:
    added: int
    replaced: int
    skipped: int


@transaction.atomic
def import_ical(*, by: Any, calendar: Calendar, content: bytes) -> Imported:
    """Make every whole day of an .ics file a closed day of the calendar. A day the calendar
    already has is replaced; events with times, recurring events and long ones are skipped
    (`lytte.sla.ical`). Raises ValidationError for a file that is not iCalendar."""
    try:
        feed = ical.parse(content)
    except ical.NotCalendar:
        raise ValidationError(_("This is not an iCalendar (.ics) file.")) from None
    by_date = {closed.day: closed for closed in feed.days}
    existing = set(calendar.days.filter(date__in=list(by_date)).values_list("date", flat=True))
    calendar.days.filter(date__in=existing).delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(
            calendar=calendar,
            date=closed.day,
            kind=DayKind.CLOSED,
            name=closed.name,
            source=DaySource.ICAL,
        )
        for closed in by_date.values()
    )
    touch(calendar)
    result = Imported(len(by_date) - len(existing), len(existing), feed.skipped)
    record(
        actor=by,
        action="calendar.ical_imported",
        target=calendar,
        added=result.added,
        replaced=result.replaced,
        skipped=result.skipped,
    )
    return result
