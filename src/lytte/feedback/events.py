"""What the feedback app announces (decision 26): the desk and insights may subscribe."""

from __future__ import annotations

from dataclasses import dataclass

from lytte.platform.events import DomainEvent


@dataclass(frozen=True)
class SurveySent(DomainEvent):
    survey_id: int
    case_id: int


@dataclass(frozen=True)
class SurveyAnswered(DomainEvent):
    """A score was given (`first`) or changed within the window, or a comment added."""

    survey_id: int
    case_id: int
    score: int
    first: bool


@dataclass(frozen=True)
class FollowUpOpened(DomainEvent):
    follow_up_id: int
    case_id: int
    team_id: int | None


@dataclass(frozen=True)
class FollowUpClosed(DomainEvent):
    follow_up_id: int
    case_id: int


@dataclass(frozen=True)
class NpsSent(DomainEvent):
    nps_id: int


@dataclass(frozen=True)
class NpsAnswered(DomainEvent):
    """An NPS score was given or changed within the window."""

    nps_id: int
    score: int
    first: bool
