"""Two `lytte serve` processes sharing the database and Redis deliver every chat message,
whichever process the customer's socket (on the shop's page), the customer's HTTP post and
the agent are on; and a customer who reconnects to the other process resumes without a gap."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from websockets.sync.client import ClientConnection, connect

from lytte.accounts.models import User
from lytte.chat import services
from lytte.chat.models import ChatAgent, ChatWidget, Conversation
from lytte.chat.tests.conftest import SHOP, new_id
from lytte.platform.tests.browser import database_url
from lytte.platform.tests.live_server import free_port, serving

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """CI's Redis when it gives one; else a redis-server of this test's own."""
    if url := os.environ.get("LYTTE_REDIS_URL"):
        yield url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("!!! NO REDIS: install redis-server to test chats across processes !!!")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.3)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)


def _server(env: dict[str, str], data_dir: Path) -> Any:
    data_dir.mkdir()
    return serving({**env, "LYTTE_DATA_DIR": str(data_dir)}, data_dir / "serve.log")


def _post(url: str, data: dict[str, Any]) -> dict[str, Any]:
    body, headers = json.dumps(data).encode(), {"Content-Type": "application/json"}
    request = urllib.request.Request(url, body, headers, method="POST")  # noqa: S310 -- loopback
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 -- our own server
        answer: dict[str, Any] = json.loads(response.read())
        return answer


def _socket(base: str, token: str, after: int, origin: str | None = None) -> ClientConnection:
    url = f"ws{base[4:]}/ws/chat/?token={token}&after={after}"
    return connect(url, origin=origin, open_timeout=10)


def _next(socket: ClientConnection, kind: str) -> dict[str, Any]:
    while True:
        message: dict[str, Any] = json.loads(socket.recv(timeout=10))
        if message["type"] == kind:
            return message


def test_messages_cross_processes_and_a_reconnect_to_the_other_resumes(
    widget: ChatWidget, at_desk: ChatAgent, agent: User, redis_url: str, tmp_path: Path
) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "LYTTE_DATABASE_URL": database_url(connection.settings_dict),
        "LYTTE_SECRET_KEY": settings.SECRET_KEY,
        "LYTTE_REDIS_URL": redis_url,
    }
    with ExitStack() as stack:
        a, b = (stack.enter_context(_server(env, tmp_path / name)) for name in ("a", "b"))
        started = _post(
            f"{a}/chat/api/{widget.key}/conversations",
            {"client_id": new_id(), "message": "Hei fra A", "language": "nb"},
        )
        token = started["token"]
        # From the shop's page: an origin the staff sockets would refuse, the widget allows.
        with _socket(a, token, after=0, origin=SHOP) as on_a:
            assert _next(on_a, "message")["message"]["seq"] == 1
            _next(on_a, "state")
            _post(
                f"{b}/chat/api/conversations/{token}/messages",
                {"client_id": new_id(), "body": "Hei via B"},
            )
            assert _next(on_a, "message")["message"]["body"] == "Hei via B"
            layer = {
                "default": {
                    "BACKEND": "channels_redis.core.RedisChannelLayer",
                    "CONFIG": {"hosts": [redis_url], "prefix": "lytte"},
                }
            }
            with override_settings(CHANNEL_LAYERS=layer):  # the agent: this process
                chat = Conversation.objects.get()
                services.accept(chat, agent)
                services.post_agent_message(chat, agent, body="Ingrid her")
            assert _next(on_a, "state")["state"] == "active"
            assert _next(on_a, "message")["message"]["body"] == "Ingrid her"
        with _socket(b, token, after=1) as on_b:
            resumed = [_next(on_b, "message")["message"]["seq"] for _ in range(2)]
            assert _next(on_b, "state")["agent"] == "Ingrid"
    assert resumed == [2, 3]
