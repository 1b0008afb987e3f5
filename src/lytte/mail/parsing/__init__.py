"""Inbound email: raw RFC 5322 bytes into what the desk needs (addresses, body, attachments).

Mail comes from strangers, so nothing here may raise on bad input: broken parts are decoded as
well as possible and recorded in `defects`. Headers and text charsets are decoded here rather
than by the email package's header registry, because that replaces undecodable bytes with U+FFFD
and gives up on unknown charsets, where Nordic senders need a UTF-8 / Windows-1252 fallback.

The modules, by concern: `types` (the records handed out), `charsets` (decoding with fallback),
`headers` (header values), `structure` (which parts are body, which are files), `attachments`
(names and types of files), `automatic` (auto-replies and bounces), `message` (the entry points).
"""

from lytte.mail.html import html_to_text, sanitize_html
from lytte.mail.parsing.message import attachment_content, parse_message
from lytte.mail.parsing.types import Bounce, ParsedAttachment, ParsedMessage
from lytte.mail.quoting import split_quoted

__all__ = [
    "Bounce",
    "ParsedAttachment",
    "ParsedMessage",
    "attachment_content",
    "html_to_text",
    "parse_message",
    "sanitize_html",
    "split_quoted",
]
