"""What a worker runs beside its task queue: each app registers its jobs (fetching mailboxes, a
schedule on a clock) in its `AppConfig.ready()`, and a worker, `lytte worker` or the one inside
`lytte serve` (decision 27), starts what is registered. So the platform starts the apps' work
without importing any app.

Every job can be switched off by name: `lytte worker --no-<name>`, or LYTTE_WORKER_SKIP (a
comma-separated list of names) for every worker, the one inside the server included.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

from lytte.platform.heartbeat import Heartbeat, beat, stop_beating

logger = logging.getLogger(__name__)

STOP_SECONDS = 10.0  # how long a stopping worker waits for each of its threads


class Job(Protocol):
    """A thread that runs until its `stop` event is set (a `Periodic`, the mail worker)."""

    name: str
    stop: threading.Event

    def start(self) -> None: ...

    def join(self, timeout: float | None = None) -> None: ...

    def is_alive(self) -> bool: ...


@dataclass(frozen=True)
class JobSpec:
    name: str  # also the worker's option to switch it off: --no-<name>
    factory: Callable[[], Job]
    help: str  # what the job does, in the worker's --help


_registry: dict[str, JobSpec] = {}


def register(name: str, factory: Callable[[], Job], *, help: str) -> None:
    """Have every worker run `factory()`'s thread; call it from `AppConfig.ready()`. Registering
    a name again replaces the job (ready() may run twice in tests)."""
    _registry[name] = JobSpec(name=name, factory=factory, help=help)


def registered() -> list[JobSpec]:
    return sorted(_registry.values(), key=lambda spec: spec.name)


def skipped_by_settings() -> set[str]:
    return set(settings.WORKER_SKIP)


@dataclass
class WorkerThreads:
    """The heartbeat and the registered jobs of one running worker."""

    worker_id: str
    heartbeat: Heartbeat
    jobs: list[Job]

    def stop(self, timeout: float = STOP_SECONDS) -> None:
        """Stop every thread, wait for them, and say the worker left (decision 24)."""
        for thread in [self.heartbeat, *self.jobs]:
            thread.stop.set()
        for thread in [*self.jobs, self.heartbeat]:
            thread.join(timeout)
            if thread.is_alive():
                logger.warning("The %s job did not stop within %s s", thread.name, timeout)
        stop_beating(self.worker_id)


def start_worker_threads(worker_id: str, *, skip: Collection[str] = ()) -> WorkerThreads:
    """Beat once (the worker is alive before its first task), then start the heartbeat and every
    registered job not in `skip` (nor in LYTTE_WORKER_SKIP)."""
    heartbeat = Heartbeat(worker_id)
    beat(worker_id, started_at=heartbeat.started_at)
    heartbeat.start()
    off = set(skip) | skipped_by_settings()
    jobs = [spec.factory() for spec in registered() if spec.name not in off]
    for job in jobs:
        job.start()
    return WorkerThreads(worker_id=worker_id, heartbeat=heartbeat, jobs=jobs)
