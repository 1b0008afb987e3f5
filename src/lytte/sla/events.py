"""Events of business calendars that other apps follow (the catalogue: decision 26)."""

from __future__ import annotations

from dataclasses import dataclass

from lytte.platform.events import DomainEvent


@dataclass(frozen=True)
class CalendarChanged(DomainEvent):
    """A calendar's hours, days or country rules changed: business time measured on it changed
    (the SLA's stored due times will be recomputed from this event; decision 0038)."""

    calendar_id: int
