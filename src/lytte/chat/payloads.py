"""The chat's JSON, the same over HTTP and the WebSocket (docs/chat-protocol.md)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from lytte.accounts.models import User
from lytte.chat.models import Conversation, Message, Sender
from lytte.portal.identity import digest


def author_name(user: User | None) -> str:
    """What a customer sees of an agent: the first name (never the email or username)."""
    if user is None:
        return ""
    return user.first_name or user.get_short_name() or ""


def file_signature(message_id: int) -> str:
    return digest("chat-file", str(message_id))[:32]


def attachment_url(message: Message) -> str:
    return reverse(
        "chat-file",
        kwargs={
            "message_id": message.pk,
            "signature": file_signature(message.pk),
            "name": message.attachment_name,
        },
    )


def message_state(message: Message) -> str:
    if message.read_at is not None:
        return "read"
    return "delivered" if message.delivered_at is not None else "sent"


def message_json(message: Message) -> dict[str, Any]:
    # The customer's own messages and the system's carry no name: the widget says "you".
    author = author_name(message.author) if message.sender == Sender.AGENT else ""
    attachment = None
    if message.attachment_name:
        attachment = {
            "name": message.attachment_name,
            "type": message.attachment_type,
            "size": message.attachment_size,
            "url": attachment_url(message),
        }
    return {
        "id": message.pk,
        "seq": message.seq,
        "client_id": message.client_id or None,
        "sender": message.sender,
        "author": author,
        "body": message.body,
        "sent_at": message.sent_at.isoformat(),
        "attachment": attachment,
        "state": message_state(message),
    }


def state_json(conversation: Conversation) -> dict[str, Any]:
    return {
        "type": "state",
        "state": conversation.state,
        "agent": author_name(conversation.agent) or None,
    }
