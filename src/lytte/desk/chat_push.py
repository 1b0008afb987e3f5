"""The chat's events to the agents' desks, over the desk's own WebSocket protocol.

A desk hears `{"event": "chat", "what": ..., "conversation": id, ...}` and fetches what it
shows over HTTP (its queue, the new messages), where the reach is checked again: the socket
carries no message text. Who hears: a waiting chat's queue (its team's desks and the
supervisors', every desk for a chat of no team, as for cases, decision 19), and the chat's
agent. Whoever has the chat open without being in those groups (a supervisor watching another
agent's chat) asks its socket to watch it (lytte.desk.consumers, after the same reach check)
and hears every event of that chat through `watch_group`; a socket that heard an event through
its own groups drops the watched copy (`heard_in`). The agent's own reading goes to their
desks only, for the top bar's unread count. The chat announces; the desk decides who hears
(decision 26)."""

from __future__ import annotations

from typing import Any

from lytte.chat.events import (
    ChatAccepted,
    ChatEnded,
    ChatMessagePosted,
    ChatRead,
    ChatTransferred,
    ChatTyping,
    ChatWaiting,
)
from lytte.chat.models import Conversation
from lytte.desk.push import case_groups, user_group
from lytte.platform.events import subscribe
from lytte.platform.live import group_send


def watch_group(conversation_id: int) -> str:
    """The desks that have this chat open and asked to watch it."""
    return f"desk.chat.{conversation_id}"


def _send(groups: list[str], what: str, conversation_id: int, **extra: Any) -> None:
    message = {"type": "desk.chat", "what": what, "conversation": conversation_id, **extra}
    targets = list(dict.fromkeys(groups))
    for group in targets:
        group_send(group, message)
    watched = {**message, "type": "desk.chat.watched", "heard_in": targets}
    group_send(watch_group(conversation_id), watched)


def _groups(conversation_id: int, *also: int | None) -> list[str]:
    """The chat's queue and its agent (and any other agents named)."""
    row = Conversation.objects.filter(pk=conversation_id).values_list("team_id", "agent_id").first()
    if row is None:
        return []
    team_id, agent_id = row
    groups = case_groups(team_id, agent_id)
    groups += [user_group(pk) for pk in also if pk is not None]
    return groups


def _agent_groups(conversation_id: int) -> list[str]:
    """Who is in the chat: its agent's desks, and the supervisors' (who may step in)."""
    row = Conversation.objects.filter(pk=conversation_id).values_list("team_id", "agent_id").first()
    return _in_the_chat(*row) if row is not None else []


def _in_the_chat(team_id: int | None, agent_id: int | None) -> list[str]:
    return case_groups(team_id, agent_id) if agent_id is None else [user_group(agent_id)]


@subscribe(ChatWaiting)
def waiting(event: ChatWaiting) -> None:
    _send(_groups(event.conversation_id), "waiting", event.conversation_id)


@subscribe(ChatAccepted)
def accepted(event: ChatAccepted) -> None:
    _send(_groups(event.conversation_id), "accepted", event.conversation_id, agent=event.agent_id)


@subscribe(ChatTransferred)
def transferred(event: ChatTransferred) -> None:
    groups = _groups(event.conversation_id, event.from_agent_id, event.to_agent_id)
    _send(groups, "transferred", event.conversation_id, agent=event.to_agent_id)


@subscribe(ChatEnded)
def ended(event: ChatEnded) -> None:
    _send(_groups(event.conversation_id), "ended", event.conversation_id)


@subscribe(ChatMessagePosted)
def message_posted(event: ChatMessagePosted) -> None:
    groups = _in_the_chat(event.team_id, event.agent_id)  # as stored: the event says
    _send(groups, "message", event.conversation_id, seq=event.seq, sender=event.sender)


@subscribe(ChatTyping)
def typing(event: ChatTyping) -> None:
    if event.sender == "customer":
        _send(_agent_groups(event.conversation_id), "typing", event.conversation_id)


@subscribe(ChatRead)
def read(event: ChatRead) -> None:
    if event.reader == "customer":
        _send(_agent_groups(event.conversation_id), "read", event.conversation_id, upto=event.upto)
        return
    agent_id = (
        Conversation.objects.filter(pk=event.conversation_id)
        .values_list("agent_id", flat=True)
        .first()
    )
    if agent_id is not None:  # their unread count changed: their desks only
        message = {"type": "desk.chat", "what": "agent_read", "conversation": event.conversation_id}
        group_send(user_group(agent_id), message)
