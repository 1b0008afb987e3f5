"""Background mail work, run by `lytte worker`."""

from __future__ import annotations

from django_tasks import task

from lytte.mail.models import InboundMessage
from lytte.mail.services import file_message, outbound


@task()
def deliver_outbound(outbound_id: int) -> None:
    outbound.deliver(outbound_id=outbound_id)


@task()
def file_stored_message(message_id: int) -> None:
    """File a message the inbound webhook stored without filing (a large one)."""
    message = InboundMessage.objects.select_related("mailbox").filter(pk=message_id).first()
    if message is not None and message.processed_at is None:
        file_message(message)
