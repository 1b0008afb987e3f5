"""A push made in a thread of the server's own (the worker inside it, decision 27) reaches a
socket whose in-memory queue belongs to the server's event loop, without touching that loop
from the wrong thread (asyncio's debug mode raises when anyone does)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from channels.layers import get_channel_layer
from django.test import override_settings

from lytte.platform.live import group_send, pushes_together, serve_pushes_from

IN_MEMORY = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture
def server_loop() -> Iterator[asyncio.AbstractEventLoop]:
    """An event loop running in a thread of its own, as uvicorn's does, in debug mode."""
    loop = asyncio.new_event_loop()
    loop.set_debug(True)
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    serve_pushes_from(loop)
    try:
        yield loop
    finally:
        serve_pushes_from(None)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()


@override_settings(CHANNEL_LAYERS=IN_MEMORY)
def test_a_push_from_a_worker_thread_reaches_a_socket_waiting_on_the_servers_loop(
    server_loop: asyncio.AbstractEventLoop,
) -> None:
    layer = get_channel_layer()
    assert layer is not None

    async def listening() -> asyncio.Future[Any]:
        channel = await layer.new_channel()
        await layer.group_add("desk.team.1", channel)
        waiting = asyncio.ensure_future(layer.receive(channel))
        await asyncio.sleep(0)  # the receive now waits on the channel's queue
        return waiting

    waiting = asyncio.run_coroutine_threadsafe(listening(), server_loop).result(5)

    group_send("desk.team.1", {"type": "desk.changed", "case": 1001, "what": "opened æøå"})

    async def received() -> Any:
        return await asyncio.wait_for(waiting, 5)

    message = asyncio.run_coroutine_threadsafe(received(), server_loop).result(10)
    assert message == {"type": "desk.changed", "case": 1001, "what": "opened æøå"}


@override_settings(CHANNEL_LAYERS=IN_MEMORY)
def test_pushes_made_together_go_at_the_end_each_groups_in_order(
    server_loop: asyncio.AbstractEventLoop,
) -> None:
    layer = get_channel_layer()
    assert layer is not None

    async def listening() -> dict[str, str]:
        channels = {}
        for group in ("chat.conversation.7", "desk.user.3"):
            channels[group] = await layer.new_channel()
            await layer.group_add(group, channels[group])
        return channels

    channels = asyncio.run_coroutine_threadsafe(listening(), server_loop).result(5)

    async def queued(channel: str) -> int:
        return layer.channels[channel].qsize() if channel in layer.channels else 0

    def waiting(group: str) -> int:
        return asyncio.run_coroutine_threadsafe(queued(channels[group]), server_loop).result(5)

    with pushes_together():
        for seq in (1, 2, 3):
            group_send("chat.conversation.7", {"type": "chat.message", "seq": seq})
        group_send("desk.user.3", {"type": "desk.chat", "what": "message"})
        assert waiting("chat.conversation.7") == waiting("desk.user.3") == 0  # not yet

    async def received(channel: str, count: int) -> list[Any]:
        return [await asyncio.wait_for(layer.receive(channel), 5) for _ in range(count)]

    chat = asyncio.run_coroutine_threadsafe(
        received(channels["chat.conversation.7"], 3), server_loop
    ).result(10)
    desk = asyncio.run_coroutine_threadsafe(
        received(channels["desk.user.3"], 1), server_loop
    ).result(10)
    assert [message["seq"] for message in chat] == [1, 2, 3]
    assert desk == [{"type": "desk.chat", "what": "message"}]
