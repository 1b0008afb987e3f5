"""The platform's background tasks, run by `lytte worker`."""

from __future__ import annotations

from django_tasks import task

from lytte.platform import notices


@task()
def deliver_notice(notice_id: int) -> None:
    notices.deliver(notice_id)
