"""A task for the worker test: leaves a file behind, so the test sees that it ran."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from django_tasks import task


@task()
def write_marker(path: str, text: str) -> None:
    Path(path).write_text(text, encoding="utf-8")


@task()
def die_the_first_time(path: str) -> None:
    """Kills its worker the first time (as the OOM killer would), writes `path` the second."""
    marker = Path(path)
    if not marker.with_suffix(".died").exists():
        marker.with_suffix(".died").write_text("died", encoding="utf-8")
        os.kill(os.getpid(), signal.SIGKILL)
    marker.write_text("ran after its worker died", encoding="utf-8")
