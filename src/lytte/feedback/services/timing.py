"""The business-hours send window (decision 47): a survey due while the business is closed
waits for the next opening of its calendar (decision 38's arithmetic)."""

from __future__ import annotations

from datetime import datetime

from lytte.sla.hours import NeverOpen, next_opening
from lytte.sla.models import TeamCalendar
from lytte.sla.selectors import calendars, schedule_for


def calendar_id_for(team_id: int | None, fallback_id: int | None) -> int | None:
    """The team's own calendar, else the rules' (None: any time will do)."""
    if team_id is not None:
        own = TeamCalendar.objects.filter(team_id=team_id).values_list("calendar_id", flat=True)
        found = own.first()
        if found is not None:
            return found
    return fallback_id


def next_send_time(calendar_id: int | None, at: datetime) -> datetime:
    """`at` itself when the calendar is open then (or there is none), else its next opening."""
    if calendar_id is None:
        return at
    calendar = calendars().filter(pk=calendar_id).first()
    if calendar is None:
        return at
    try:
        return next_opening(schedule_for(calendar), at)
    except NeverOpen:
        return at
