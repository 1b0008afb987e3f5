"""What the phone announces after its writes commit (see lytte.platform.events).

The phone knows calls, not desks: whoever shows calls (the desk's screen pops) subscribes."""

from __future__ import annotations

from dataclasses import dataclass

from lytte.platform.events import DomainEvent


@dataclass(frozen=True)
class CallRinging(DomainEvent):
    """An inbound call rings for these agents; none named means every agent may take it."""

    call_id: int
    agent_ids: tuple[int, ...]


@dataclass(frozen=True)
class CallAnswered(DomainEvent):
    """Someone answered (`answered_by_id`: the agent, None when the PBX named nobody we know)."""

    call_id: int
    answered_by_id: int | None


@dataclass(frozen=True)
class CallEnded(DomainEvent):
    """The caller hung up, or the call was closed for want of a hangup (unknown end)."""

    call_id: int
