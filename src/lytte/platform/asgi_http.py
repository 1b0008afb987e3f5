"""Django's HTTP handler for ASGI, without its two per-request costs (decision 39).

Django's own ASGIHandler (a) loads the middleware in async mode, where every middleware whose
hooks are sync costs a thread hand-off each way (about 20 per request with Lytte's chain), and
(b) starts a new thread for every request, and joins it after. Every view and middleware here
is sync, and a thread is cheap to keep: this handler loads the chain in sync mode and runs the
whole of it, view included, in one hand-off, on a thread it keeps for the next request. Each
request still has a thread to itself for its whole life (its database connection, the
signals, the response's close), as under a threaded WSGI server. Reading the body, the
signals, streaming and disconnects stay Django's own."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase

# Threads kept idle for the next requests; more are started when more requests run at once.
KEPT_THREADS = 16


class RequestThreads:
    """Single-thread executors, one per running request, kept for reuse when it ends."""

    def __init__(self, kept: int = KEPT_THREADS) -> None:
        self.kept = kept
        self._idle: list[ThreadPoolExecutor] = []
        self._lock = threading.Lock()

    def take(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="lytte-request")

    def give_back(self, executor: ThreadPoolExecutor) -> None:
        with self._lock:
            if len(self._idle) < self.kept:
                self._idle.append(executor)
                return
        executor.shutdown(wait=False)


class OneHopASGIHandler(ASGIHandler):
    def __init__(self) -> None:
        super(ASGIHandler, self).__init__()  # BaseHandler: the chain is loaded below
        self.load_middleware(is_async=False)
        self.threads = RequestThreads()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django serves HTTP here, not {scope['type']}")
        executor = self.threads.take()
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            self.threads.give_back(executor)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        # thread_sensitive: the request's own thread, where the signals and close run too.
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)


def get_http_application() -> OneHopASGIHandler:
    """What `django.core.asgi.get_asgi_application` does, with the handler above."""
    import django

    django.setup(set_prefix=False)
    return OneHopASGIHandler()
