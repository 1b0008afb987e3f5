"""Calls from the PBX, as the API reads them (the webhook writes them; nobody else does)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from lytte.api.schemas.cases import CaseRef
from lytte.api.schemas.common import (
    NO_NUL,
    CustomerRef,
    Day,
    Id,
    OrganizationRef,
    TeamRef,
    UserRef,
)
from lytte.phone.models import Call


class CallOut(Schema):
    id: int
    call_id: str = Field(description="The PBX's own id for the call.")
    direction: str = Field(description="in or out; empty until the PBX reports the newCall.")
    from_number: str = Field(serialization_alias="from", description="As the PBX sent it.")
    to_number: str = Field(serialization_alias="to", description="As the PBX sent it.")
    caller: str = Field(
        description="The customer's side of the call in E.164; empty when withheld or unreadable."
    )
    queue: str
    state: str = Field(description="ringing, answered, ended, or unknown (no hangup came in time)")
    missed: bool = Field(description="Ended unanswered (noAnswer, cancel, busy): call back.")
    cause: str = Field(description="The hangup cause, e.g. normalClearing or noAnswer.")
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    duration_seconds: int | None = Field(description="Talk time; null when nobody answered.")
    answered_by: UserRef | None
    customer: CustomerRef | None
    organization: OrganizationRef | None
    case: CaseRef | None = Field(description="The case the call was logged on, once it is.")
    team: TeamRef | None
    called_back_at: datetime | None

    @staticmethod
    def resolve_duration_seconds(obj: Call) -> int | None:
        duration = obj.duration
        return None if duration is None else round(duration.total_seconds())

    @staticmethod
    def resolve_case(obj: Call) -> object:
        return obj.contact.case if obj.contact is not None else None


class CallFilters(Schema):
    missed: bool | None = Field(None, description="Only missed (true) or only other (false) calls.")
    waiting: bool = Field(False, description="Only missed calls nobody has called back yet.")
    team: Id | None = Field(None, description="Team id.")
    queue: str = Field("", max_length=100, pattern=NO_NUL, description="The PBX's queue name.")
    agent: Id | None = Field(None, description="Id of the member of staff who answered.")
    direction: Literal["in", "out"] | None = None
    since: Day | None = Field(None, description="Started on or after this day (local time).")
    until: Day | None = Field(None, description="Started on or before this day (local time).")
