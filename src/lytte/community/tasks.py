"""The community's background tasks, run by the worker."""

from __future__ import annotations

from django_tasks import task

from lytte.community.services import announcing


@task()
def announce_post(announcement_id: int) -> None:
    """Tell the members of a post after its transaction committed (decision 48)."""
    announcing.run(announcement_id)
