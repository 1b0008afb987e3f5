"""Business calendars, as the API reads them (decision 0038)."""

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from lytte.sla.models import Calendar, minutes


def clock(value: int) -> str:
    return f"{value // 60:02d}:{value % 60:02d}"


class HoursOut(Schema):
    opens: str = Field(description="Wall-clock time in the calendar's zone, HH:MM.")
    closes: str = Field(description="HH:MM; 24:00 is midnight at the day's end.")


class WindowOut(HoursOut):
    weekday: int = Field(description="0 is Monday, 6 Sunday.")


class CalendarOut(Schema):
    id: int
    name: str
    time_zone: str = Field(description="IANA time zone, e.g. Europe/Oslo.")
    country: str = Field(description="NO, DK, SE, FI, IS, or empty for none.")
    public_holidays: bool = Field(description="Closed on the country's public holidays.")
    special_days: bool = Field(description="Keeps the country's eves (half days).")
    hours: list[WindowOut]
    updated_at: datetime

    @staticmethod
    def resolve_hours(calendar: Calendar) -> list[dict[str, Any]]:
        return [
            {
                "weekday": window.weekday,
                "opens": clock(minutes(window.opens)),
                "closes": clock(minutes(window.closes, end=True)),
            }
            for window in calendar.windows.all()
        ]


class DayOut(Schema):
    date: date
    name: str
    source: str = Field(
        description="holiday (public holiday), eve (the country's eve in Lytte's table) or "
        "calendar (the calendar's own day)."
    )
    hours: list[HoursOut] = Field(description="Open hours that day; empty: closed.")


class DayFilters(Schema):
    year: int = Field(ge=2000, le=2100, description="The year whose days to list.")
