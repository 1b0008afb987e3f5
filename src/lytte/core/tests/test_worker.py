"""`lytte worker` runs tasks queued in the database by another process."""

from __future__ import annotations

import subprocess
from pathlib import Path

from lytte.core.tests.live_server import LYTTE
from lytte.core.tests.test_serve import _env


def test_the_worker_runs_a_task_queued_by_another_process(tmp_path: Path) -> None:
    env = _env(tmp_path)
    marker = tmp_path / "ran.txt"
    subprocess.run([LYTTE, "migrate", "--no-input", "-v", "0"], env=env, check=True, timeout=120)
    enqueue = (
        "from lytte.core.tests.tasks import write_marker; "
        f"write_marker.enqueue({str(marker)!r}, 'Hyvää päivää, æøå')"
    )
    subprocess.run([LYTTE, "shell", "-c", enqueue], env=env, check=True, timeout=60)
    assert not marker.exists()  # queued, not run in the enqueuing process

    subprocess.run(
        [LYTTE, "worker", "--max-tasks", "1", "--no-startup-delay", "--interval", "0.2"],
        env=env,
        check=True,
        timeout=60,
        capture_output=True,
    )

    assert marker.read_text(encoding="utf-8") == "Hyvää päivää, æøå"
