"""Background feedback work, run by the worker."""

from __future__ import annotations

from django_tasks import task

from lytte.feedback.services.sms import deliver


@task()
def deliver_sms(message_id: int) -> None:
    """Hand a survey's text message to the SMS webhook (retried by re-enqueueing)."""
    deliver(message_id)
