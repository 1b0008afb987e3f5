"""Cases and contacts, as the API reads and writes them."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from lytte.api.schemas.common import (
    BodyId,
    CustomerRef,
    Id,
    Input,
    LocalDatetime,
    OrganizationRef,
    ReasonKey,
    ReasonRef,
    TeamRef,
    UserRef,
    left_out,
)
from lytte.cases.models import Channel, Direction, Priority, Status


class CaseOut(Schema):
    id: int
    number: int
    subject: str
    status: str
    priority: str
    channel: str
    customer: CustomerRef | None
    organization: OrganizationRef | None
    assignee: UserRef | None
    team: TeamRef | None
    reason: ReasonRef | None
    created_at: datetime
    updated_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None


class CaseIn(Input):
    channel: Channel
    subject: str = Field("", max_length=200)
    customer: BodyId | None = None
    organization: BodyId | None = Field(None, description="Defaults to the customer's.")
    team: BodyId | None = None
    assignee: BodyId | None = None
    reason: ReasonKey | None = Field(None, description="Reason id or code.")
    priority: Priority = Priority.NORMAL


class CasePatch(Input):
    """Only the fields sent change. A status change comes last, so one request can set the
    reason and resolve. Null clears the customer, team or assignee."""

    subject: str | None = left_out(max_length=200)
    priority: Priority | None = left_out()
    customer: BodyId | None = None
    team: BodyId | None = None
    assignee: BodyId | None = None
    reason: ReasonKey | None = left_out(description="Reason id or code.")
    status: Status | None = left_out()


class CaseFilters(Schema):
    status: list[Status] = Field(default_factory=list, description="Repeat for several.")
    number: Id | None = None
    team: Id | None = None
    assignee: Id | None = None
    customer: Id | None = None
    organization: Id | None = None
    reason: Id | None = None
    channel: Channel | None = None
    created_after: LocalDatetime | None = None
    created_before: LocalDatetime | None = None


class CaseRef(Schema):
    id: int
    number: int


class ContactOut(Schema):
    id: int
    case: CaseRef
    customer: CustomerRef | None
    channel: str
    direction: str
    external_id: str | None
    address: str
    body: str
    reason: ReasonRef | None
    started_at: datetime
    ended_at: datetime | None
    handled_by: UserRef | None
    created_at: datetime


class ThreadIn(Input):
    """What the channel knows of the conversation the contact belongs to (fill what applies)."""

    message_ids: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="Email: the Message-IDs it answers, In-Reply-To first, then References "
        "from the newest (without angle brackets).",
    )
    subject: str = Field("", max_length=255, description="Email: the subject as received.")
    call_id: str = Field("", max_length=255, description="Phone: the PBX's call id.")
    session_id: str = Field("", max_length=255, description="Chat: the session.")
    thread_id: str = Field("", max_length=255, description="Forum: the thread.")


class ContactIn(Input):
    case: BodyId | None = Field(
        None,
        description="The case to log the contact on. Without it, give `address` or `customer`: "
        "the contact continues the case its channel's rule names (a call within two hours of "
        "the customer's last contact, an email answering one of ours) or opens a new one.",
    )
    customer: BodyId | None = Field(
        None, description="Without `case`: the customer the contact is from, when you know it."
    )
    thread: ThreadIn | None = Field(None, description="Without `case`: the channel's thread.")
    subject: str = Field("", max_length=200, description="A new case's subject.")
    team: BodyId | None = Field(None, description="Without `case`: the team of a new case.")
    channel: Channel
    direction: Direction
    body: str = ""
    address: str = Field("", max_length=254, description="The number or address as given.")
    external_id: str | None = Field(
        None,
        max_length=255,
        description="The channel's own id (call id, Message-ID): a repeat is not logged twice.",
    )
    started_at: LocalDatetime | None = Field(None, description="Defaults to now.")
    ended_at: LocalDatetime | None = None
    reason: ReasonKey | None = Field(None, description="Reason id or code.")
    handled_by: BodyId | None = Field(None, description="Id of the member of staff.")


class ContactFilters(Schema):
    case: Id | None = None
    customer: Id | None = None
    channel: Channel | None = None
    direction: Direction | None = None
    reason: Id | None = None
    started_after: LocalDatetime | None = None
    started_before: LocalDatetime | None = None


class AttachIn(Input):
    case: BodyId = Field(description="Id of the open case the contact belongs to.")
