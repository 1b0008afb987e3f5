"""Mail no person wrote: auto-replies, lists, and delivery-status bounces (RFC 3464, 3834)."""

from __future__ import annotations

import re
from email.message import Message

from lytte.mail.parsing.headers import (
    ADDRESS,
    clean_line,
    fix_surrogates,
    message_ids,
    raw_header,
    unfold,
)
from lytte.mail.parsing.structure import PARSER, payload, subparts
from lytte.mail.parsing.types import Bounce

_AUTO_LOCALPART = re.compile(
    r"(mailer-daemon|postmaster|no[-_.]?reply|do[-_.]?not[-_.]?reply)([-_.+]|$)"
)


def is_automatic(headers: dict[str, list[str]], from_address: str, content_type: str) -> bool:
    def first(name: str) -> str:
        return headers.get(name, [""])[0].strip().lower()

    suppressed = {token.strip() for token in first("x-auto-response-suppress").split(",")}
    return (
        ("auto-submitted" in headers and first("auto-submitted").split(";")[0].strip() != "no")
        or first("precedence") in {"bulk", "list", "junk", "auto_reply"}
        or any(
            n in headers for n in ("list-id", "list-unsubscribe", "x-autoreply", "x-autorespond")
        )
        or bool(suppressed & {"all", "oof", "autoreply"})
        or not from_address
        or bool(_AUTO_LOCALPART.match(from_address.partition("@")[0].lower()))
        or content_type == "multipart/report"
        # The null reverse path: RFC 3834 forbids answering it whatever From says.
        or first("return-path") == "<>"
    )


def bounce(msg: Message) -> Bounce | None:
    if str(msg.get_param("report-type") or "").lower() != "delivery-status":
        return None
    recipients: list[str] = []
    status = diagnostic = original_id = ""
    for part in msg.walk():
        content_type = part.get_content_type()
        if content_type == "message/delivery-status":
            for block in _status_blocks(part):
                if block.get("action", "").strip().lower() != "failed":
                    continue
                recipient = block.get("final-recipient") or block.get("original-recipient", "")
                address = _typed_value(recipient).strip().strip("<>").lower()
                if ADDRESS.fullmatch(address):
                    recipients.append(address)
                status = status or next(iter(block.get("status", "").split()), "")
                diagnostic = diagnostic or clean_line(
                    _typed_value(block.get("diagnostic-code", ""))
                )
        elif content_type in ("text/rfc822-headers", "message/rfc822") and not original_id:
            attached = subparts(part)
            original = attached[0] if attached else PARSER.parsebytes(payload(part), True)
            original_id = next(iter(message_ids([raw_header(original, "message-id")])), "")
    if not recipients:
        return None
    return Bounce(tuple(dict.fromkeys(recipients)), status, diagnostic, original_id)


def _status_blocks(part: Message) -> list[dict[str, str]]:
    """The per-message and per-recipient header blocks of a message/delivery-status part."""
    return [
        {k.lower(): fix_surrogates(unfold(str(v))) for k, v in block.raw_items()}
        for block in subparts(part)
    ]


def _typed_value(value: str) -> str:
    """A DSN field without its type: "rfc822; kari@example.no" gives "kari@example.no"."""
    kind, semicolon, rest = value.partition(";")
    return rest if semicolon else kind
