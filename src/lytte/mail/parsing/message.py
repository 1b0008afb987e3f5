"""One raw message into a ParsedMessage, and one attachment's bytes back out of it."""

from __future__ import annotations

from dataclasses import replace

from lytte.mail.html import html_to_text, sanitize_html
from lytte.mail.parsing import headers as h
from lytte.mail.parsing.attachments import attachment, referenced_cids
from lytte.mail.parsing.automatic import bounce, is_automatic
from lytte.mail.parsing.structure import PARSER, body_text, find_body, is_body, leaves
from lytte.mail.parsing.types import ParsedAttachment, ParsedMessage
from lytte.mail.quoting import split_quoted


def parse_message(raw: bytes) -> ParsedMessage:
    """Everything the desk needs from one raw message; never raises, whatever the bytes."""
    try:
        return _parse(raw)
    except Exception as exc:  # absurd nesting (RecursionError) or a parser bug: never lose mail
        failure = f"Unparseable: {type(exc).__name__}"
    try:  # keep sender and subject, and show the body as raw text
        parsed = _parse(raw, headers_only=True)
        return replace(parsed, defects=(*parsed.defects, failure))
    except Exception:
        # Unknown sender: flagged automatic so nothing ever auto-replies to it.
        return ParsedMessage(auto_submitted=True, defects=(failure,))


def attachment_content(raw: bytes, index: int) -> tuple[ParsedAttachment, bytes]:
    """The attachment parse_message listed with this index, and its decoded bytes."""
    try:
        msg = PARSER.parsebytes(raw)
    except RecursionError as exc:  # parse_message found no attachments in it either
        raise LookupError(f"no attachment with index {index}") from exc
    body = find_body(msg)
    html, _ = body_text(body.get("html", []))
    for leaf_index, part in leaves(msg):
        if leaf_index == index and not is_body(part, body):
            return attachment(index, part, referenced_cids(html))
    raise LookupError(f"no attachment with index {index}")


def _parse(raw: bytes, headers_only: bool = False) -> ParsedMessage:
    msg = PARSER.parsebytes(raw, headersonly=headers_only)
    headers = h.raw_headers(msg)
    content_type = msg.get_content_type()
    body = find_body(msg)
    text, text_defects = body_text(body.get("plain", []))
    html, html_defects = body_text(body.get("html", []))
    if not text.strip() and html:
        text = html_to_text(html)
    cids = referenced_cids(html)
    attachments = tuple(
        attachment(index, part, cids)[0] for index, part in leaves(msg) if not is_body(part, body)
    )
    senders = h.addresses(headers.get("from", []))
    from_address, from_name = senders[0] if senders else ("", "")
    date = h.date(headers.get("date", []))
    part_defects = [type(d).__name__ for part in msg.walk() for d in part.defects]
    own_defects = (
        text_defects + html_defects + (["InvalidDate"] if "date" in headers and not date else [])
    )
    return ParsedMessage(
        message_id=next(iter(h.message_ids(headers.get("message-id", []))), ""),
        in_reply_to=h.message_ids(headers.get("in-reply-to", [])),
        references=h.message_ids(headers.get("references", [])),
        from_address=from_address,
        from_name=from_name,
        reply_to=next((a for a, _ in h.addresses(headers.get("reply-to", []))), ""),
        to=tuple(a for a, _ in h.addresses(headers.get("to", []))),
        cc=tuple(a for a, _ in h.addresses(headers.get("cc", []))),
        subject=h.clean_line(h.decode_words(headers.get("subject", [""])[0])),
        date=date,
        text=text,
        new_text=split_quoted(text)[0],
        html=sanitize_html(html) if html else "",
        attachments=attachments,
        auto_submitted=is_automatic(headers, from_address, content_type),
        bounce=bounce(msg) if content_type == "multipart/report" else None,
        defects=tuple(dict.fromkeys(part_defects + own_defects)),
    )
