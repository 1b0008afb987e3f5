"""ASGI entry point: HTTP through Django, WebSockets through Channels consumers."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lytte.settings")

from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.core.asgi import get_asgi_application

# Django must be set up before anything imports models (consumers do).
django_asgi_app = get_asgi_application()

from lytte.platform.embedded import with_lifespan  # noqa: E402
from lytte.routing import websocket_urlpatterns  # noqa: E402

# The lifespan starts the worker inside the server in embedded mode (decision 27).
application = with_lifespan(
    ProtocolTypeRouter(
        {
            "http": django_asgi_app,
            "websocket": AllowedHostsOriginValidator(
                AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
            ),
        }
    )
)
