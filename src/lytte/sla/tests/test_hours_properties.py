"""The business-time arithmetic against a slow reference that walks minute by minute, on
random weeks, closed days and instants around daylight-saving changes (decision 0038)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from lytte.sla.hours import (
    MINUTE,
    Schedule,
    add_business_minutes,
    business_minutes_between,
    business_time_between,
    next_opening,
)

EUROPE = (datetime(2026, 3, 27, tzinfo=UTC), datetime(2026, 10, 23, tzinfo=UTC))
NEW_YEAR = datetime(2026, 12, 29, tzinfo=UTC)
# The Nordic zones, and two whose offset or change is not whole hours; for each, days just
# before its changes of 2026 (Europe: 29 March and 25 October; St John's: 8 March and
# 1 November; Lord Howe, half an hour: 5 April and 4 October) and the turn of the year.
ZONES = {
    "Europe/Oslo": (*EUROPE, NEW_YEAR),
    "Europe/Copenhagen": (*EUROPE, NEW_YEAR),
    "Europe/Stockholm": (*EUROPE, NEW_YEAR),
    "Europe/Helsinki": (*EUROPE, NEW_YEAR),
    "Atlantic/Reykjavik": (NEW_YEAR,),
    "America/St_Johns": (datetime(2026, 3, 6, tzinfo=UTC), datetime(2026, 10, 30, tzinfo=UTC)),
    "Australia/Lord_Howe": (datetime(2026, 4, 3, tzinfo=UTC), datetime(2026, 10, 2, tzinfo=UTC)),
}


@st.composite
def windows(draw: st.DrawFn) -> list[tuple[int, int]]:
    bounds = sorted(draw(st.lists(st.integers(0, 24 * 60), min_size=0, max_size=6)))
    return [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds) - 1, 2)]


@st.composite
def schedules(draw: st.DrawFn) -> tuple[Schedule, datetime]:
    """A random calendar, and an instant within five days before or across its zone's change."""
    zone = draw(st.sampled_from(sorted(ZONES)))
    week = [draw(windows()) for _day in range(7)]
    if not any(start < end for day in week for start, end in day):
        week[draw(st.integers(0, 6))] = [(9 * 60, 17 * 60)]
    closed = draw(st.lists(st.dates(date(2026, 3, 1), date(2027, 1, 10)), max_size=8))
    short = draw(
        st.dictionaries(st.dates(date(2026, 3, 1), date(2027, 1, 10)), windows(), max_size=4)
    )
    days = {**{day: [] for day in closed}, **short}
    schedule = Schedule.build(
        zone, week, lambda year: {d: w for d, w in days.items() if d.year == year}
    )
    start = draw(st.sampled_from(ZONES[zone])) + timedelta(minutes=draw(st.integers(0, 5 * 1440)))
    return schedule, start


def open_at(schedule: Schedule, at: datetime) -> bool:
    """The definition, read directly: the wall-clock minute in the local date's windows."""
    local = at.astimezone(schedule.zone)
    minute = local.hour * 60 + local.minute
    return any(s <= minute < e for s, e in schedule.windows_on(local.date()))


def slow_between(schedule: Schedule, start: datetime, end: datetime) -> int:
    minutes, at = 0, start
    while at < end:
        minutes += open_at(schedule, at)
        at += MINUTE
    return minutes


def slow_add(schedule: Schedule, start: datetime, minutes: int) -> datetime:
    at = start
    while minutes:
        minutes -= open_at(schedule, at)
        at += MINUTE
    return at


@settings(max_examples=150, deadline=None)
@given(schedules(), st.integers(0, 3 * 24 * 60))
def test_minutes_between_agree_with_the_walk(case: tuple[Schedule, datetime], length: int):
    schedule, start = case
    end = start + timedelta(minutes=length)
    assert business_minutes_between(schedule, start, end) == slow_between(schedule, start, end)
    assert business_time_between(schedule, end, start) == -business_time_between(
        schedule, start, end
    )


@settings(max_examples=150, deadline=None)
@given(schedules(), st.integers(0, 2000))
def test_adding_minutes_agrees_with_the_walk(case: tuple[Schedule, datetime], minutes: int):
    schedule, start = case
    due = add_business_minutes(schedule, start, minutes)
    assert due == slow_add(schedule, start, minutes)
    assert business_minutes_between(schedule, start, due) == minutes


@settings(max_examples=100, deadline=None)
@given(schedules(), st.integers(0, 3000), st.integers(0, 3000))
def test_adding_is_additive(case: tuple[Schedule, datetime], first: int, second: int):
    """Adding a then b ends where adding a + b does, when the first step ends while open."""
    schedule, start = case
    middle = add_business_minutes(schedule, start, first)
    whole = add_business_minutes(schedule, start, first + second)
    assert add_business_minutes(schedule, next_opening(schedule, middle), second) == whole or (
        second == 0 and whole == middle
    )


@settings(max_examples=100, deadline=None)
@given(schedules())
def test_next_opening_is_the_first_open_minute(case: tuple[Schedule, datetime]):
    schedule, start = case
    opening = next_opening(schedule, start)
    assert opening >= start
    assert open_at(schedule, opening)
    assert slow_between(schedule, start, opening) == 0
