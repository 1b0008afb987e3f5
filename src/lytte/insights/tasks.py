"""Background training, run by `lytte worker`: on demand from the admin, and nightly."""

from __future__ import annotations

from django_tasks import task

from lytte.insights.services import train_model


@task()
def train_reasons() -> str:
    return train_model().message
