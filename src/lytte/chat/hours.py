"""A widget's opening hours in a small text form (issue 18 will replace it with calendars).

One rule per line (or separated by ";" or ","): days, then one or more time ranges, in the
site's TIME_ZONE. Days are `mon tue wed thu fri sat sun` or a range `mon-fri`; times are
`HH:MM-HH:MM` (several with spaces or commas); `24:00` ends at midnight.

    mon-fri 08:00-16:00
    sat 10:00-14:00

Empty text: always open. A line that cannot be read raises ValueError (the admin form shows it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RULE = re.compile(r"^(?P<days>[a-z]{3}(?:-[a-z]{3})?)\s+(?P<ranges>.+)$")
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class Span:
    day: int  # 0 = Monday
    start: int  # minutes after midnight
    end: int  # minutes after midnight, at most 24 * 60


def parse(text: str) -> list[Span]:
    """The spans of `text`; raises ValueError for a line that cannot be read."""
    spans: list[Span] = []
    for raw in re.split(r"[\n;]", text.lower()):
        line = " ".join(raw.split())
        if not line:
            continue
        match = _RULE.match(line)
        if not match:
            raise ValueError(f"cannot read {raw.strip()!r}")
        days = _days(match.group("days"), raw)
        for part in match.group("ranges").replace(",", " ").split():
            start, end = _range(part, raw)
            spans += [Span(day, start, end) for day in days]
    return spans


def _days(text: str, raw: str) -> list[int]:
    first, _dash, last = text.partition("-")
    if first not in DAYS or (last and last not in DAYS):
        raise ValueError(f"unknown day in {raw.strip()!r}")
    start, end = DAYS.index(first), DAYS.index(last or first)
    return list(range(start, end + 1)) if start <= end else [*range(start, 7), *range(0, end + 1)]


def _range(text: str, raw: str) -> tuple[int, int]:
    match = _RANGE.match(text)
    if not match:
        raise ValueError(f"cannot read the time {text!r} in {raw.strip()!r}")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if m1 > 59 or m2 > 59 or start >= 24 * 60 or end > 24 * 60 or end <= start:
        raise ValueError(f"impossible time {text!r} in {raw.strip()!r}")
    return start, end


def is_open(text: str, at: datetime) -> bool:
    """Whether `text`'s hours include `at` (any aware datetime). Empty text: always open.
    Unreadable text counts as closed: better honest than a chat nobody answers."""
    if not text.strip():
        return True
    try:
        spans = parse(text)
    except ValueError:
        return False
    local = timezone.localtime(at)
    minute = local.hour * 60 + local.minute
    return any(s.day == local.weekday() and s.start <= minute < s.end for s in spans)


def describe(text: str) -> list[str]:
    """The hours as lines to show a customer, in the active language ("man.-fre. 08:00-16:00"
    in Norwegian); nothing for empty or unreadable text."""
    lines = []
    for raw in re.split(r"[\n;]", text.lower()):
        line = " ".join(raw.split())
        match = _RULE.match(line)
        if not match:
            continue
        try:
            days = _days(match.group("days"), raw)
            ranges = [_range(part, raw) for part in match.group("ranges").replace(",", " ").split()]
        except ValueError:
            return []
        names = [str(WEEKDAYS_ABBR[day]) for day in (days[0], days[-1])]
        label = names[0] if len(days) == 1 else f"{names[0]}\u2013{names[1]}"
        times = ", ".join(f"{_clock(start)}\u2013{_clock(end)}" for start, end in ranges)
        lines.append(f"{label} {times}")
    return lines


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
