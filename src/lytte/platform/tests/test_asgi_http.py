"""The HTTP handler (decision 39): one hand-off per request, on threads kept for the next, yet a
slow request never holds up another and each request starts from its own language."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from django.test import override_settings

from lytte.platform.asgi_http import OneHopASGIHandler
from lytte.platform.tests import asgi_views

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


async def _get(app: Any, path: str, language: str = "nb") -> tuple[int, str]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"accept-language", language.encode())],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 5000),
    }
    received = False

    async def receive() -> dict[str, Any]:
        nonlocal received
        if not received:
            received = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.sleep(60)
        return {"type": "http.disconnect"}

    status, body = 0, b""

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, body
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            body += message.get("body", b"")

    await app(scope, receive, send)
    return status, body.decode()


@override_settings(ROOT_URLCONF="lytte.platform.tests.asgi_views", ALLOWED_HOSTS=["testserver"])
def test_requests_one_after_another_reuse_the_thread() -> None:
    app = OneHopASGIHandler()

    async def two() -> list[str]:
        return [(await _get(app, "/thread/"))[1] for _ in range(2)]

    first, second = asyncio.run(two())
    assert first.startswith("lytte-request")
    assert first == second


@override_settings(ROOT_URLCONF="lytte.platform.tests.asgi_views", ALLOWED_HOSTS=["testserver"])
def test_a_slow_request_does_not_hold_up_another() -> None:
    app = OneHopASGIHandler()
    asgi_views.released.clear()

    async def both() -> tuple[tuple[int, str], tuple[int, str]]:
        slow = asyncio.create_task(_get(app, "/wait/"))
        await asyncio.sleep(0.1)  # the slow one now waits in its thread
        quick = await asyncio.wait_for(_get(app, "/thread/"), timeout=5)
        assert not slow.done()
        asgi_views.released.set()
        return await slow, quick

    (slow_status, slow_thread), (quick_status, quick_thread) = asyncio.run(both())
    assert slow_status == quick_status == 200
    assert slow_thread != quick_thread


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_each_request_on_a_kept_thread_speaks_its_own_language() -> None:
    app = OneHopASGIHandler()

    async def three() -> list[str]:
        pages = [await _get(app, "/login/", language) for language in ("da", "fi", "sv")]
        return [re.search(r'<html lang="([a-z-]+)"', body)[1] for _, body in pages]  # type: ignore[index]

    assert asyncio.run(three()) == ["da", "fi", "sv"]
