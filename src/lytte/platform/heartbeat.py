"""The worker's heartbeat and what it sees: is a worker alive, how old is the queue, and which
running tasks lost their worker (decision 24).

Each `lytte worker` writes its row every WORKER_HEARTBEAT_SECONDS; a worker not seen for
WORKER_STALE_SECONDS is taken for dead. Any live worker, on its clock, puts a task whose worker
is dead back in the queue (it may have been half done: tasks are written to be run again), and
after TASK_MAX_ATTEMPTS runs marks it failed instead, with the reason.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from lytte.platform.models import WorkerHeartbeat
from lytte.platform.periodic import Periodic

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """What a task failed with when its worker kept dying under it (never raised)."""


WORKER_LOST = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"


def beat(worker_id: str, *, started_at: datetime) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"last_seen": now},
        create_defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "last_seen": now,
        },
    )


def stop_beating(worker_id: str) -> None:
    """A worker that stops on purpose says so: /healthz then tells "missing", not "stale"."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def requeue_lost_tasks() -> tuple[int, int]:
    """Tasks RUNNING for longer than WORKER_STALE_SECONDS whose worker has no fresh heartbeat:
    requeued, or failed after TASK_MAX_ATTEMPTS runs. Returns (requeued, failed)."""
    now = timezone.now()
    since = now - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    running = list(
        DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=since).only(
            "id", "worker_ids", "task_path", "started_at"
        )
    )
    if not running:
        return 0, 0
    alive = set(
        WorkerHeartbeat.objects.filter(last_seen__gte=since).values_list("worker_id", flat=True)
    )
    requeued = failed = 0
    for task in running:
        worker = task.worker_ids[-1] if task.worker_ids else ""
        if worker in alive:
            continue  # a long task on a live worker
        # Conditional on the state read: two workers sweeping at once change it once.
        still_running = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING)
        if len(task.worker_ids) < settings.TASK_MAX_ATTEMPTS:
            changed = still_running.update(status=TaskResultStatus.READY, started_at=None)
            requeued += changed
            verb = "requeued"
        else:
            changed = still_running.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=WORKER_LOST,
                traceback=f"Worker {worker} stopped while running this task "
                f"(run {len(task.worker_ids)} of {settings.TASK_MAX_ATTEMPTS}).",
            )
            failed += changed
            verb = "failed"
        if changed:
            logger.warning(
                "Task %s (%s) lost its worker %s: %s", task.pk, task.task_path, worker, verb
            )
    return requeued, failed


@dataclass(frozen=True)
class WorkerHealth:
    status: str  # "ok", "stale" or "missing"
    last_seen: datetime | None
    age_seconds: float | None


def worker_health() -> WorkerHealth:
    last_seen = WorkerHeartbeat.objects.aggregate(last=Max("last_seen"))["last"]
    if last_seen is None:
        return WorkerHealth("missing", None, None)
    age = max(0.0, (timezone.now() - last_seen).total_seconds())
    return WorkerHealth("ok" if age <= settings.WORKER_STALE_SECONDS else "stale", last_seen, age)


@dataclass(frozen=True)
class QueueHealth:
    ready: int
    oldest_ready_age_seconds: float | None
    running: int
    failed_last_hour: int


def queue_health() -> QueueHealth:
    """One query, through the (status, finished_at) index: the table keeps every task ever run."""
    now = timezone.now()
    hour_ago = now - timedelta(hours=1)
    ready = Q(status=TaskResultStatus.READY)
    due = ready & (Q(run_after__lte=now) | Q(run_after=get_date_max()))  # as the worker reads it
    failed = Q(status=TaskResultStatus.FAILED, finished_at__gte=hour_ago)
    figures = DBTaskResult.objects.filter(
        ready | Q(status=TaskResultStatus.RUNNING) | failed
    ).aggregate(
        ready=Count("pk", filter=ready),
        oldest=Min("enqueued_at", filter=due),
        running=Count("pk", filter=Q(status=TaskResultStatus.RUNNING)),
        failed=Count("pk", filter=failed),
    )
    oldest = figures["oldest"]
    return QueueHealth(
        ready=figures["ready"],
        oldest_ready_age_seconds=max(0.0, (now - oldest).total_seconds()) if oldest else None,
        running=figures["running"],
        failed_last_hour=figures["failed"],
    )


class Heartbeat(Periodic):
    """The worker's heartbeat, and its sweep for tasks whose worker died."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name="heartbeat", interval=settings.WORKER_HEARTBEAT_SECONDS)
        self.worker_id, self.started_at = worker_id, timezone.now()

    def tick(self) -> None:
        beat(self.worker_id, started_at=self.started_at)
        requeue_lost_tasks()
