"""A widget with a business calendar is open by it and shows its week and coming holidays
(decision 0041); the portal's contact box shows the portal calendar's the same way."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import translation

from lytte.accounts.models import User
from lytte.chat import selectors
from lytte.chat.models import ChatAgent, ChatWidget
from lytte.sla import services
from lytte.sla.models import Calendar, DayKind

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
TUESDAY_NOON = datetime(2026, 12, 1, 12, 0, tzinfo=OSLO)
LUNCH = datetime(2026, 12, 1, 11, 45, tzinfo=OSLO)
CHRISTMAS_DAY = datetime(2026, 12, 25, 12, 0, tzinfo=OSLO)


@pytest.fixture
def calendar(admin_user: User) -> Calendar:
    calendar = services.create_calendar(
        by=admin_user, name="Kundesenter", time_zone="Europe/Oslo", country="NO"
    )
    weekday = [(time(8), time(11, 30)), (time(12), time(16))]
    services.set_week(by=admin_user, calendar=calendar, week=dict.fromkeys(range(5), weekday))
    services.set_week(by=admin_user, calendar=calendar, week={5: [(time(10), time(14))]})
    services.set_day(
        by=admin_user, calendar=calendar, day=date(2026, 12, 4), kind=DayKind.CLOSED,
        name="Julebord",
    )  # fmt: skip
    return calendar


def test_a_widget_with_a_calendar_opens_and_closes_by_it(
    widget: ChatWidget, at_desk: ChatAgent, calendar: Calendar
) -> None:
    widget.opening_hours = ""  # would be "always open"; the calendar wins
    widget.calendar = calendar
    widget.save()
    assert selectors.availability(widget, TUESDAY_NOON).available
    assert selectors.availability(widget, LUNCH).reason == "closed"
    assert selectors.availability(widget, CHRISTMAS_DAY).reason == "closed"
    with translation.override("nb"):
        shown = selectors.availability(widget, LUNCH)
    assert shown.opening_hours == [
        "man\u2013fre 08:00\u201311:30, 12:00\u201316:00",
        "lør 10:00\u201314:00",
    ]
    assert shown.special_days[0].startswith("4. desember, Julebord")
    assert any("Første juledag" in day or "juledag" in day for day in shown.special_days)


def test_the_status_carries_the_calendars_days(
    widget: ChatWidget, at_desk: ChatAgent, calendar: Calendar
) -> None:
    widget.calendar = calendar
    widget.save()
    status = Client().get(f"/chat/api/{widget.key}/status?lang=en").json()
    assert status["opening_hours"][0].startswith("Mon")
    assert isinstance(status["special_days"], list)


def test_the_portal_contact_box_shows_the_calendar(calendar: Calendar, settings: Any) -> None:
    settings.PORTAL_CALENDAR = "Kundesenter"
    settings.PORTAL_HOURS = "Hverdager kl. 8 til 16"
    page = Client().get("/help/nb/").content.decode()
    assert "08:00\u201311:30, 12:00\u201316:00" in page
    assert "Hverdager kl. 8 til 16" not in page
    settings.PORTAL_CALENDAR = "No such calendar"
    page = Client().get("/help/nb/").content.decode()
    assert "Hverdager kl. 8 til 16" in page
