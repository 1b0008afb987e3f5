"""Teams, as the API reads and writes them."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from lytte.api.schemas.common import UserRef


class TeamOut(Schema):
    id: int
    name: str
    members: list[UserRef]
    created_at: datetime


class TeamIn(Schema):
    name: str = Field(max_length=100)
    members: list[int] = Field(default_factory=list, description="User ids.")


class TeamPatch(Schema):
    name: str | None = Field(None, max_length=100)
    members: list[int] | None = Field(None, description="User ids: exactly who is in the team.")


class TeamFilters(Schema):
    q: str = Field("", description="Part of the team's name.")
    member: int | None = Field(None, description="Only the teams of this user id.")
