"""How long an unanswered question waits before it escalates, in business time (decision 37,
"Escalation in business hours"): a category's own calendar, else its escalation team's (the
SLA's `TeamCalendar`, decision 38), else plain hours. Read-only use of the SLA app's calendar
arithmetic (`lytte.sla.hours`, `lytte.sla.selectors.schedule_for`).

The wait is turned into a *cutoff*: the latest moment a question may have been asked and be
due now. Open time before `now` only grows as the moment moves back, so the cutoff is found by
doubling back and halving (to the second), and the due questions stay one indexed query
(`created_at <= cutoff`) however many are waiting."""

from __future__ import annotations

from datetime import datetime, timedelta

from lytte.community.models import Category
from lytte.sla.hours import HORIZON_DAYS, Schedule, business_time_between
from lytte.sla.models import Calendar, TeamCalendar
from lytte.sla.selectors import schedule_for

PRECISION = timedelta(seconds=1)
HORIZON = timedelta(days=HORIZON_DAYS)


def calendar_of(category: Category) -> Calendar | None:
    """The category's own calendar, else its escalation team's, else None (plain hours)."""
    if category.escalation_calendar_id is not None:
        return category.escalation_calendar
    if category.escalation_team_id is None:
        return None
    row = (
        TeamCalendar.objects.select_related("calendar")
        .filter(team_id=category.escalation_team_id)
        .first()
    )
    return row.calendar if row is not None else None


def cutoff(category: Category, now: datetime) -> datetime | None:
    """Questions asked at or before this have waited the category's time by `now`; None when
    the category never escalates (no time set, or a calendar that never opens)."""
    if category.escalate_after_hours is None:
        return None
    wait = timedelta(hours=category.escalate_after_hours)
    calendar = calendar_of(category)
    if calendar is None:
        return now - wait
    return business_cutoff(schedule_for(calendar), now, wait)


def business_cutoff(schedule: Schedule, now: datetime, wait: timedelta) -> datetime | None:
    """The latest instant with `wait` of open time between it and `now`."""

    def enough(at: datetime) -> bool:
        return business_time_between(schedule, at, now) >= wait

    late = now - wait  # open time never exceeds real time: nothing later can be due
    if wait <= timedelta(0) or enough(late):
        return late
    back = max(wait, timedelta(hours=1)) * 2
    while not enough(now - back):
        if back > HORIZON:
            return None
        back *= 2
    early = now - back  # enough open time since `early`, not since `late`
    while late - early > PRECISION:
        middle = early + (late - early) / 2
        if enough(middle):
            early = middle
        else:
            late = middle
    return early
