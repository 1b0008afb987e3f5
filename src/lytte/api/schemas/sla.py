"""SLA policies and a case's targets, as the API reads them (decision 0041)."""

from datetime import datetime

from ninja import Schema
from pydantic import Field


class PolicyOut(Schema):
    id: int
    name: str
    position: int = Field(description="Policies are tried in this order; the first match wins.")
    active: bool
    reason_id: int | None = Field(description="Matches this reason and every reason under it.")
    priority: str = Field(description="Empty matches every priority.")
    channel: str = Field(description="Empty matches every channel.")
    organization_id: int | None
    team_id: int | None
    first_response_minutes: int | None
    next_response_minutes: int | None
    resolution_minutes: int | None
    business_time: bool = Field(
        description="Counted in opening hours (the team's calendar, else `calendar_id`)."
    )
    calendar_id: int | None
    warn_percent: int


class CaseTargetOut(Schema):
    id: int
    target: str = Field(description="first_response, next_response or resolution.")
    outcome: str = Field(description="running, met, breached or cancelled (no longer due).")
    policy_id: int | None
    calendar_id: int | None = Field(description="None: counted in calendar time.")
    target_minutes: float
    started_at: datetime
    due_at: datetime | None = Field(description="None while the case waits for the customer.")
    paused: bool
    paused_seconds: float = Field(description="How long the clock was paused in all.")
    stopped_at: datetime | None
    used_seconds: float | None = Field(description="Counted time used, once stopped.")
    over_seconds: float | None = Field(description="How far past the target, once stopped.")

    @staticmethod
    def resolve_target_minutes(row: object) -> float:
        return row.target_seconds / 60  # type: ignore[attr-defined,no-any-return]

    @staticmethod
    def resolve_paused(row: object) -> bool:
        return row.outcome == "running" and row.running_since is None  # type: ignore[attr-defined]

    @staticmethod
    def resolve_paused_seconds(row: object) -> float:
        return row.paused.total_seconds()  # type: ignore[attr-defined,no-any-return]

    @staticmethod
    def resolve_used_seconds(row: object) -> float | None:
        used = row.used  # type: ignore[attr-defined]
        return None if used is None else used.total_seconds()

    @staticmethod
    def resolve_over_seconds(row: object) -> float | None:
        over = row.over  # type: ignore[attr-defined]
        return None if over is None else over.total_seconds()
