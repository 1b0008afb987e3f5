"""Every WebSocket route, opened through the site's ASGI application as each persona, answers
what SOCKETS in rbac_table.py says; a route missing from the table fails."""

from __future__ import annotations

import re
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django.utils import timezone

from lytte.accounts.models import User
from lytte.asgi import websockets
from lytte.chat.models import ChatAgent, ChatWidget
from lytte.platform.tests import rbac
from lytte.platform.tests.rbac_table import OPEN, SOCKETS
from lytte.routing import public_websocket_urlpatterns, websocket_urlpatterns

COMMITTED = pytest.mark.django_db(transaction=True, serialized_rollback=True)
HOST = "127.0.0.1"


def test_every_socket_route_is_in_the_table() -> None:
    routes = {str(p.pattern) for p in [*websocket_urlpatterns, *public_websocket_urlpatterns]}
    listed = {row.pattern for row in SOCKETS}
    assert routes - listed == set(), "Add a row to SOCKETS in platform/tests/rbac_table.py"
    assert listed - routes == set(), "SOCKETS lists a route that is gone"


def _cookie(user: User | None) -> bytes:
    if user is None:
        return b""
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}".encode()


def _open(path: str, cookie: bytes, origin: str = f"http://{HOST}") -> rbac.Outcome:
    headers = [(b"host", HOST.encode()), (b"origin", origin.encode())]
    if cookie:
        headers.append((b"cookie", cookie))

    async def attempt() -> rbac.Outcome:
        socket = WebsocketCommunicator(websockets, path, headers=headers)
        connected, code = await socket.connect(timeout=5)
        if connected:
            await socket.disconnect()
            return OPEN
        assert isinstance(code, int)
        return code

    return async_to_sync(attempt)()


@pytest.fixture
def people(agent: User, supervisor: User, admin_user: User) -> dict[str, User | None]:
    return {"anonymous": None, "agent": agent, "supervisor": supervisor, "admin": admin_user}


@pytest.fixture
def chat_token(team_oslo: Any, agent: User) -> str:
    ChatAgent.objects.create(user=agent, available=True, last_seen=timezone.now())
    widget = ChatWidget.objects.create(name="Nettbutikken", team=team_oslo)
    response = Client().post(
        f"/chat/api/{widget.key}/conversations",
        {"client_id": "rbac-chat-1", "message": "Hei, fakturaen min er feil", "language": "nb"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    token: str = response.json()["token"]
    return token


@COMMITTED
@pytest.mark.parametrize("row", SOCKETS, ids=[row.route for row in SOCKETS])
def test_each_socket_answers_each_persona_as_the_table_says(
    row: rbac.Row, people: dict[str, User | None], chat_token: str
) -> None:
    path = "/" + re.sub(r"\{chat_token\}", chat_token, row.route)
    got = {persona: _open(path, _cookie(people[persona])) for persona in rbac.PERSONAS}
    assert got == {persona: row.expected(persona) for persona in rbac.PERSONAS}


@COMMITTED
def test_a_signed_in_agents_desk_socket_opened_from_another_site_is_refused(agent: User) -> None:
    """A page on another site cannot ride the agent's session cookie into her desk's socket."""
    cookie = _cookie(agent)
    assert _open("/ws/desk/", cookie) == OPEN
    assert _open("/ws/desk/", cookie, origin="https://evil.example.com") != OPEN
