"""What parsing hands the rest of the product: plain frozen records, no email package objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ParsedAttachment:
    index: int
    filename: str
    content_type: str
    size: int
    content_id: str
    inline: bool


@dataclass(frozen=True)
class Bounce:
    recipients: tuple[str, ...]
    status: str
    diagnostic: str
    original_message_id: str


@dataclass(frozen=True)
class ParsedMessage:
    message_id: str = ""
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    from_address: str = ""
    from_name: str = ""
    reply_to: str = ""
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    subject: str = ""
    date: datetime | None = None
    text: str = ""
    new_text: str = ""
    html: str = ""
    attachments: tuple[ParsedAttachment, ...] = ()
    auto_submitted: bool = False
    bounce: Bounce | None = None
    defects: tuple[str, ...] = ()
