from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from lytte.accounts.roles import role_of
from lytte.chat.selectors import visible_conversations
from lytte.desk.chat_push import watch_group
from lytte.desk.push import desk_groups

FORBIDDEN = 4403


class DeskConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    """One agent's desk in one browser tab: hears that cases changed, then refetches its view."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if (
            user is None
            or not user.is_authenticated
            or not await database_sync_to_async(_is_staff)(user)
        ):
            await self.close(code=FORBIDDEN)
            return
        # The user's teams and role as the socket opens: a change of either is heard after the
        # next page load, which opens a new socket.
        self.groups_joined = await database_sync_to_async(desk_groups)(user)
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)
        await self._unwatch()

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """`{"watch": <chat id>}`: the page shows that chat, so send its events too (one chat
        per socket; `{"watch": null}` stops). Answered with `{"event": "watching", ...}`."""
        if not isinstance(content, dict) or "watch" not in content:
            return
        wanted = content["watch"]
        await self._unwatch()
        if wanted is None:
            return
        allowed = isinstance(wanted, int) and not isinstance(wanted, bool)
        if allowed:
            allowed = await database_sync_to_async(_may_see_chat)(self.scope["user"], wanted)
        if allowed:
            self.watching: str | None = watch_group(wanted)
            await self.channel_layer.group_add(self.watching, self.channel_name)
        await self.send_json({"event": "watching", "conversation": wanted, "allowed": allowed})

    async def _unwatch(self) -> None:
        if getattr(self, "watching", None):
            await self.channel_layer.group_discard(self.watching, self.channel_name)
        self.watching = None

    async def desk_pop(self, message: dict[str, Any]) -> None:
        await self.send_json({"event": "pop", "call": message["call"]})

    async def desk_pop_close(self, message: dict[str, Any]) -> None:
        await self.send_json(
            {"event": "pop_close", "call": message["call"], "answered_by": message["answered_by"]}
        )

    async def desk_chat(self, message: dict[str, Any]) -> None:
        """A chat event (lytte.desk.chat_push): ids only, the desk fetches what it shows."""
        await self.send_json({"event": "chat", **{k: v for k, v in message.items() if k != "type"}})

    async def desk_chat_watched(self, message: dict[str, Any]) -> None:
        """A watched chat's event: dropped when this socket heard it through its own groups."""
        if set(message["heard_in"]).intersection(getattr(self, "groups_joined", [])):
            return
        skip = ("type", "heard_in")
        await self.send_json(
            {"event": "chat", **{k: v for k, v in message.items() if k not in skip}}
        )

    async def desk_changed(self, message: dict[str, Any]) -> None:
        await self.send_json({"event": "changed", "case": message["case"], "what": message["what"]})


def _is_staff(user: Any) -> bool:
    return role_of(user) is not None


def _may_see_chat(user: Any, conversation_id: int) -> bool:
    """The desk's reach for one chat, read again as the user is now (decision 19)."""
    return (
        role_of(user) is not None
        and visible_conversations(user).filter(pk=conversation_id).exists()
    )
