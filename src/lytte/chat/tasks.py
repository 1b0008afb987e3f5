"""Background chat work, run by the worker."""

from __future__ import annotations

from django_tasks import task

from lytte.chat.models import Conversation
from lytte.chat.services.transcript import transcript_email


@task()
def send_transcript(conversation_id: int) -> None:
    """Email a chat's transcript to its verified customer (through Django's mail, whose
    settings come from LYTTE_SMTP_URL; the console without one)."""
    conversation = Conversation.objects.select_related("customer").filter(pk=conversation_id)
    found = conversation.first()
    message = transcript_email(found) if found is not None else None
    if message is not None:
        message.send()
