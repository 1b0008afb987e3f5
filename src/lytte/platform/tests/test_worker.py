"""`lytte worker` runs tasks queued in the database by another process."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

from lytte.platform.tests.live_server import LYTTE
from lytte.platform.tests.test_serve import _env

pytestmark = pytest.mark.slow  # `lytte` processes: `make test-fast` leaves these out

WORKER = [LYTTE, "worker", "--max-tasks", "1", "--no-startup-delay", "--interval", "0.2"]


def _migrated_and_queued(env: dict[str, str], task: str, args: str) -> None:
    """A fresh database with one task queued by another process."""
    subprocess.run([LYTTE, "migrate", "--no-input", "-v", "0"], env=env, check=True, timeout=120)
    enqueue = f"from lytte.platform.tests.tasks import {task}; {task}.enqueue({args})"
    subprocess.run([LYTTE, "shell", "-c", enqueue], env=env, check=True, timeout=60)


def test_the_worker_runs_a_task_queued_by_another_process(tmp_path: Path) -> None:
    env = _env(tmp_path)
    marker = tmp_path / "ran.txt"
    _migrated_and_queued(env, "write_marker", f"{str(marker)!r}, 'Hyvää päivää, æøå'")
    assert not marker.exists()  # queued, not run in the enqueuing process

    subprocess.run(WORKER, env=env, check=True, timeout=60, capture_output=True)

    assert marker.read_text(encoding="utf-8") == "Hyvää päivää, æøå"


def test_a_task_whose_worker_was_killed_is_run_again_by_another_worker(tmp_path: Path) -> None:
    env = _env(tmp_path, LYTTE_WORKER_HEARTBEAT_SECONDS="0.2", LYTTE_WORKER_STALE_SECONDS="1")
    marker = tmp_path / "ran.txt"
    _migrated_and_queued(env, "die_the_first_time", repr(str(marker)))

    killed = subprocess.run(WORKER, env=env, timeout=60, capture_output=True)
    assert killed.returncode == -signal.SIGKILL
    assert not marker.exists()  # it died mid-task: RUNNING, its heartbeat left behind

    subprocess.run(WORKER, env=env, check=True, timeout=60, capture_output=True)

    assert marker.read_text(encoding="utf-8") == "ran after its worker died"
    report = (
        "from django_tasks_db.models import DBTaskResult; "
        "from lytte.platform.models import WorkerHeartbeat; "
        "t = DBTaskResult.objects.get(); "
        "print(t.status, len(t.worker_ids), WorkerHeartbeat.objects.count())"
    )
    shown = subprocess.run(
        [LYTTE, "shell", "-v", "0", "-c", report],
        env=env,
        check=True,
        timeout=60,
        capture_output=True,
    )
    # Run twice, by two workers; the dead one's heartbeat stays (stale), the live one's is gone.
    assert shown.stdout.decode().split() == ["SUCCESSFUL", "2", "1"]
