"""The configured channel layer carries messages between processes' consumers (Redis in CI)."""

from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer


def test_a_group_message_reaches_its_member() -> None:
    layer = get_channel_layer()
    assert layer is not None

    async def round_trip() -> dict[str, str]:
        channel = await layer.new_channel()
        await layer.group_add("desk.team.1", channel)
        await layer.group_send("desk.team.1", {"type": "case.changed", "number": "1001 æøå"})
        message: dict[str, str] = await layer.receive(channel)
        await layer.group_discard("desk.team.1", channel)
        return message

    assert async_to_sync(round_trip)() == {"type": "case.changed", "number": "1001 æøå"}
