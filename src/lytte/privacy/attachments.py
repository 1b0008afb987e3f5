"""Taking attachments out of stored raw messages, keeping the rest of each message as it was."""

from __future__ import annotations

from collections import defaultdict
from email import message_from_bytes, policy

from django.db.models import QuerySet

from lytte.mail.models import Attachment, InboundMessage


def strip_attachments(attachments: QuerySet[Attachment]) -> int:
    """Empty these attachments' parts in their messages' raw MIME (file names too) and forget
    them; the text of each message stays. Returns how many were removed."""
    by_message: dict[int, set[int]] = defaultdict(set)
    for message_id, index in attachments.values_list("message_id", "index"):
        by_message[message_id].add(index)
    for message_id, indexes in by_message.items():
        message = InboundMessage.objects.only("raw").get(pk=message_id)
        InboundMessage.objects.filter(pk=message_id).update(
            raw=_without_parts(bytes(message.raw), indexes)
        )
    removed, _by_model = Attachment.objects.filter(
        pk__in=list(attachments.values_list("pk", flat=True))
    ).delete()
    return removed


def _without_parts(raw: bytes, indexes: set[int]) -> bytes:
    message = message_from_bytes(raw, policy=policy.compat32)
    for index, part in enumerate(message.walk()):
        if index in indexes and not part.is_multipart():
            for header in ("Content-Disposition", "Content-Type", "Content-Transfer-Encoding"):
                del part[header]
            part["Content-Type"] = "application/octet-stream"
            part["Content-Disposition"] = "attachment"
            part.set_payload("")
    return message.as_bytes()
