"""The customer's WebSocket, /ws/chat/?token=<token>&after=<seq> (docs/chat-protocol.md).

On connect it sends every message after `after` and the chat's state, then what happens live
(the conversation's group, which the chat's push fills from the events after commit; Redis
carries it between processes). Messages the client sends go through the same service as the
HTTP API, stored before they are acknowledged, and idempotent on their client id. Messages are
rows and seq a column: a reconnect to any process resumes from `after` without a gap."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

from channels.db import database_sync_to_async as _database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils.translation import gettext as _

from lytte.chat import selectors, services
from lytte.chat.models import ChatWidget, Conversation, Sender
from lytte.chat.payloads import message_json, message_state, state_json
from lytte.chat.push import conversation_group
from lytte.chat.services import ChatError
from lytte.platform.live import pushes_together


def database_sync_to_async(function: Any) -> Any:
    """Run `function` in a worker thread with its own database connection, not in the one
    thread a process keeps for synchronous code: customers' sockets then store and read in
    parallel (bench/chat.py found the one thread the first bound on a process)."""
    return _database_sync_to_async(function, thread_sensitive=False)


NOT_FOUND = 4404
FORBIDDEN = 4403
MESSAGES_PER_MINUTE = 30  # per socket; the HTTP API is the way for anything faster
TYPING_EVERY = 2.0  # seconds: typing notices closer together are dropped


def _origin_allowed(scope: dict[str, Any], widget: ChatWidget) -> bool:
    headers = dict(scope.get("headers") or [])
    origin = headers.get(b"origin", b"").decode("latin-1").rstrip("/")
    if not origin:
        return True  # not a browser (a mobile app): the token is the credential
    host = headers.get(b"host", b"").decode("latin-1")
    own = {f"http://{host}", f"https://{host}"}
    if settings.BASE_URL:
        parts = urlsplit(settings.BASE_URL)
        own.add(f"{parts.scheme}://{parts.netloc}")
    return origin in own or origin in widget.origins()


def _open(token: str) -> Conversation | None:
    conversation = selectors.conversation_for_token(token)
    return conversation if conversation is not None and conversation.widget.active else None


def _replay(conversation_id: int, after: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    found = [message_json(m) for m in selectors.messages_after(conversation_id, after)]
    if found:
        services.delivered_to_customer(conversation_id, found[-1]["seq"])
    conversation = Conversation.objects.select_related("agent").get(pk=conversation_id)
    return found, state_json(conversation)


def _post(conversation: Conversation, client_id: object, body: object) -> tuple[int, str]:
    # The conversation as read when the socket opened: the service reads its state under lock.
    with pushes_together():
        posted = services.post_customer_message(conversation, client_id=client_id, body=body)
    return posted.message.seq, message_state(posted.message)


def _read(conversation_id: int, seq: object) -> None:
    with pushes_together():
        services.customer_read(Conversation.objects.get(pk=conversation_id), seq)


def _typing(conversation_id: int) -> None:
    with pushes_together():
        services.customer_typing(Conversation.objects.get(pk=conversation_id))


class ChatConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    """One customer's widget on one page."""

    async def connect(self) -> None:
        params = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        token = params.get("token", [""])[0]
        after = params.get("after", ["0"])[0]
        conversation = await database_sync_to_async(_open)(token)
        if conversation is None:
            await self.close(code=NOT_FOUND)
            return
        if not _origin_allowed(self.scope, conversation.widget):
            await self.close(code=FORBIDDEN)
            return
        self.conversation = conversation
        self.conversation_id = conversation.pk
        self.group = conversation_group(conversation.pk)
        self.sent: set[int] = set()
        self.posted: list[float] = []
        self.last_typing = 0.0
        # Join before reading, so nothing committed in between is missed (a message both read
        # and heard is sent once: `sent` remembers the seqs).
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        found, state = await database_sync_to_async(_replay)(
            conversation.pk, int(after) if after.isdigit() else 0
        )
        for message in found:
            await self._send_message(message, mark=False)
        await self.send_json(state)

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        try:
            if kind == "message":
                await self._message(content)
            elif kind == "typing":
                now = time.monotonic()
                if now - self.last_typing >= TYPING_EVERY:
                    self.last_typing = now
                    await database_sync_to_async(_typing)(self.conversation_id)
            elif kind == "read":
                await database_sync_to_async(_read)(self.conversation_id, content.get("seq"))
            else:
                raise ChatError("unknown_type", _("Unknown message type."))
        except ChatError as refused:
            await self.send_json(
                {
                    "type": "error",
                    "code": refused.code,
                    "message": refused.message,
                    "client_id": content.get("client_id") if isinstance(content, dict) else None,
                }
            )

    async def _message(self, content: dict[str, Any]) -> None:
        now = time.monotonic()
        self.posted = [t for t in self.posted if now - t < 60]
        if len(self.posted) >= MESSAGES_PER_MINUTE:
            raise ChatError("rate_limited", _("Slow down a little: too many messages."))
        self.posted.append(now)
        client_id = content.get("client_id")
        seq, state = await database_sync_to_async(_post)(
            self.conversation, client_id, content.get("body")
        )
        await self.send_json({"type": "ack", "client_id": client_id, "seq": seq, "state": state})

    async def _send_message(self, message: dict[str, Any], *, mark: bool) -> None:
        if message["seq"] in self.sent:
            return
        self.sent.add(message["seq"])
        await self.send_json({"type": "message", "message": message})
        if mark and message["sender"] != Sender.CUSTOMER:
            await database_sync_to_async(services.delivered_to_customer)(
                self.conversation_id, message["seq"]
            )

    async def chat_message(self, event: dict[str, Any]) -> None:
        await self._send_message(event["message"], mark=True)

    async def chat_typing(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "typing", "sender": "agent"})

    async def chat_read(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "read", "upto": event["upto"]})

    async def chat_delivered(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "delivered", "upto": event["upto"]})

    async def chat_state(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "state", "state": event["state"], "agent": event["agent"]})
