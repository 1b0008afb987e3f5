"""Erasure and retention of chats (decision 20): what people wrote and sent goes (messages'
text and files, the name and address a visitor typed, the page, the transfer note); the
conversation and message rows stay, with their times, senders and states, for the figures."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from lytte.chat.models import Conversation, Message


def forget_conversations(conversations: QuerySet[Conversation]) -> int:
    """Empty `conversations` (those not emptied before); returns how many."""
    chosen = list(conversations.filter(forgotten_at__isnull=True).values_list("pk", flat=True))
    Message.objects.filter(conversation__in=chosen).update(
        body="",
        attachment_name="",
        attachment_type="",
        attachment_size=None,
        attachment_content=None,
    )
    return Conversation.objects.filter(pk__in=chosen).update(
        claimed_name="",
        claimed_email="",
        page_url="",
        transfer_note="",
        forgotten_at=timezone.now(),
    )
