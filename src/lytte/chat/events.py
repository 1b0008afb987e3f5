"""What the chat announces after its writes commit (see lytte.platform.events, decision 26).

The chat knows conversations, not desks: the desk subscribes to show waiting chats and carry
messages to agents; the chat's own `push` subscribes to carry them to the customer's sockets.
Typing and reading are announced too (typing writes nothing: it is delivered at once)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lytte.platform.events import DomainEvent


@dataclass(frozen=True)
class ChatWaiting(DomainEvent):
    """A chat waits for an agent: a new one, or one transferred to a team."""

    conversation_id: int
    team_id: int | None


@dataclass(frozen=True)
class ChatMessagePosted(DomainEvent):
    """A message (customer, agent or system) was stored with this seq. `message` is what the
    chat protocol sends of it (docs/chat-protocol.md), as it was stored: subscribers pass it on
    without reading it back."""

    conversation_id: int
    seq: int
    sender: str
    message: Mapping[str, Any] = field(compare=False)
    # The conversation's team and agent when it was stored (who hears it, without a query).
    team_id: int | None
    agent_id: int | None


@dataclass(frozen=True)
class ChatAccepted(DomainEvent):
    conversation_id: int
    agent_id: int


@dataclass(frozen=True)
class ChatTransferred(DomainEvent):
    """Handed on to an agent (`to_agent_id`) or back to a team's queue (`to_team_id`)."""

    conversation_id: int
    from_agent_id: int | None
    to_agent_id: int | None
    to_team_id: int | None


@dataclass(frozen=True)
class ChatEnded(DomainEvent):
    conversation_id: int


@dataclass(frozen=True)
class ChatDelivered(DomainEvent):
    """The customer's messages up to `upto` are on an agent's desk (accepted, or posted while
    an agent is in the chat)."""

    conversation_id: int
    upto: int


@dataclass(frozen=True)
class ChatTyping(DomainEvent):
    """`sender` ("customer" or "agent") is typing; nothing is stored."""

    conversation_id: int
    sender: str


@dataclass(frozen=True)
class ChatRead(DomainEvent):
    """`reader` ("customer" or "agent") has read the other side's messages up to `upto`."""

    conversation_id: int
    reader: str
    upto: int
