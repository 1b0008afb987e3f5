"""Events of business calendars that other apps follow (the catalogue: decision 26)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lytte.platform.events import DomainEvent


@dataclass(frozen=True)
class CalendarChanged(DomainEvent):
    """A calendar's hours, days or country rules changed: business time measured on it changed
    (the SLA's stored due times will be recomputed from this event; decision 0038)."""

    calendar_id: int


@dataclass(frozen=True)
class TargetWarning(DomainEvent):
    """A case's SLA target has used its warning share (e.g. 80 %) and is not yet met
    (decision 0041); the desk pushes it to the assignee."""

    case_target_id: int
    case_id: int
    target: str
    due_at: datetime
    team_id: int | None
    assignee_id: int | None


@dataclass(frozen=True)
class TargetBreached(DomainEvent):
    """A case's SLA target passed its due time unmet (decision 0041)."""

    case_target_id: int
    case_id: int
    target: str
    due_at: datetime
    team_id: int | None
    assignee_id: int | None
    announced_at: datetime | None = None  # when the worker found it (the report's day)


@dataclass(frozen=True)
class TargetStopped(DomainEvent):
    """A case's SLA target stopped (decision 0041): met, breached (by `over`) or no longer due
    ("cancelled"). The report's rollups recount the days it ended on (decision 0051)."""

    case_target_id: int
    case_id: int
    target: str
    outcome: str
    stopped_at: datetime
    breach_announced_at: datetime | None


@dataclass(frozen=True)
class Escalated(DomainEvent):
    """An escalation rule fired on a case target (decision 0041): what it did ("reassigned",
    "priority", "notify") and who should hear: the case's team (after any move) and assignee."""

    case_id: int
    case_target_id: int
    rule_id: int
    trigger: str
    actions: tuple[str, ...]
    team_id: int | None
    assignee_id: int | None
    notify: bool
