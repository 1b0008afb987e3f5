"""The arithmetic of one SLA target's clock (decision 0041), pure: no database, no Django.

A clock has a target (a duration of counted time), the counted time `spent` before its
current stretch, and `running_since`, the instant the current stretch began (None while
paused). Counted time is business time on a calendar (`Business`) or plain elapsed time
(`Elapsed`). So the due time is always `running_since + (target - spent)` in counted time,
and pausing folds the stretch into `spent`: nothing is lost or counted twice, and a changed
target or calendar recomputes from the same two numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from lytte.sla.hours import Schedule, add_business_time, business_time_between

ZERO = timedelta(0)


class Measure(Protocol):
    def between(self, start: datetime, end: datetime) -> timedelta: ...

    def add(self, start: datetime, amount: timedelta) -> datetime: ...


@dataclass(frozen=True)
class Elapsed:
    """Calendar time: every second counts."""

    def between(self, start: datetime, end: datetime) -> timedelta:
        return end - start

    def add(self, start: datetime, amount: timedelta) -> datetime:
        return start + amount


@dataclass(frozen=True)
class Business:
    """Business time: only the seconds the calendar is open count."""

    schedule: Schedule

    def between(self, start: datetime, end: datetime) -> timedelta:
        return business_time_between(self.schedule, start, end)

    def add(self, start: datetime, amount: timedelta) -> datetime:
        return add_business_time(self.schedule, start, amount)


@dataclass(frozen=True)
class Clock:
    target: timedelta
    spent: timedelta = ZERO
    running_since: datetime | None = None
    paused_since: datetime | None = None
    paused: timedelta = ZERO  # elapsed time spent paused, for the history

    @property
    def running(self) -> bool:
        return self.running_since is not None


def start(target: timedelta, at: datetime, spent: timedelta = ZERO) -> Clock:
    return Clock(target=target, spent=spent, running_since=at)


def used(clock: Clock, measure: Measure, at: datetime) -> timedelta:
    """Counted time used up to `at`."""
    if clock.running_since is None:
        return clock.spent
    return clock.spent + max(ZERO, measure.between(clock.running_since, at))


def pause(clock: Clock, measure: Measure, at: datetime) -> Clock:
    if clock.running_since is None:
        return clock
    return replace(clock, spent=used(clock, measure, at), running_since=None, paused_since=at)


def resume(clock: Clock, at: datetime) -> Clock:
    if clock.running_since is not None:
        return clock
    waited = at - clock.paused_since if clock.paused_since is not None else ZERO
    return replace(
        clock, running_since=at, paused_since=None, paused=clock.paused + max(ZERO, waited)
    )


def due(clock: Clock, measure: Measure) -> datetime | None:
    """When the target is reached if the clock keeps running; None while paused. A clock
    already past its target is due when its stretch began (it is breached)."""
    if clock.running_since is None:
        return None
    return measure.add(clock.running_since, max(ZERO, clock.target - clock.spent))


def warn_at(clock: Clock, measure: Measure, percent: int) -> datetime | None:
    """When `percent` of the target is used; None while paused."""
    if clock.running_since is None:
        return None
    share = clock.target * percent / 100
    return measure.add(clock.running_since, max(ZERO, share - clock.spent))


@dataclass(frozen=True)
class Outcome:
    met: bool
    used: timedelta
    over: timedelta  # how far past the target (zero when met)
    paused: timedelta


def stop(clock: Clock, measure: Measure, at: datetime) -> Outcome:
    """Stop the clock at `at` (the answer came, the case was resolved)."""
    spent = used(clock, measure, at)
    paused = clock.paused + (at - clock.paused_since if clock.paused_since else ZERO)
    over = max(ZERO, spent - clock.target)
    return Outcome(met=spent <= clock.target, used=spent, over=over, paused=max(ZERO, paused))
