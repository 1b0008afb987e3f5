"""What the case core announces after its writes commit (see lytte.platform.events)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lytte.platform.events import DomainEvent


@dataclass(frozen=True)
class CaseOpened(DomainEvent):
    case_id: int
    team_id: int | None
    assignee_id: int | None


@dataclass(frozen=True)
class CaseChanged(DomainEvent):
    case_id: int
    fields: tuple[str, ...]
    team_id: int | None
    assignee_id: int | None
    # (team_id, assignee_id) before a reassignment moved the case, so those who saw it hear too.
    moved_from: tuple[int | None, int | None] | None = None
    # When "resolved_at" is among `fields`: the resolution it replaced (None if there was none),
    # so a count by day of resolution can correct the day the case no longer counts on.
    previous_resolved_at: datetime | None = None


@dataclass(frozen=True)
class ContactLogged(DomainEvent):
    """A contact was logged on a case. When the contact itself opened the case (the core entry,
    `receive_contact`, opening a case for a new matter) `opened_case` is true and no separate
    CaseOpened is published: one contact, one event."""

    contact_id: int
    case_id: int
    channel: str
    direction: str
    team_id: int | None
    assignee_id: int | None
    opened_case: bool = False
    # An automatic outbound mail (an acknowledgement, a survey): logged, but no answer.
    automatic: bool = False
    # When the contact opened the case: the calendar of the way it came in (its mailbox's, phone
    # queue's or chat widget's, `NewCaseAt`) and that way's name, for the SLA (decision 51).
    entry_calendar_id: int | None = None
    entry_via: str = ""
