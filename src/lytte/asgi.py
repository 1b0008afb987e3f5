"""ASGI entry point: HTTP through Django, WebSockets through Channels consumers."""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lytte.settings")

from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator

from lytte.platform.asgi_http import get_http_application

# Django must be set up before anything imports models (consumers do).
django_asgi_app = get_http_application()

from lytte.platform.embedded import with_lifespan  # noqa: E402
from lytte.platform.memory import freeze_startup_objects  # noqa: E402
from lytte.routing import (  # noqa: E402
    PUBLIC_PREFIX,
    public_websocket_urlpatterns,
    websocket_urlpatterns,
)

_staff_sockets = AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
_public_sockets = URLRouter(public_websocket_urlpatterns)


async def websockets(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The chat widget's socket (embedded in other sites, checking its own origins) apart from
    the staff's (this site only, with the session's user)."""
    public = scope["path"].startswith(PUBLIC_PREFIX)
    await (_public_sockets if public else _staff_sockets)(scope, receive, send)


# The lifespan starts the worker inside the server in embedded mode (decision 27).
application = with_lifespan(
    ProtocolTypeRouter(
        {
            "http": django_asgi_app,
            "websocket": websockets,
        }
    )
)

# Start-up's objects live as long as the process: out of the collector's way (decision 49).
freeze_startup_objects()
