from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lytte.platform.heartbeat import WORKER_LOST, WorkerLost, beat, requeue_lost_tasks
from lytte.platform.models import WorkerHeartbeat
from lytte.platform.tests.tasks import write_marker


def a_worker_seen(seconds_ago: float, worker_id: str = "worker-a") -> None:
    beat(worker_id, started_at=timezone.now() - timedelta(hours=1))
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(
        last_seen=timezone.now() - timedelta(seconds=seconds_ago)
    )


def running_task(*, worker_ids: list[str], minutes: float) -> DBTaskResult:
    task = DBTaskResult.objects.get(pk=write_marker.enqueue("/nowhere", "æøå").id)
    DBTaskResult.objects.filter(pk=task.pk).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(minutes=minutes),
        worker_ids=worker_ids,
    )
    return task


def test_healthz_answers_ok_with_the_database_worker_and_queue_checked(
    client: Client, db: None, django_assert_max_num_queries: Any
) -> None:
    a_worker_seen(5)

    with django_assert_max_num_queries(2):
        response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"], body["worker"]["status"]) == ("ok", "ok", "ok")
    assert 4 <= body["worker"]["age_seconds"] < 60
    assert body["queue"] == {
        "ready": 0,
        "oldest_ready_age_seconds": None,
        "running": 0,
        "failed_last_hour": 0,
    }
    assert "no-cache" in response.headers["Cache-Control"]
    assert client.get("/healthz?strict").status_code == 200


def test_healthz_reads_indexes_not_every_task_ever_run(client: Client, db: None) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's query plans; PostgreSQL's need statistics")
    with CaptureQueriesContext(connection) as queries:
        client.get("/healthz")
    with connection.cursor() as cursor:
        steps = []
        for query in queries.captured_queries:
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
            steps += [row[-1] for row in cursor.fetchall()]

    assert "lytte_task_status_finished_idx" in " ".join(steps)
    assert not [step for step in steps if step.startswith("SCAN")], steps


def test_a_stale_worker_keeps_healthz_200_but_strict_says_503(client: Client, db: None) -> None:
    a_worker_seen(600)

    response = client.get("/healthz")
    strict = client.get("/healthz?strict")

    assert response.status_code == 200  # this web process can serve: keep it in the pool
    assert response.json()["status"] == "degraded"
    assert response.json()["worker"]["status"] == "stale"
    assert strict.status_code == 503
    assert strict.json()["worker"]["age_seconds"] >= 600


def test_no_worker_at_all_is_missing(client: Client, db: None) -> None:
    body = client.get("/healthz").json()

    assert body["worker"] == {"status": "missing", "last_seen": None, "age_seconds": None}
    assert client.get("/healthz?strict").status_code == 503


def test_the_queue_counts_and_its_oldest_task_s_age_are_reported(client: Client, db: None) -> None:
    a_worker_seen(1)
    old = write_marker.enqueue("/nowhere", "Hyvää päivää")
    DBTaskResult.objects.filter(pk=old.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=30)
    )
    write_marker.enqueue("/nowhere", "Hej")
    running_task(worker_ids=["worker-a"], minutes=1)
    failed = running_task(worker_ids=["worker-a"], minutes=2)
    DBTaskResult.objects.filter(pk=failed.pk).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now()
    )

    body = client.get("/healthz").json()

    assert body["queue"]["ready"] == 2
    assert 29 * 60 < body["queue"]["oldest_ready_age_seconds"] < 31 * 60
    assert (body["queue"]["running"], body["queue"]["failed_last_hour"]) == (1, 1)
    assert client.get("/healthz?strict").status_code == 503  # waited longer than 5 minutes


def test_a_running_task_of_a_dead_worker_is_requeued_and_a_live_worker_s_is_left(
    db: None, caplog: pytest.LogCaptureFixture
) -> None:
    a_worker_seen(600, "dead")
    a_worker_seen(1, "alive")
    orphan = running_task(worker_ids=["dead"], minutes=10)
    long_running = running_task(worker_ids=["alive"], minutes=10)
    just_claimed = running_task(worker_ids=["dead"], minutes=0)

    assert requeue_lost_tasks() == (1, 0)

    assert (
        f"Task {orphan.pk} (lytte.platform.tests.tasks.write_marker) lost its worker dead: requeued"
        in caplog.text
    )
    orphan.refresh_from_db()
    assert (orphan.status, orphan.started_at) == (TaskResultStatus.READY, None)
    for task in (long_running, just_claimed):
        task.refresh_from_db()
        assert task.status == TaskResultStatus.RUNNING


def test_a_task_that_lost_its_worker_too_often_fails_with_the_reason(
    db: None, settings: object
) -> None:
    settings.TASK_MAX_ATTEMPTS = 2  # type: ignore[attr-defined]
    task = running_task(worker_ids=["first", "second"], minutes=10)  # no heartbeat: gone

    assert requeue_lost_tasks() == (0, 1)

    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == WORKER_LOST
    assert "Worker second stopped while running this task (run 2 of 2)" in task.traceback
    assert task.finished_at is not None
    assert task.task_result.errors[0].exception_class is WorkerLost  # what the tasks API reads


def test_healthz_refuses_writes(client: Client, db: None) -> None:
    assert client.post("/healthz").status_code == 405
