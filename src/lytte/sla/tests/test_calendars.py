"""Calendars in the database: the services write and audit, the schedule follows every change,
and a year's days are named in the reader's language with the calendar's own days winning."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from lytte.accounts.models import User
from lytte.audit.models import AuditEvent
from lytte.platform.events import subscribe, unsubscribe
from lytte.sla import services
from lytte.sla.events import CalendarChanged
from lytte.sla.hours import add_business_minutes, business_minutes_between, is_open
from lytte.sla.models import Calendar, CalendarDay, DayKind, DaySource
from lytte.sla.selectors import calendars, days_in_year, schedule_for

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")
LUNCH = [(time(8), time(11, 30)), (time(12), time(16))]


@pytest.fixture
def helsinki(admin_user: User) -> Calendar:
    calendar = services.create_calendar(
        by=admin_user, name="Asiakaspalvelu", time_zone="Europe/Helsinki", country="FI"
    )
    services.set_week(by=admin_user, calendar=calendar, week=dict.fromkeys(range(5), LUNCH))
    return calendars().get(pk=calendar.pk)


def test_the_week_and_the_holidays_make_the_schedule(helsinki: Calendar) -> None:
    schedule = schedule_for(helsinki)
    tuesday = datetime(2026, 9, 1, tzinfo=HELSINKI)
    assert business_minutes_between(schedule, tuesday, tuesday + timedelta(days=1)) == 7.5 * 60
    assert not is_open(schedule, datetime(2026, 12, 24, 10, tzinfo=HELSINKI))  # Christmas Eve
    assert not is_open(schedule, datetime(2026, 9, 7, 11, 45, tzinfo=HELSINKI))  # lunch


def test_a_change_rebuilds_the_schedule(helsinki: Calendar, admin_user: User) -> None:
    before = schedule_for(helsinki)
    eve = date(2026, 12, 31)
    services.set_day(
        by=admin_user, calendar=helsinki, day=eve, kind=DayKind.CLOSES_EARLY, closes=time(12)
    )
    after = schedule_for(calendars().get(pk=helsinki.pk))
    assert after is not before
    assert after.windows_on(eve) == ((8 * 60, 11 * 60 + 30),)
    assert AuditEvent.objects.filter(action="calendar.day_set").count() == 1


def test_own_hours_and_midnight(helsinki: Calendar, admin_user: User) -> None:
    services.set_week(by=admin_user, calendar=helsinki, week={5: [(time(20), time(0))]})
    services.set_day(
        by=admin_user,
        calendar=helsinki,
        day=date(2026, 9, 2),
        kind=DayKind.HOURS,
        opens=time(10),
        closes=time(14),
    )
    schedule = schedule_for(calendars().get(pk=helsinki.pk))
    assert schedule.windows_on(date(2026, 9, 5)) == ((20 * 60, 24 * 60),)  # a Saturday
    start = datetime(2026, 9, 2, 9, tzinfo=HELSINKI)
    assert add_business_minutes(schedule, start, 60) == datetime(2026, 9, 2, 11, tzinfo=HELSINKI)


def test_impossible_input_is_refused(helsinki: Calendar, admin_user: User) -> None:
    with pytest.raises(ValidationError):
        services.create_calendar(by=admin_user, name="Mars", time_zone="Mars/Olympus")
    with pytest.raises(ValidationError):
        services.set_week(by=admin_user, calendar=helsinki, week={0: [(time(16), time(8))]})
    with pytest.raises(ValidationError):
        services.set_day(
            by=admin_user, calendar=helsinki, day=date(2026, 1, 2), kind=DayKind.CLOSES_EARLY
        )
    assert helsinki.windows.filter(weekday=0).count() == 2  # the refused week changed nothing


def test_a_years_days_in_the_readers_language(helsinki: Calendar, admin_user: User) -> None:
    services.set_day(
        by=admin_user,
        calendar=helsinki,
        day=date(2026, 12, 31),
        kind=DayKind.CLOSED,
        name="Inventaario",
    )
    with translation.override("fi"):
        days = {day.date: day for day in days_in_year(calendars().get(pk=helsinki.pk), 2026)}
    assert days[date(2026, 12, 6)].name == "Itsenäisyyspäivä"
    assert days[date(2026, 6, 19)].source == "holiday"  # the package has Midsummer Eve
    assert (days[date(2026, 12, 31)].source, days[date(2026, 12, 31)].name) == (
        "calendar",
        "Inventaario",
    )


def test_an_ical_import_replaces_days_and_counts_what_it_skipped(
    helsinki: Calendar, admin_user: User
) -> None:
    services.set_day(by=admin_user, calendar=helsinki, day=date(2026, 8, 14), kind=DayKind.CLOSED)
    content = (
        b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260814\nDTEND;VALUE=DATE:20260816\n"
        b"SUMMARY:Inventaario\nEND:VEVENT\nBEGIN:VEVENT\nDTSTART:20260901T100000Z\nEND:VEVENT\n"
        b"END:VCALENDAR\n"
    )
    result = services.import_ical(by=admin_user, calendar=helsinki, content=content)
    assert (result.added, result.replaced, result.skipped) == (1, 1, 1)
    imported = CalendarDay.objects.filter(calendar=helsinki, source=DaySource.ICAL)
    assert sorted(imported.values_list("date", flat=True)) == [date(2026, 8, 14), date(2026, 8, 15)]
    with pytest.raises(ValidationError):
        services.import_ical(by=admin_user, calendar=helsinki, content=b"PK\x03\x04")


def test_every_change_is_announced_after_it_commits(
    helsinki: Calendar, admin_user: User, django_capture_on_commit_callbacks: Any
) -> None:
    heard: list[int] = []

    def hear(event: CalendarChanged) -> None:
        heard.append(event.calendar_id)

    subscribe(CalendarChanged)(hear)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.update_calendar(by=admin_user, calendar=helsinki, special_days=False)
            services.remove_day(by=admin_user, calendar=helsinki, day=date(2026, 1, 2))
    finally:
        unsubscribe(CalendarChanged, hear)
    assert heard == [helsinki.pk, helsinki.pk]
