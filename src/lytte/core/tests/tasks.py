"""A task for the worker test: leaves a file behind, so the test sees that it ran."""

from __future__ import annotations

from pathlib import Path

from django_tasks import task


@task()
def write_marker(path: str, text: str) -> None:
    Path(path).write_text(text, encoding="utf-8")
