"""Escalation in business hours: a category's (or its team's) SLA calendar makes the wait
count open time only, across weekends and Nordic public holidays; without one, plain hours."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from lytte.accounts.models import Team, User
from lytte.community.models import Category, Thread
from lytte.community.services.escalation import due
from lytte.community.waiting import business_cutoff, cutoff
from lytte.sla import services as sla
from lytte.sla.hours import Schedule
from lytte.sla.models import Calendar, TeamCalendar

OSLO = ZoneInfo("Europe/Oslo")


def oslo(*args: int) -> datetime:
    return datetime(*args, tzinfo=OSLO)  # type: ignore[misc]


@pytest.fixture
def office(admin_user: User) -> Calendar:
    """Norway, weekdays 08-16, closed on public holidays."""
    calendar = sla.create_calendar(by=admin_user, name="Kontor", country="NO")
    sla.set_week(
        by=admin_user, calendar=calendar, week={key: [(time(8), time(16))] for key in range(5)}
    )
    calendar.refresh_from_db()
    return calendar


@pytest.fixture
def timed(category: Category, office: Calendar) -> Category:
    category.escalate_after_hours = 4
    category.escalation_calendar = office
    category.save()
    return category


def _asked(thread: Thread, at: datetime) -> Thread:
    Thread.objects.filter(pk=thread.pk).update(created_at=at, last_activity_at=at)
    return thread


def test_a_question_asked_on_friday_afternoon_waits_over_the_weekend(
    timed: Category, question: Thread
) -> None:
    _asked(question, oslo(2026, 11, 27, 14))  # a Friday: two open hours left
    assert list(due(oslo(2026, 11, 28, 14))) == []  # Saturday: 24 real hours, 2 open
    assert list(due(oslo(2026, 11, 30, 9, 59))) == []  # Monday: 3 h 59 min open
    assert list(due(oslo(2026, 11, 30, 10, 1))) == [question]


def test_a_nordic_public_holiday_is_no_business_time(timed: Category, question: Thread) -> None:
    # Friday 14 May 2027 at 14:00; Monday 17 May is Norway's Constitution Day.
    _asked(question, oslo(2027, 5, 14, 14))
    assert list(due(oslo(2027, 5, 17, 15))) == []
    assert list(due(oslo(2027, 5, 18, 9, 59))) == []
    assert list(due(oslo(2027, 5, 18, 10, 1))) == [question]


def test_the_escalation_teams_calendar_counts_when_the_category_has_none(
    category: Category, team_oslo: Team, office: Calendar, question: Thread
) -> None:
    category.escalate_after_hours = 4
    category.escalation_team = team_oslo
    category.save()
    _asked(question, oslo(2026, 11, 27, 14))
    assert list(due(oslo(2026, 11, 28, 14))) == [question]  # no calendar: plain hours
    TeamCalendar.objects.create(team=team_oslo, calendar=office)
    assert list(due(oslo(2026, 11, 28, 14))) == []
    assert list(due(oslo(2026, 11, 30, 10, 1))) == [question]


def test_the_cutoff_is_exact_to_the_second() -> None:
    schedule = Schedule.build("Europe/Oslo", [[(480, 960)]] * 5 + [[], []])
    now = oslo(2026, 11, 30, 10).astimezone(UTC)  # Monday 10:00: 2 open hours since 08:00
    found = business_cutoff(schedule, now, timedelta(hours=4))
    assert found is not None
    assert abs(found - oslo(2026, 11, 27, 14)) <= timedelta(seconds=1)  # Friday 14:00
    open_now = oslo(2026, 11, 30, 15)
    assert business_cutoff(schedule, open_now, timedelta(hours=1)) == open_now - timedelta(hours=1)


def test_a_calendar_that_never_opens_never_escalates(
    timed: Category, admin_user: User, office: Calendar
) -> None:
    sla.set_week(by=admin_user, calendar=office, week={day: [] for day in range(7)})
    office.refresh_from_db()
    timed.refresh_from_db()
    assert cutoff(timed, oslo(2026, 11, 30, 10)) is None
