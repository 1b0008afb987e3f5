"""WebSocket routes. Each app that pushes to browsers (desk, chat) adds its consumers here."""

from __future__ import annotations

from django.urls import path

from lytte.desk.consumers import DeskConsumer

websocket_urlpatterns = [
    path("ws/desk/", DeskConsumer.as_asgi()),
]
