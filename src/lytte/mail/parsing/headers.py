"""Header values decoded by hand: unfolding, raw 8-bit bytes, RFC 2047 words, ids, addresses.

The email package's header registry replaces undecodable bytes with U+FFFD and gives up on
unknown charsets; decoding here keeps a UTF-8 / Windows-1252 fallback instead.
"""

from __future__ import annotations

import binascii
import re
from datetime import UTC, datetime
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from lytte.mail.parsing.charsets import decode_lenient, decode_text

HEADER_LIMIT = 998  # RFC 5322 line length: plenty for a subject or a name

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATES = re.compile("[\udc80-\udcff]+")
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([qQbB])\?([^?\s]*)\?=")
_MSG_ID = re.compile(r"<([^<>]*)>")
ADDRESS = re.compile(r"[^\s@<>()\[\],;:\"]+@[^\s@<>()\[\],;:\"]+")


def raw_headers(msg: Message) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {}
    for name, value in msg.raw_items():
        headers.setdefault(name.strip().lower(), []).append(fix_surrogates(unfold(str(value))))
    return headers


def raw_header(part: Message, name: str) -> str:
    return next(
        (fix_surrogates(unfold(str(v))) for k, v in part.raw_items() if k.lower() == name), ""
    )


def unfold(value: str) -> str:
    return value.replace("\r", "").replace("\n", "")


def fix_surrogates(value: str) -> str:
    """Raw 8-bit header bytes arrive as surrogate escapes: decode each run as UTF-8 or cp1252."""
    return _SURROGATES.sub(lambda m: decode_lenient(m[0].encode("ascii", "surrogateescape")), value)


def clean_line(value: str, limit: int = HEADER_LIMIT) -> str:
    """One line of display text: CR/LF smuggled in through encoded words cannot survive this."""
    return " ".join(_CONTROL.sub(" ", value).split())[:limit]


def decode_words(value: str) -> str:
    """RFC 2047 encoded words, joining adjacent words of one charset before decoding, because
    mailers split multi-byte characters across words; unknown charsets fall back, never raise."""
    out: list[str] = []
    charset, pending, pos = "", b"", 0
    for match in _ENCODED_WORD.finditer(value):
        literal = value[pos : match.start()]
        word_charset = match[1].split("*")[0].lower()  # RFC 2231 language suffix: "utf-8*no"
        if (literal and not (charset and literal.isspace())) or word_charset != charset:
            out.append(decode_text(pending, charset)[0] if charset else "")
            out.append("" if charset and literal.isspace() else literal)
            pending = b""
        charset, pending, pos = word_charset, pending + _word_bytes(match[2], match[3]), match.end()
    out.append(decode_text(pending, charset)[0] if charset else "")
    out.append(value[pos:])
    return "".join(out)


def _word_bytes(encoding: str, payload: str) -> bytes:
    data = payload.encode("utf-8")
    if encoding in "qQ":
        return binascii.a2b_qp(data, header=True)
    data = re.sub(rb"[^A-Za-z0-9+/]", b"", data)
    data = data[: len(data) - 1] if len(data) % 4 == 1 else data  # one stray char cannot be decoded
    return binascii.a2b_base64(data + b"=" * (-len(data) % 4))


def message_ids(values: list[str]) -> tuple[str, ...]:
    ids: list[str] = []
    for value in values:
        # Without brackets only tokens that look like ids: In-Reply-To sometimes holds prose.
        ids.extend(_MSG_ID.findall(value) or [t for t in value.split() if "@" in t])
    return tuple(filter(None, ("".join(clean_line(i).split()) for i in ids)))


def addresses(values: list[str]) -> list[tuple[str, str]]:
    """(addr-spec, decoded display name) for every well-formed address. Only the domain is
    lower-cased: a local part is the receiving server's to interpret (RFC 5321 2.4), so replies
    go to it as written; matching it to customers is case-insensitive elsewhere."""
    found = []
    for name, address in getaddresses(values):
        local, at, domain = address.strip().rpartition("@")
        address = f"{local}{at}{domain.lower()}"
        if ADDRESS.fullmatch(address):
            found.append((address, clean_line(decode_words(name))))
    return found


def date(values: list[str]) -> datetime | None:
    if not values:
        return None
    try:
        parsed = parsedate_to_datetime(values[0])
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    # "-0000" means UTC with the sender's zone unknown (RFC 5322 3.3): the instant is still UTC.
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
