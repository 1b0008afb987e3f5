"""Business time: when a calendar is open, and exact arithmetic on open time (decision 0038).

Pure Python, no Django: the SLA clock calls it for every due time it stores.

A calendar is open at an instant when the instant's wall-clock time in the calendar's zone falls
in one of the windows of that wall-clock date. Windows are wall-clock minutes after midnight,
[start, end) with end at most 24 * 60. So on the night clocks go forward a window 01:00-04:00
is open two real hours; on the night they go back, three real hours plus the repeated hour; a
window starting inside the skipped hour opens when the clocks reach its time. Business time is
real elapsed time while open, never wall-clock differences.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

DAY = 24 * 60
MINUTE = timedelta(minutes=1)
HORIZON_DAYS = 4 * 366  # how far ahead to look for open time before giving up
CACHED_DAYS = 20_000  # dates whose intervals a Schedule keeps (about 55 years)
_SAMPLE = timedelta(hours=3)  # no zone changes its offset twice within three hours

Window = tuple[int, int]  # wall-clock minutes after midnight, [start, end)
Windows = tuple[Window, ...]
Interval = tuple[datetime, datetime]  # aware UTC instants, [start, end)


class NeverOpen(ValueError):
    """The calendar has no open time within HORIZON_DAYS of the instant asked about."""


def normalise(windows: Sequence[Window]) -> Windows:
    """The windows sorted, with overlapping or touching ones merged; empty ones dropped.
    Raises ValueError for a window outside the day or ending before it starts."""
    for start, end in windows:
        if not 0 <= start <= end <= DAY:
            raise ValueError(f"impossible window {start}-{end}")
    merged: list[list[int]] = []
    for start, end in sorted(w for w in windows if w[0] < w[1]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


def until(windows: Windows, closes: int) -> Windows:
    """`windows` cut at `closes` (a half day: the usual hours, but closed from `closes` on)."""
    return tuple((s, min(e, closes)) for s, e in windows if s < closes)


@dataclass(frozen=True, eq=False)
class Schedule:
    """A calendar's hours. `week[weekday]` (0 = Monday) are the usual windows; `days(year)`
    gives the dates of that year whose windows differ (holidays: empty; half days: shorter),
    and is asked once per year."""

    zone: ZoneInfo
    week: tuple[Windows, Windows, Windows, Windows, Windows, Windows, Windows]
    days: Callable[[int], Mapping[date, Windows]] = field(default=lambda year: {})
    _years: dict[int, Mapping[date, Windows]] = field(default_factory=dict, repr=False)
    _intervals: dict[date, tuple[Interval, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls,
        zone: str,
        week: Sequence[Sequence[Window]],
        days: Callable[[int], Mapping[date, Sequence[Window]]] | None = None,
    ) -> Schedule:
        if len(week) != 7:
            raise ValueError("a week has seven days")
        normalised = tuple(normalise(w) for w in week)

        def by_year(year: int) -> Mapping[date, Windows]:
            found = days(year) if days else {}
            return {day: normalise(windows) for day, windows in found.items()}

        return cls(ZoneInfo(zone), normalised, by_year)  # type: ignore[arg-type]

    def windows_on(self, day: date) -> Windows:
        """The wall-clock windows of a local date."""
        if day.year not in self._years:
            self._years[day.year] = self.days(day.year)
        special = self._years[day.year].get(day)
        return special if special is not None else self.week[day.weekday()]

    def local_date(self, at: datetime) -> date:
        return _aware(at).astimezone(self.zone).date()

    def is_open(self, at: datetime) -> bool:
        local = _aware(at).astimezone(self.zone)
        minute = local.hour * 60 + local.minute + local.second / 60 + local.microsecond / 6e7
        return any(s <= minute < e for s, e in self.windows_on(local.date()))

    def intervals_on(self, day: date) -> tuple[Interval, ...]:
        """The instants (UTC) whose wall-clock time falls in `day`'s windows, in order."""
        if day not in self._intervals:
            if len(self._intervals) >= CACHED_DAYS:
                self._intervals.clear()
            self._intervals[day] = tuple(_day_intervals(self.zone, day, self.windows_on(day)))
        return self._intervals[day]


def _aware(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("business time needs aware datetimes")
    return at.astimezone(UTC)


def _offset(zone: ZoneInfo, at: datetime) -> timedelta:
    return at.astimezone(zone).utcoffset() or timedelta(0)  # a ZoneInfo always has one


def _pieces(zone: ZoneInfo, start: datetime, end: datetime) -> list[tuple[datetime, timedelta]]:
    """[(from, offset)]: the zone's UTC offset from each instant on, over [start, end]."""
    pieces = [(start, _offset(zone, start))]
    at = start
    while at < end:
        step = min(at + _SAMPLE, end)
        if _offset(zone, step) != pieces[-1][1]:
            low, high = at, step  # the offset changes in (low, high]: find the instant
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if middle <= low:
                    break
                if _offset(zone, middle) == pieces[-1][1]:
                    low = middle
                else:
                    high = middle
            pieces.append((high, _offset(zone, high)))
        at = step
    return pieces


def _day_intervals(zone: ZoneInfo, day: date, windows: Windows) -> Iterator[Interval]:
    if not windows:
        return
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)  # wall midnight, read as UTC
    # Every zone's offset is within 14 hours of UTC: the day's instants lie in this span.
    span_start, span_end = midnight - timedelta(hours=15), midnight + timedelta(hours=39)
    pieces = _pieces(zone, span_start, span_end)
    found: list[Interval] = []
    for index, (piece_start, offset) in enumerate(pieces):
        piece_end = pieces[index + 1][0] if index + 1 < len(pieces) else span_end
        for start, end in windows:
            low = max(piece_start, midnight + timedelta(minutes=start) - offset)
            high = min(piece_end, midnight + timedelta(minutes=end) - offset)
            if low < high:
                found.append((low, high))
    found.sort()
    merged: list[Interval] = []
    for low, high in found:
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    yield from merged


def open_intervals(schedule: Schedule, start: datetime) -> Iterator[Interval]:
    """The open intervals from `start` on, the first cut to begin at `start`; raises NeverOpen
    when HORIZON_DAYS pass without one."""
    start = _aware(start)
    day = schedule.local_date(start) - timedelta(days=1)
    last_open = day
    while True:
        for low, high in schedule.intervals_on(day):
            if high > start:
                last_open = day
                yield max(low, start), high
        day += timedelta(days=1)
        if (day - last_open).days > HORIZON_DAYS:
            raise NeverOpen(f"no open time within {HORIZON_DAYS} days after {start.isoformat()}")


def is_open(schedule: Schedule, at: datetime) -> bool:
    return schedule.is_open(at)


def next_opening(schedule: Schedule, at: datetime) -> datetime:
    """`at` itself when the calendar is open then; otherwise the instant it next opens."""
    low, _high = next(open_intervals(schedule, at))
    return low


def business_time_between(schedule: Schedule, start: datetime, end: datetime) -> timedelta:
    """The open time in [start, end) (negative when end is before start)."""
    start, end = _aware(start), _aware(end)
    if end < start:
        return -business_time_between(schedule, end, start)
    total = timedelta(0)
    day = schedule.local_date(start) - timedelta(days=1)
    last = schedule.local_date(end) + timedelta(days=1)
    while day <= last:
        for low, high in schedule.intervals_on(day):
            low, high = max(low, start), min(high, end)
            if low < high:
                total += high - low
        day += timedelta(days=1)
    return total


def business_minutes_between(schedule: Schedule, start: datetime, end: datetime) -> int:
    """Whole business minutes in [start, end) (towards zero)."""
    time = business_time_between(schedule, start, end)
    minutes = int(abs(time) / MINUTE)
    return minutes if time >= timedelta(0) else -minutes


def add_business_time(schedule: Schedule, start: datetime, amount: timedelta) -> datetime:
    """The earliest instant with `amount` of open time between `start` and it. Zero: `start`.
    Raises NeverOpen for a calendar that never opens again."""
    if amount < timedelta(0):
        raise ValueError("add a duration of zero or more")
    start = _aware(start)
    if amount == timedelta(0):
        return start
    left = amount
    for low, high in open_intervals(schedule, start):
        if high - low >= left:
            return low + left
        left -= high - low
    raise AssertionError("unreachable")  # pragma: no cover: open_intervals raises first


def add_business_minutes(schedule: Schedule, start: datetime, minutes: int) -> datetime:
    return add_business_time(schedule, start, minutes * MINUTE)
