from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from lytte.accounts.roles import role_of
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

    async def desk_pop(self, message: dict[str, Any]) -> None:
        await self.send_json({"event": "pop", "call": message["call"]})

    async def desk_pop_close(self, message: dict[str, Any]) -> None:
        await self.send_json(
            {"event": "pop_close", "call": message["call"], "answered_by": message["answered_by"]}
        )

    async def desk_chat(self, message: dict[str, Any]) -> None:
        """A chat event (lytte.desk.chat_push): ids only, the desk fetches what it shows."""
        await self.send_json({"event": "chat", **{k: v for k, v in message.items() if k != "type"}})

    async def desk_changed(self, message: dict[str, Any]) -> None:
        await self.send_json({"event": "changed", "case": message["case"], "what": message["what"]})


def _is_staff(user: Any) -> bool:
    return role_of(user) is not None
