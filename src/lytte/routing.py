"""WebSocket routes. Each app that pushes to browsers (desk, chat) adds its consumers here.

Staff sockets (`websocket_urlpatterns`) take the session's user and only this site's pages
(the ASGI app wraps them in AllowedHostsOriginValidator). The chat widget's socket is embedded
in the business's other sites: it takes no cookies (its token is the credential) and checks
the widget's allowed origins itself, so it is routed apart (`public_websocket_urlpatterns`)."""

from __future__ import annotations

from django.urls import path

from lytte.chat.consumers import ChatConsumer
from lytte.desk.consumers import DeskConsumer

websocket_urlpatterns = [
    path("ws/desk/", DeskConsumer.as_asgi()),
]

PUBLIC_PREFIX = "/ws/chat/"
public_websocket_urlpatterns = [
    path("ws/chat/", ChatConsumer.as_asgi()),
]
