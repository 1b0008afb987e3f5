"""The MIME tree: which parts a mail client would show as the body, which are files."""

from __future__ import annotations

import re
from email import policy
from email.message import Message
from email.parser import BytesParser

from lytte.mail.parsing.charsets import decode_text
from lytte.mail.parsing.headers import clean_line, decode_words, fix_surrogates, unfold

# compat32 keeps header values as the raw strings we decode ourselves, and parses a 5 KB
# message about 7x faster than policy.default, whose header objects are rebuilt on every access.
PARSER = BytesParser(policy=policy.compat32)
# An attached message is handed out as .eml with its headers exactly as received.
_EML_POLICY = policy.default.clone(refold_source="none", cte_type="8bit")
_MAX_DEPTH = 30
_BODY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # PostgreSQL refuses NUL

Body = dict[str, list[Message]]  # "plain" / "html": the parts that make up that body


def find_body(part: Message, depth: int = 0) -> Body:
    """The text/plain and text/html parts a mail client would show as the message."""
    maintype, _, subtype = part.get_content_type().partition("/")
    if depth > _MAX_DEPTH or is_attachment(part):
        return {}
    if not part.is_multipart():
        if maintype == "text" and subtype in ("plain", "html"):
            return {subtype: [part]}
        # A multipart without a usable boundary: its raw text beats showing nothing.
        return {"plain": [part]} if maintype == "multipart" else {}
    children = subparts(part) if maintype == "multipart" else []
    if subtype == "alternative":
        found: Body = {}
        for child in children:
            for kind, parts in find_body(child, depth + 1).items():
                found.setdefault(kind, parts)
        return found
    if subtype == "related" and children:
        start = part.get_param("start")
        first = next((c for c in children if start and c.get("content-id") == start), children[0])
        return find_body(first, depth + 1)
    return _mixed_body(children, depth)


def _mixed_body(children: list[Message], depth: int) -> Body:
    """multipart/mixed and unknown subtypes: the first child with a body, plus loose text parts."""
    found: Body = {}
    for child in children:
        if not found:
            found = find_body(child, depth + 1)
            continue
        kind = child.get_content_subtype()
        # Apple Mail splits one body into several text parts around inline images.
        if child.get_content_maintype() == "text" and kind in found and not is_attachment(child):
            found[kind].append(child)
    return found


def subparts(part: Message) -> list[Message]:
    payload = part.get_payload()
    return [p for p in payload if isinstance(p, Message)] if isinstance(payload, list) else []


def is_attachment(part: Message) -> bool:
    return part.get_content_disposition() == "attachment" or filename(part) is not None


def is_body(part: Message, body: Body) -> bool:
    return any(part is p for parts in body.values() for p in parts)


def body_text(parts: list[Message]) -> tuple[str, list[str]]:
    texts, defects = [], []
    for part in parts:
        charset = part.get_content_charset()
        text, declared_worked = decode_text(payload(part), charset)
        if not declared_worked and (charset or not text.isascii()):
            defects.append(f"CharsetFallback: {clean_line(charset or 'none', 40)}")
        texts.append(text)
    text = "\n".join(texts).replace("\r\n", "\n").replace("\r", "\n")
    return _BODY_CONTROL.sub("", text), defects


def leaves(msg: Message) -> list[tuple[int, Message]]:
    """(msg.walk() position, part) of every leaf; an attached message counts as one leaf."""
    found: list[tuple[int, Message]] = []
    inside_attached: set[int] = set()
    for index, part in enumerate(msg.walk()):
        if id(part) in inside_attached:
            continue
        if part.get_content_maintype() == "message" and part.is_multipart():
            inside_attached.update(id(sub) for sub in part.walk() if sub is not part)
            found.append((index, part))
        elif not part.is_multipart() and part.get_content_maintype() != "multipart":
            found.append((index, part))  # (a multipart whose boundary is missing is no file)
    return found


def payload(part: Message) -> bytes:
    if part.is_multipart():  # message/*: the attached message as it would be saved
        return b"".join(_message_bytes(sub) for sub in subparts(part))
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _message_bytes(msg: Message) -> bytes:
    try:
        return msg.as_bytes(policy=_EML_POLICY)
    except UnicodeError:  # a broken RFC 2231 boundary decodes to U+FFFD, which bytes cannot hold
        return msg.as_string(policy=_EML_POLICY).encode("utf-8", "surrogateescape")


def filename(part: Message) -> str | None:
    """The name the sender gave the part, decoded ("" if unreadable), None if it has none."""
    try:
        name = part.get_filename()
    except (LookupError, UnicodeError, ValueError):  # RFC 2231 charsets like "utf-8\x00"
        return ""
    # Outlook and Gmail put RFC 2047 words in names, which RFC 2231 decoding leaves alone.
    return None if name is None else decode_words(fix_surrogates(unfold(name)))
