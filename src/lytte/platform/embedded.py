"""The worker inside the server (decision 27): without Redis, the in-memory channel layer
reaches only the browsers of its own process, so what the worker does (mail filed, alerts, a
retrained model) is shown live only if the worker runs in the server process. There, `lytte
serve` runs it in threads (task queue, registered jobs, heartbeat) from the ASGI lifespan's
startup to its shutdown; LYTTE_WORKER=separate leaves it to `lytte worker` processes.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils.crypto import get_random_string
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import (
    DEFAULT_TASK_BACKEND_ALIAS,
    DEFAULT_TASK_QUEUE_NAME,
    task_backends,
)
from django_tasks_db.management.commands.db_worker import Worker

from lytte.platform import live
from lytte.platform.jobs import WorkerThreads, start_worker_threads

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0  # after the database failed the worker, it tries again this much later
STOP_SECONDS = 30.0  # how long a stopping server waits for a task in hand to finish

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class EmbeddedWorker(threading.Thread):
    """`lytte worker` as a thread of the server: the same task queue loop (django-tasks-db's,
    without the signal handlers only the main thread may set: the server owns Ctrl-C), the same
    registered jobs and heartbeat. A failing database is retried, not fatal to the server."""

    def __init__(self) -> None:
        super().__init__(name="worker", daemon=True)
        self.worker_id = get_random_string(32)
        self.stopping = threading.Event()
        self.queue: Worker | None = None
        if isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            self.queue = Worker(
                queue_names=[DEFAULT_TASK_QUEUE_NAME],
                interval=1,
                batch=False,
                backend_name=DEFAULT_TASK_BACKEND_ALIAS,
                startup_delay=False,
                max_tasks=None,
                worker_id=self.worker_id,
                excluded_queue_names=[],
            )

    def run(self) -> None:
        # Ctrl-C and SIGTERM are the server's: they go to its main thread, not to this one or
        # the job threads it starts (which inherit the mask).
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        threads: WorkerThreads | None = None
        try:
            while threads is None and not self.stopping.is_set():
                threads = self._attempt(lambda: start_worker_threads(self.worker_id))
            while not self.stopping.is_set():
                if self.queue is None:
                    self.stopping.wait()
                else:
                    self._attempt(self.queue.run)  # returns once stop() is called
        finally:
            if threads is not None:
                threads.stop()
            connections.close_all()

    def _attempt(self, work: Callable[[], WorkerThreads | None]) -> WorkerThreads | None:
        try:
            return work()
        except Exception:
            logger.exception("The worker inside the server failed; trying again shortly")
            self.stopping.wait(RETRY_SECONDS)
            return None

    def stop(self, timeout: float = STOP_SECONDS) -> None:
        """Finish the task in hand (if any), stop the jobs, say the worker left."""
        self.stopping.set()
        if self.queue is not None:
            self.queue.running = False
        self.join(timeout)
        if self.is_alive():
            logger.warning("The worker inside the server did not stop within %s s", timeout)


def with_lifespan(app: ASGIApp) -> ASGIApp:
    """`app`, plus the ASGI lifespan: at startup the server names its loop for pushes from other
    threads and starts the worker inside it (in embedded mode); at shutdown it stops both."""

    async def application(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await app(scope, receive, send)
            return
        await _lifespan(receive, send)

    return application


async def _lifespan(receive: Receive, send: Send) -> None:
    worker: EmbeddedWorker | None = None
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            live.serve_pushes_from(asyncio.get_running_loop())
            if settings.WORKER_MODE == "embedded":
                worker = EmbeddedWorker()
                worker.start()
                logger.info("The worker runs inside this server (LYTTE_WORKER=embedded)")
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            if worker is not None:
                # In a thread, so this loop still takes the pushes of a task being finished.
                await asyncio.to_thread(worker.stop)
            live.serve_pushes_from(None)
            await send({"type": "lifespan.shutdown.complete"})
            return
