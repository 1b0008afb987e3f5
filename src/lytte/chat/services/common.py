"""What both sides of a chat share: the refusals (a code the widget understands, a message a
person reads, an HTTP status), and appending a message under the conversation's row lock."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.accounts.models import User
from lytte.chat.events import ChatMessagePosted
from lytte.chat.models import Conversation, Message, Sender, State
from lytte.chat.payloads import message_json
from lytte.platform.events import publish

CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class ChatError(Exception):
    """A refusal: `code` for programs (the widget), `message` for people, `status` for HTTP."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Posted:
    message: Message
    created: bool  # False for a retry of a client_id already stored (nothing changed)


def check_client_id(client_id: object) -> str:
    if not isinstance(client_id, str) or not CLIENT_ID.fullmatch(client_id):
        raise ChatError(
            "invalid_client_id", _("Each message needs a client id of 8-64 letters or digits.")
        )
    return client_id


def clean_body(body: object, *, required: bool = True) -> str:
    text = body.strip() if isinstance(body, str) else ""
    if required and not text:
        raise ChatError("empty", _("Write a message."))
    if len(text) > settings.CHAT_MAX_MESSAGE_LENGTH:
        raise ChatError(
            "too_long",
            _("A message can be at most %(n)s characters.")
            % {"n": settings.CHAT_MAX_MESSAGE_LENGTH},
            status=413,
        )
    return text


def ended() -> ChatError:
    return ChatError("ended", _("This chat has ended."), status=409)


class _AlreadyStored(Exception):
    """A retry of a stored client id: rolls back the seq just taken (see `append`)."""

    def __init__(self, message: Message) -> None:
        super().__init__()
        self.message = message


def append(
    conversation_id: int,
    *,
    sender: str,
    body: str = "",
    client_id: str = "",
    author: User | None = None,
    attachment: tuple[str, str, bytes] | None = None,  # name, type, content
    locked: Conversation | None = None,
) -> Posted:
    """Store one message with the conversation's next seq, taken under its row lock (so two
    processes never hand out the same seq), and announce it after commit. A `client_id` stored
    before returns that message unchanged: a client's retry is never a second message.

    Without `locked` (a conversation the caller holds locked), the seq is taken with one
    UPDATE ... RETURNING, which also locks the row: a customer's message is four statements
    (docs/benchmarks.md, live chat)."""
    try:
        with transaction.atomic():
            if locked is not None:
                locked.last_seq += 1
                locked.save(update_fields=["last_seq"])
                seq, state = locked.last_seq, locked.state
                team_id, agent_id = locked.team_id, locked.agent_id
            else:
                seq, state, team_id, agent_id = _take_seq(conversation_id)
            if client_id and (stored := _stored(conversation_id, client_id)) is not None:
                raise _AlreadyStored(stored)
            if state == State.ENDED:
                raise ended()
            now = timezone.now()
            name, kind, content = attachment or ("", "", None)
            message = Message.objects.create(
                conversation_id=conversation_id,
                seq=seq,
                client_id=client_id,
                sender=sender,
                author=author,
                body=body,
                attachment_name=name,
                attachment_type=kind,
                attachment_size=len(content) if content is not None else None,
                attachment_content=content,
                sent_at=now,
                # An agent is in the chat: the customer's message is on their desk at once. It
                # goes out with state "delivered" (no "delivered" frame follows it: the message
                # itself says so, docs/chat-protocol.md).
                delivered_at=now if sender == Sender.CUSTOMER and agent_id else None,
            )
            if locked is not None:
                message.conversation = locked
            publish(
                ChatMessagePosted(
                    conversation_id,
                    seq,
                    sender,
                    message=message_json(message),
                    team_id=team_id,
                    agent_id=agent_id,
                )
            )
    except _AlreadyStored as retry:
        return Posted(retry.message, created=False)
    return Posted(message, created=True)


def _take_seq(conversation_id: int) -> tuple[int, str, int | None, int | None]:
    """The conversation's next seq, state, team and agent, its row locked until commit."""
    table = Conversation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_seq = last_seq + 1 WHERE id = %s "  # noqa: S608 -- our table
            "RETURNING last_seq, state, team_id, agent_id",
            [conversation_id],
        )
        row = cursor.fetchone()
    if row is None:
        raise Conversation.DoesNotExist(f"No conversation {conversation_id}")
    return int(row[0]), str(row[1]), row[2], row[3]


def _stored(conversation_id: int, client_id: str) -> Message | None:
    """The message stored under this client id, if any (asked in plain SQL: it is asked for
    every message, and is almost never there)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Message._meta.db_table} "  # noqa: S608 -- our table
            "WHERE conversation_id = %s AND client_id = %s",
            [conversation_id, client_id],
        )
        row = cursor.fetchone()
    return Message.objects.select_related("author").get(pk=row[0]) if row else None
