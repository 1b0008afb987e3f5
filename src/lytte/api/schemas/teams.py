"""Teams, as the API reads and writes them."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from lytte.api.schemas.common import BodyId, Id, Input, Name, SearchText, UserRef, left_out


class TeamOut(Schema):
    id: int
    name: str
    members: list[UserRef]
    created_at: datetime


class TeamIn(Input):
    name: Name = Field(max_length=100)
    members: list[BodyId] = Field(default_factory=list, description="User ids.")


class TeamPatch(Input):
    name: Name | None = left_out(max_length=100)
    members: list[BodyId] | None = left_out(description="User ids: exactly who is in the team.")


class TeamFilters(Schema):
    q: SearchText = Field("", description="Part of the team's name.")
    member: Id | None = Field(None, description="Only the teams of this user id.")
