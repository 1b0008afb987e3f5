"""WebSocket routes. Each app that pushes to browsers (desk, chat) adds its consumers here."""

from __future__ import annotations

from typing import Any

websocket_urlpatterns: list[Any] = []
