"""Attachments as the desk lists and serves them: a safe name, a sane type, inline or not."""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from email.message import Message
from urllib.parse import unquote

from lytte.mail.parsing.headers import clean_line, raw_header
from lytte.mail.parsing.structure import filename, payload
from lytte.mail.parsing.types import ParsedAttachment

_CID_REF = re.compile(r"""cid:([^"'\s>)]+)""", re.IGNORECASE)
_UNSAFE_FILENAME_CHARS = re.compile(r'[<>:"|?*]')
_MIME_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")
_EXTENSIONS = {"message/delivery-status": "txt", "text/rfc822-headers": "txt", "text/plain": "txt"}


def attachment(index: int, part: Message, cids: set[str]) -> tuple[ParsedAttachment, bytes]:
    content_type = part.get_content_type()
    if not _MIME_TYPE.fullmatch(content_type):  # it will be served back as a header one day
        content_type = "application/octet-stream"
    data = payload(part)
    content_id = clean_line(raw_header(part, "content-id")).strip("<> ")
    referenced = bool(content_id) and content_id.lower() in cids
    parsed = ParsedAttachment(
        index=index,
        filename=_safe_filename(filename(part) or "", index, content_type),
        content_type=content_type,
        size=len(data),
        content_id=content_id,
        inline=referenced or part.get_content_disposition() == "inline",
    )
    return parsed, data


def referenced_cids(html: str) -> set[str]:
    return {unquote(cid).lower() for cid in _CID_REF.findall(html)}


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
