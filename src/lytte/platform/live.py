"""Live push to open browser sockets through the Channels layer (Redis when scaled out, the
in-memory layer when embedded). The layer is transport only: what a message means belongs to
the app that owns the socket (the desk owns its protocol)."""

from __future__ import annotations

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer


def _nobody_listens(layer: object, group: str) -> bool:
    """The in-memory layer reaches only this process's sockets: in a process with nobody in
    `group` (a worker, the CLI) nobody can hear, and not sending saves an event loop a message."""
    return isinstance(layer, InMemoryChannelLayer) and not layer.groups.get(group)


def group_send(group: str, message: dict[str, Any]) -> None:
    """Send `message` to every socket in `group`, from synchronous code."""
    layer = get_channel_layer()
    if layer is None or _nobody_listens(layer, group):
        return
    async_to_sync(layer.group_send)(group, message)
