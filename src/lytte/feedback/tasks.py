"""Background feedback work, run by the worker."""

from __future__ import annotations

from django_tasks import task

from lytte.feedback import webhooks
from lytte.feedback.services.sms import deliver


@task()
def deliver_sms(message_id: int) -> None:
    """Hand a survey's text message to the SMS webhook (retried by re-enqueueing)."""
    deliver(message_id)


@task()
def deliver_webhook(delivery_id: int) -> None:
    """POST an answer to a business's own system (the feedback webhook, decision 42)."""
    webhooks.deliver(delivery_id)
