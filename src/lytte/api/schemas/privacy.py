"""Shapes of the right of access: the access log of a customer."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from lytte.api.schemas.common import UserRef


class AccessOut(Schema):
    at: datetime = Field(alias="created_at")
    user: UserRef | None = Field(description="Empty when the system looked (a server command).")
    through: str = Field(
        alias="channel",
        description="workspace, customer_page, screen_pop, api or export",
    )
    case: int | None = Field(alias="case_number", description="The case's number, if any.")
