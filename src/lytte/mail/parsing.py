"""Inbound email: raw RFC 5322 bytes into what the desk needs (addresses, body, attachments).

Mail comes from strangers, so nothing here may raise on bad input: broken parts are decoded as
well as possible and recorded in `defects`. Headers and text charsets are decoded here rather
than by the email package's header registry, because that replaces undecodable bytes with U+FFFD
and gives up on unknown charsets, where Nordic senders need a UTF-8 / Windows-1252 fallback.
"""

from __future__ import annotations

import binascii
import codecs
import mimetypes
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email import policy
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache
from urllib.parse import unquote

from lytte.mail.html import html_to_text, sanitize_html
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


# compat32 keeps header values as the raw strings we decode ourselves, and parses a 5 KB
# message about 7x faster than policy.default, whose header objects are rebuilt on every access.
_PARSER = BytesParser(policy=policy.compat32)
# An attached message is handed out as .eml with its headers exactly as received.
_EML_POLICY = policy.default.clone(refold_source="none", cte_type="8bit")
_MAX_DEPTH = 30
_HEADER_LIMIT = 998  # RFC 5322 line length: plenty for a subject or a name

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BODY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # PostgreSQL refuses NUL
_SURROGATES = re.compile("[\udc80-\udcff]+")
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([qQbB])\?([^?\s]*)\?=")
_MSG_ID = re.compile(r"<([^<>]*)>")
_ADDRESS = re.compile(r"[^\s@<>()\[\],;:\"]+@[^\s@<>()\[\],;:\"]+")
_AUTO_LOCALPART = re.compile(
    r"(mailer-daemon|postmaster|no[-_.]?reply|do[-_.]?not[-_.]?reply)([-_.+]|$)"
)
_CID_REF = re.compile(r"""cid:([^"'\s>)]+)""", re.IGNORECASE)
_UNSAFE_FILENAME_CHARS = re.compile(r'[<>:"|?*]')
_MIME_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")
_EXTENSIONS = {"message/delivery-status": "txt", "text/rfc822-headers": "txt", "text/plain": "txt"}


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
        msg = _PARSER.parsebytes(raw)
    except RecursionError as exc:  # parse_message found no attachments in it either
        raise LookupError(f"no attachment with index {index}") from exc
    body = _find_body(msg)
    html, _ = _body_text(body.get("html", []))
    for leaf_index, part in _leaves(msg):
        if leaf_index == index and not _is_body(part, body):
            return _attachment(index, part, _referenced_cids(html))
    raise LookupError(f"no attachment with index {index}")


def _parse(raw: bytes, headers_only: bool = False) -> ParsedMessage:
    msg = _PARSER.parsebytes(raw, headersonly=headers_only)
    headers = _raw_headers(msg)
    content_type = msg.get_content_type()
    body = _find_body(msg)
    text, text_defects = _body_text(body.get("plain", []))
    html, html_defects = _body_text(body.get("html", []))
    if not text.strip() and html:
        text = html_to_text(html)
    cids = _referenced_cids(html)
    attachments = tuple(
        _attachment(index, part, cids)[0]
        for index, part in _leaves(msg)
        if not _is_body(part, body)
    )
    senders = _addresses(headers.get("from", []))
    from_address, from_name = senders[0] if senders else ("", "")
    date = _date(headers.get("date", []))
    part_defects = [type(d).__name__ for part in msg.walk() for d in part.defects]
    own_defects = (
        text_defects + html_defects + (["InvalidDate"] if "date" in headers and not date else [])
    )
    return ParsedMessage(
        message_id=next(iter(_message_ids(headers.get("message-id", []))), ""),
        in_reply_to=_message_ids(headers.get("in-reply-to", [])),
        references=_message_ids(headers.get("references", [])),
        from_address=from_address,
        from_name=from_name,
        reply_to=next((a for a, _ in _addresses(headers.get("reply-to", []))), ""),
        to=tuple(a for a, _ in _addresses(headers.get("to", []))),
        cc=tuple(a for a, _ in _addresses(headers.get("cc", []))),
        subject=_clean_line(_decode_words(headers.get("subject", [""])[0])),
        date=date,
        text=text,
        new_text=split_quoted(text)[0],
        html=sanitize_html(html) if html else "",
        attachments=attachments,
        auto_submitted=_is_automatic(headers, from_address, content_type),
        bounce=_bounce(msg) if content_type == "multipart/report" else None,
        defects=tuple(dict.fromkeys(part_defects + own_defects)),
    )


# Headers


def _raw_headers(msg: Message) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {}
    for name, value in msg.raw_items():
        headers.setdefault(name.strip().lower(), []).append(_fix_surrogates(_unfold(str(value))))
    return headers


def _raw_header(part: Message, name: str) -> str:
    return next(
        (_fix_surrogates(_unfold(str(v))) for k, v in part.raw_items() if k.lower() == name), ""
    )


def _unfold(value: str) -> str:
    return value.replace("\r", "").replace("\n", "")


def _fix_surrogates(value: str) -> str:
    """Raw 8-bit header bytes arrive as surrogate escapes: decode each run as UTF-8 or cp1252."""
    return _SURROGATES.sub(
        lambda m: _decode_lenient(m[0].encode("ascii", "surrogateescape")), value
    )


def _clean_line(value: str, limit: int = _HEADER_LIMIT) -> str:
    """One line of display text: CR/LF smuggled in through encoded words cannot survive this."""
    return " ".join(_CONTROL.sub(" ", value).split())[:limit]


def _decode_words(value: str) -> str:
    """RFC 2047 encoded words, joining adjacent words of one charset before decoding, because
    mailers split multi-byte characters across words; unknown charsets fall back, never raise."""
    out: list[str] = []
    charset, pending, pos = "", b"", 0
    for match in _ENCODED_WORD.finditer(value):
        literal = value[pos : match.start()]
        word_charset = match[1].split("*")[0].lower()  # RFC 2231 language suffix: "utf-8*no"
        if (literal and not (charset and literal.isspace())) or word_charset != charset:
            out.append(_decode_text(pending, charset)[0] if charset else "")
            out.append("" if charset and literal.isspace() else literal)
            pending = b""
        charset, pending, pos = word_charset, pending + _word_bytes(match[2], match[3]), match.end()
    out.append(_decode_text(pending, charset)[0] if charset else "")
    out.append(value[pos:])
    return "".join(out)


def _word_bytes(encoding: str, payload: str) -> bytes:
    data = payload.encode("utf-8")
    if encoding in "qQ":
        return binascii.a2b_qp(data, header=True)
    data = re.sub(rb"[^A-Za-z0-9+/]", b"", data)
    data = data[: len(data) - 1] if len(data) % 4 == 1 else data  # one stray char cannot be decoded
    return binascii.a2b_base64(data + b"=" * (-len(data) % 4))


def _message_ids(values: list[str]) -> tuple[str, ...]:
    ids: list[str] = []
    for value in values:
        # Without brackets only tokens that look like ids: In-Reply-To sometimes holds prose.
        ids.extend(_MSG_ID.findall(value) or [t for t in value.split() if "@" in t])
    return tuple(filter(None, ("".join(_clean_line(i).split()) for i in ids)))


def _addresses(values: list[str]) -> list[tuple[str, str]]:
    """(addr-spec, decoded display name) for every well-formed address. Only the domain is
    lower-cased: a local part is the receiving server's to interpret (RFC 5321 2.4), so replies
    go to it as written; matching it to customers is case-insensitive elsewhere."""
    found = []
    for name, address in getaddresses(values):
        local, at, domain = address.strip().rpartition("@")
        address = f"{local}{at}{domain.lower()}"
        if _ADDRESS.fullmatch(address):
            found.append((address, _clean_line(_decode_words(name))))
    return found


def _date(values: list[str]) -> datetime | None:
    if not values:
        return None
    try:
        parsed = parsedate_to_datetime(values[0])
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    # "-0000" means UTC with the sender's zone unknown (RFC 5322 3.3): the instant is still UTC.
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# Charsets


@lru_cache(maxsize=64)
def _codec(charset: str) -> str | None:
    try:
        name = codecs.lookup(charset).name
    except (LookupError, ValueError, TypeError):
        return None
    # Mailers label Windows-1252 text (with € and curly quotes) as Latin-1; 1252 is a superset.
    return "cp1252" if name == "iso8859-1" else name


def _decode_text(data: bytes, charset: str | None) -> tuple[str, bool]:
    """Decode with the declared charset, else UTF-8, else Windows-1252; (text, declared worked)."""
    codec = _codec(charset) if charset else None
    if codec:
        try:
            return data.decode(codec), True
        except (UnicodeError, LookupError):
            pass
    return _decode_lenient(data), False


def _decode_lenient(data: bytes) -> str:
    return data.decode("utf-8", errors=_CP1252_FALLBACK)


def _cp1252_for_invalid_utf8(error: UnicodeError) -> tuple[str, int]:
    # Byte by byte rather than the whole text, because non-MIME mail often mixes a UTF-8 quote
    # with Latin-1 new text; Latin-1 letters almost never form valid UTF-8 sequences.
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


_CP1252_FALLBACK = "lytte-cp1252-fallback"
codecs.register_error(_CP1252_FALLBACK, _cp1252_for_invalid_utf8)


# Structure: which parts are the body, which are attachments


def _find_body(part: Message, depth: int = 0) -> dict[str, list[Message]]:
    """The text/plain and text/html parts a mail client would show as the message."""
    maintype, _, subtype = part.get_content_type().partition("/")
    if depth > _MAX_DEPTH or _is_attachment(part):
        return {}
    if not part.is_multipart():
        if maintype == "text" and subtype in ("plain", "html"):
            return {subtype: [part]}
        # A multipart without a usable boundary: its raw text beats showing nothing.
        return {"plain": [part]} if maintype == "multipart" else {}
    children = _subparts(part) if maintype == "multipart" else []
    if subtype == "alternative":
        found: dict[str, list[Message]] = {}
        for child in children:
            for kind, parts in _find_body(child, depth + 1).items():
                found.setdefault(kind, parts)
        return found
    if subtype == "related" and children:
        start = part.get_param("start")
        first = next((c for c in children if start and c.get("content-id") == start), children[0])
        return _find_body(first, depth + 1)
    found = {}
    for child in children:
        if not found:
            found = _find_body(child, depth + 1)
            continue
        kind = child.get_content_subtype()
        # Apple Mail splits one body into several text parts around inline images.
        if child.get_content_maintype() == "text" and kind in found and not _is_attachment(child):
            found[kind].append(child)
    return found


def _subparts(part: Message) -> list[Message]:
    payload = part.get_payload()
    return [p for p in payload if isinstance(p, Message)] if isinstance(payload, list) else []


def _is_attachment(part: Message) -> bool:
    return part.get_content_disposition() == "attachment" or _filename(part) is not None


def _is_body(part: Message, body: dict[str, list[Message]]) -> bool:
    return any(part is p for parts in body.values() for p in parts)


def _body_text(parts: list[Message]) -> tuple[str, list[str]]:
    texts, defects = [], []
    for part in parts:
        charset = part.get_content_charset()
        text, declared_worked = _decode_text(_payload(part), charset)
        if not declared_worked and (charset or not text.isascii()):
            defects.append(f"CharsetFallback: {_clean_line(charset or 'none', 40)}")
        texts.append(text)
    text = "\n".join(texts).replace("\r\n", "\n").replace("\r", "\n")
    return _BODY_CONTROL.sub("", text), defects


def _leaves(msg: Message) -> list[tuple[int, Message]]:
    """(msg.walk() position, part) of every leaf; an attached message counts as one leaf."""
    leaves: list[tuple[int, Message]] = []
    inside_attached: set[int] = set()
    for index, part in enumerate(msg.walk()):
        if id(part) in inside_attached:
            continue
        if part.get_content_maintype() == "message" and part.is_multipart():
            inside_attached.update(id(sub) for sub in part.walk() if sub is not part)
            leaves.append((index, part))
        elif not part.is_multipart() and part.get_content_maintype() != "multipart":
            leaves.append((index, part))  # (a multipart whose boundary is missing is no file)
    return leaves


def _payload(part: Message) -> bytes:
    if part.is_multipart():  # message/*: the attached message as it would be saved
        return b"".join(_message_bytes(sub) for sub in _subparts(part))
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _message_bytes(msg: Message) -> bytes:
    try:
        return msg.as_bytes(policy=_EML_POLICY)
    except UnicodeError:  # a broken RFC 2231 boundary decodes to U+FFFD, which bytes cannot hold
        return msg.as_string(policy=_EML_POLICY).encode("utf-8", "surrogateescape")


def _attachment(index: int, part: Message, cids: set[str]) -> tuple[ParsedAttachment, bytes]:
    content_type = part.get_content_type()
    if not _MIME_TYPE.fullmatch(content_type):  # it will be served back as a header one day
        content_type = "application/octet-stream"
    data = _payload(part)
    content_id = _clean_line(_raw_header(part, "content-id")).strip("<> ")
    referenced = bool(content_id) and content_id.lower() in cids
    attachment = ParsedAttachment(
        index=index,
        filename=_safe_filename(_filename(part) or "", index, content_type),
        content_type=content_type,
        size=len(data),
        content_id=content_id,
        inline=referenced or part.get_content_disposition() == "inline",
    )
    return attachment, data


def _referenced_cids(html: str) -> set[str]:
    return {unquote(cid).lower() for cid in _CID_REF.findall(html)}


def _filename(part: Message) -> str | None:
    """The name the sender gave the part, decoded ("" if unreadable), None if it has none."""
    try:
        name = part.get_filename()
    except (LookupError, UnicodeError, ValueError):  # RFC 2231 charsets like "utf-8\x00"
        return ""
    # Outlook and Gmail put RFC 2047 words in names, which RFC 2231 decoding leaves alone.
    return None if name is None else _decode_words(_fix_surrogates(_unfold(name)))


def _safe_filename(name: str, index: int, content_type: str) -> str:
    """A name safe to save anywhere: no path, no control or bidi-override characters."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in name)
    name = re.sub(r"\.{2,}", ".", " ".join(_UNSAFE_FILENAME_CHARS.sub("_", name).split()))
    name = name.strip(". ")
    if not name:
        return f"attachment-{index}.{_extension(content_type)}"
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 16:  # no extension worth keeping
        stem, dot, extension = name, "", ""
    return stem[: 150 - len(dot + extension)].rstrip(". ") + dot + extension


def _extension(content_type: str) -> str:
    guessed = _EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type)
    return guessed.lstrip(".") if guessed else "bin"


# Automatic mail and bounces


def _is_automatic(headers: dict[str, list[str]], from_address: str, content_type: str) -> bool:
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


def _bounce(msg: Message) -> Bounce | None:
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
                if _ADDRESS.fullmatch(address):
                    recipients.append(address)
                status = status or next(iter(block.get("status", "").split()), "")
                diagnostic = diagnostic or _clean_line(
                    _typed_value(block.get("diagnostic-code", ""))
                )
        elif content_type in ("text/rfc822-headers", "message/rfc822") and not original_id:
            attached = _subparts(part)
            original = attached[0] if attached else _PARSER.parsebytes(_payload(part), True)
            original_id = next(iter(_message_ids([_raw_header(original, "message-id")])), "")
    if not recipients:
        return None
    return Bounce(tuple(dict.fromkeys(recipients)), status, diagnostic, original_id)


def _status_blocks(part: Message) -> list[dict[str, str]]:
    """The per-message and per-recipient header blocks of a message/delivery-status part."""
    return [
        {k.lower(): _fix_surrogates(_unfold(str(v))) for k, v in block.raw_items()}
        for block in _subparts(part)
    ]


def _typed_value(value: str) -> str:
    """A DSN field without its type: "rfc822; kari@example.no" gives "kari@example.no"."""
    kind, semicolon, rest = value.partition(";")
    return rest if semicolon else kind
