"""Background work of the feedback app, run by `lytte worker`."""

from __future__ import annotations

from django_tasks import task

from lytte.feedback import webhooks


@task()
def deliver_webhook(delivery_id: int) -> None:
    webhooks.deliver(delivery_id)
