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
    """Send `message` to every socket in `group`, from synchronous code in any thread."""
    layer = get_channel_layer()
    if layer is None or _nobody_listens(layer, group):
        return
    loop = _other_threads_loop(layer)
    if loop is not None:
        asyncio.run_coroutine_threadsafe(layer.group_send(group, message), loop).result(
            PUSH_SECONDS
        )
        return
    async_to_sync(layer.group_send)(group, message)
