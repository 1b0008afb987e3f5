"""The customer's widget hears its chat through the Channels layer (Redis when scaled out):
this module subscribes to the chat's events and sends to the conversation's group, which every
socket of that customer joined (lytte.chat.consumers). The desk subscribes to the same events
for its own sockets; the chat never imports the desk."""

from __future__ import annotations

from lytte.chat.events import (
    ChatAccepted,
    ChatDelivered,
    ChatEnded,
    ChatMessagePosted,
    ChatRead,
    ChatTransferred,
    ChatTyping,
)
from lytte.chat.models import Conversation
from lytte.chat.payloads import state_json
from lytte.platform.events import subscribe
from lytte.platform.live import group_send


def conversation_group(conversation_id: int) -> str:
    return f"chat.conversation.{conversation_id}"


@subscribe(ChatMessagePosted)
def message_posted(event: ChatMessagePosted) -> None:
    group_send(
        conversation_group(event.conversation_id),
        {"type": "chat.message", "message": dict(event.message)},
    )


@subscribe(ChatTyping)
def typing(event: ChatTyping) -> None:
    if event.sender == "agent":
        group_send(conversation_group(event.conversation_id), {"type": "chat.typing"})


@subscribe(ChatRead)
def read(event: ChatRead) -> None:
    if event.reader == "agent":
        group_send(
            conversation_group(event.conversation_id), {"type": "chat.read", "upto": event.upto}
        )


@subscribe(ChatDelivered)
def delivered(event: ChatDelivered) -> None:
    group_send(
        conversation_group(event.conversation_id), {"type": "chat.delivered", "upto": event.upto}
    )


def _state(conversation_id: int) -> None:
    conversation = Conversation.objects.select_related("agent").filter(pk=conversation_id).first()
    if conversation is not None:
        group_send(
            conversation_group(conversation_id), {**state_json(conversation), "type": "chat.state"}
        )


@subscribe(ChatAccepted)
def accepted(event: ChatAccepted) -> None:
    _state(event.conversation_id)


@subscribe(ChatTransferred)
def transferred(event: ChatTransferred) -> None:
    _state(event.conversation_id)


@subscribe(ChatEnded)
def ended(event: ChatEnded) -> None:
    _state(event.conversation_id)
