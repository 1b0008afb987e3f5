"""Live push to open browser sockets through the Channels layer (Redis when scaled out, the
in-memory layer when embedded). The layer is transport only: what a message means belongs to
the app that owns the socket (the desk owns its protocol).

The in-memory layer's queues belong to the server's event loop. Code running under it (a view,
through asgiref's sync_to_async) reaches it with async_to_sync; a thread of its own, such as the
worker inside the server (decision 27), hands its message to that loop, which the server names
when it starts (`serve_pushes_from`): asyncio queues are not safe from another thread or loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer

PUSH_SECONDS = 10.0  # at most this long a thread waits for the server's loop to take a push

_server_loop: asyncio.AbstractEventLoop | None = None


def serve_pushes_from(loop: asyncio.AbstractEventLoop | None) -> None:
    """Name the loop that serves this process's sockets (None when it stops)."""
    global _server_loop
    _server_loop = loop


def _nobody_listens(layer: object, group: str) -> bool:
    """The in-memory layer reaches only this process's sockets: in a process with nobody in
    `group` (a worker, the CLI) nobody can hear, and not sending saves an event loop a message."""
    return isinstance(layer, InMemoryChannelLayer) and not layer.groups.get(group)


def _other_threads_loop(layer: object) -> asyncio.AbstractEventLoop | None:
    """The server's loop, when `layer` lives on it and this thread is not running it."""
    loop = _server_loop
    if not isinstance(layer, InMemoryChannelLayer) or loop is None or loop.is_closed():
        return None
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    return None if running is loop else loop


def group_send(group: str, message: dict[str, Any]) -> None:
    """Send `message` to every socket in `group`, from synchronous code in any thread (inside
    `pushes_together`, when that block ends)."""
    pending = getattr(_together, "pending", None)
    if pending is not None:
        pending.append((group, message))
        return
    _send_all([(group, message)])


_together = threading.local()


@contextmanager
def pushes_together() -> Iterator[None]:
    """The pushes this thread makes in the block go at its end, in one hand-off to the server's
    loop, each group's in order and the groups at once: a chat message's three pushes cost one
    wait for a busy loop, not three in a row (docs/benchmarks.md, live chat). They go even if
    the block raises: they announce writes that committed."""
    if getattr(_together, "pending", None) is not None:
        yield  # inside another block: that one sends
        return
    _together.pending = []
    try:
        yield
    finally:
        pending, _together.pending = _together.pending, None
        if pending:
            _send_all(pending)


def _send_all(sends: list[tuple[str, dict[str, Any]]]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    by_group: dict[str, list[dict[str, Any]]] = {}
    for group, message in sends:
        if not _nobody_listens(layer, group):
            by_group.setdefault(group, []).append(message)
    if not by_group:
        return

    async def send_in_order(group: str, messages: list[dict[str, Any]]) -> None:
        for message in messages:
            await layer.group_send(group, message)

    async def send() -> None:
        await asyncio.gather(*(send_in_order(g, m) for g, m in by_group.items()))

    loop = _other_threads_loop(layer)
    if loop is not None:
        asyncio.run_coroutine_threadsafe(send(), loop).result(PUSH_SECONDS)
        return
    async_to_sync(send)()
