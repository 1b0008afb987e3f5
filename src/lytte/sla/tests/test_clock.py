"""The clock arithmetic of one SLA target (decision 0041): pausing never loses or double-counts
time, in calendar time and in business time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from lytte.sla import clock
from lytte.sla.hours import Schedule

OSLO = ZoneInfo("Europe/Oslo")
WEEK = tuple(((8 * 60, 11 * 60 + 30), (12 * 60, 16 * 60)) if day < 5 else () for day in range(7))
SCHEDULE = Schedule.build("Europe/Oslo", WEEK, lambda year: {})
START = datetime(2026, 3, 23, 7, tzinfo=UTC)

stretches = st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 3000)), min_size=0, max_size=6)


def run(measure: clock.Measure, target: timedelta, steps: list[tuple[int, int]]):
    """Run for a while, pause for a while, for each step; returns the clock and the instant."""
    state, at, counted, paused = clock.start(target, START), START, timedelta(0), timedelta(0)
    for run_minutes, pause_minutes in steps:
        end = at + timedelta(minutes=run_minutes)
        counted += measure.between(at, end)
        state = clock.pause(state, measure, end)
        at = end + timedelta(minutes=pause_minutes)
        paused += at - end
        state = clock.resume(state, at)
    return state, at, counted, paused


@given(stretches, st.integers(1, 5000))
def test_pauses_add_up_in_calendar_time(steps: list[tuple[int, int]], target: int) -> None:
    measure = clock.Elapsed()
    state, at, counted, paused = run(measure, timedelta(minutes=target), steps)
    assert state.spent == counted
    assert state.paused == paused
    due = clock.due(state, measure)
    assert due == at + max(timedelta(0), timedelta(minutes=target) - counted)
    # Without any pause the due time would be `paused` earlier.
    if counted < timedelta(minutes=target):
        assert due == START + timedelta(minutes=target) + paused
    outcome = clock.stop(state, measure, at)
    assert outcome.used == counted
    assert outcome.met == (counted <= timedelta(minutes=target))
    assert outcome.over == max(timedelta(0), counted - timedelta(minutes=target))


@given(stretches, st.integers(1, 3000))
def test_pauses_add_up_in_business_time(steps: list[tuple[int, int]], target: int) -> None:
    measure = clock.Business(SCHEDULE)
    amount = timedelta(minutes=target)
    state, at, counted, _paused = run(measure, amount, steps)
    assert state.spent == counted
    due = clock.due(state, measure)
    assert due is not None
    if counted < amount:
        # The business time from the start to the due time, less what fell in pauses, is the target.
        assert measure.between(at, due) == amount - counted
    assert clock.stop(state, measure, due).used == max(amount, counted)


def test_a_paused_clock_has_no_due_time_and_a_pending_night_costs_nothing() -> None:
    measure = clock.Business(SCHEDULE)
    monday_nine = datetime(2026, 3, 23, 9, tzinfo=OSLO)
    state = clock.start(timedelta(hours=4), monday_nine)
    assert clock.due(state, measure) == datetime(2026, 3, 23, 13, 30, tzinfo=OSLO)  # lunch
    state = clock.pause(state, measure, datetime(2026, 3, 23, 10, tzinfo=OSLO))
    assert clock.due(state, measure) is None
    assert clock.warn_at(state, measure, 80) is None
    state = clock.resume(state, datetime(2026, 3, 24, 9, tzinfo=OSLO))
    assert state.paused == timedelta(hours=23)
    assert clock.due(state, measure) == datetime(2026, 3, 24, 12, 30, tzinfo=OSLO)
    assert clock.warn_at(state, measure, 50) == datetime(2026, 3, 24, 10, tzinfo=OSLO)


def test_stopping_while_paused_counts_the_pause() -> None:
    measure = clock.Elapsed()
    state = clock.pause(clock.start(timedelta(hours=1), START), measure, START + timedelta(hours=2))
    outcome = clock.stop(state, measure, START + timedelta(hours=3))
    assert (outcome.met, outcome.over, outcome.paused) == (
        False,
        timedelta(hours=1),
        timedelta(hours=1),
    )
