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

from lytte.platform.live import group_send, serve_pushes_from

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
