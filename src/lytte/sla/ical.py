"""Closed days from an iCalendar (.ics, RFC 5545) file: the part of the format a holiday or
closing-days feed uses, read with the standard library (decision 0038).

Read: each VEVENT's all-day DTSTART (`VALUE=DATE`), its DTEND (exclusive) or DURATION in days,
SUMMARY and UID; folded lines; escaped text. Counted as skipped, not guessed at: events with a
time of day (a calendar's closed days are whole days), recurring events (RRULE, RDATE) and
events longer than MAX_DAYS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

MAX_DAYS = 62
MAX_BYTES = 2 * 1024 * 1024
_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DAYS = re.compile(r"^P(?:(\d+)W|(\d+)D)$")


class NotCalendar(ValueError):
    """The text is not an iCalendar file."""


@dataclass(frozen=True)
class ClosedDay:
    day: date
    name: str
    uid: str


@dataclass
class Feed:
    days: list[ClosedDay] = field(default_factory=list)
    skipped: int = 0  # events not read as closed days (see the module's doc)


def _lines(text: str) -> list[str]:
    unfolded: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line[:1] in (" ", "\t") and unfolded:
            unfolded[-1] += line[1:]
        elif line:
            unfolded.append(line)
    return unfolded


def _property(line: str) -> tuple[str, dict[str, str], str]:
    head, _colon, value = line.partition(":")
    name, *parameters = head.split(";")
    params = {}
    for parameter in parameters:
        key, _equals, param_value = parameter.partition("=")
        params[key.upper()] = param_value.strip('"').upper()
    return name.upper(), params, value


def _unescape(text: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _date(value: str) -> date | None:
    match = _DATE.match(value.strip())
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _event(properties: list[tuple[str, dict[str, str], str]]) -> list[ClosedDay] | None:
    """The event's days, or None when it is not a run of whole days."""
    found = {name: (params, value) for name, params, value in properties}
    if "RRULE" in found or "RDATE" in found:
        return None
    start = _date(found["DTSTART"][1]) if "DTSTART" in found else None
    if start is None:
        return None
    end = start + timedelta(days=1)
    if "DTEND" in found:
        end = _date(found["DTEND"][1]) or start
    elif "DURATION" in found:
        match = _DAYS.match(found["DURATION"][1].strip())
        if not match:
            return None
        end = start + timedelta(weeks=int(match.group(1) or 0), days=int(match.group(2) or 0))
    if not start < end <= start + timedelta(days=MAX_DAYS):
        return None
    name = _unescape(found.get("SUMMARY", ({}, ""))[1]).strip()[:200]
    uid = found.get("UID", ({}, ""))[1].strip()[:255]
    return [ClosedDay(start + timedelta(days=n), name, uid) for n in range((end - start).days)]


def parse(content: bytes | str) -> Feed:
    """The closed days of an .ics file; raises NotCalendar for anything else."""
    if isinstance(content, bytes):
        if len(content) > MAX_BYTES:
            raise NotCalendar("the file is larger than 2 MB")
        content = content.decode("utf-8-sig", errors="replace")
    lines = _lines(content)
    if not lines or lines[0].strip().upper() != "BEGIN:VCALENDAR":
        raise NotCalendar("the file does not begin with BEGIN:VCALENDAR")
    feed = Feed()
    event: list[tuple[str, dict[str, str], str]] | None = None
    for line in lines:
        name, params, value = _property(line)
        if name == "BEGIN" and value.strip().upper() == "VEVENT":
            event = []
        elif name == "END" and value.strip().upper() == "VEVENT" and event is not None:
            days = _event(event)
            if days is None:
                feed.skipped += 1
            else:
                feed.days += days
            event = None
        elif event is not None:
            event.append((name, params, value))
    return feed
