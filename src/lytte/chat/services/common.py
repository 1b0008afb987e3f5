"""What both sides of a chat share: the refusals (a code the widget understands, a message a
person reads, an HTTP status), and appending a message under the conversation's row lock."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.accounts.models import User
from lytte.chat.events import ChatDelivered, ChatMessagePosted
from lytte.chat.models import Conversation, Message, Sender, State
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
    before returns that message unchanged: a client's retry is never a second message."""
    with transaction.atomic():
        conversation = locked or Conversation.objects.select_for_update().get(pk=conversation_id)
        if client_id:
            stored = conversation.messages.filter(client_id=client_id).first()
            if stored is not None:
                return Posted(stored, created=False)
        if conversation.state == State.ENDED:
            raise ended()
        conversation.last_seq += 1
        conversation.save(update_fields=["last_seq"])
        now = timezone.now()
        name, kind, content = attachment or ("", "", None)
        message = Message.objects.create(
            conversation=conversation,
            seq=conversation.last_seq,
            client_id=client_id,
            sender=sender,
            author=author,
            body=body,
            attachment_name=name,
            attachment_type=kind,
            attachment_size=len(content) if content is not None else None,
            attachment_content=content,
            sent_at=now,
            # An agent is in the chat: the customer's message is on their desk at once.
            delivered_at=now if sender == Sender.CUSTOMER and conversation.agent_id else None,
        )
        message.conversation = conversation
        publish(ChatMessagePosted(conversation.pk, message.seq, sender))
        if message.delivered_at is not None:
            publish(ChatDelivered(conversation.pk, message.seq))
    return Posted(message, created=True)
