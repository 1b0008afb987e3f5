"""Text decoding that never raises: the declared charset, else UTF-8, else Windows-1252.

Nordic senders still mislabel or omit charsets, so a wrong label must degrade to readable text,
never to U+FFFD or an exception.
"""

from __future__ import annotations

import codecs
from functools import lru_cache


@lru_cache(maxsize=64)
def _codec(charset: str) -> str | None:
    try:
        name = codecs.lookup(charset).name
    except (LookupError, ValueError, TypeError):
        return None
    # Mailers label Windows-1252 text (with € and curly quotes) as Latin-1; 1252 is a superset.
    return "cp1252" if name == "iso8859-1" else name


def decode_text(data: bytes, charset: str | None) -> tuple[str, bool]:
    """Decode with the declared charset, else UTF-8, else Windows-1252; (text, declared worked)."""
    codec = _codec(charset) if charset else None
    if codec:
        try:
            return data.decode(codec), True
        except (UnicodeError, LookupError):
            pass
    return decode_lenient(data), False


def decode_lenient(data: bytes) -> str:
    return data.decode("utf-8", errors=_CP1252_FALLBACK)


def _cp1252_for_invalid_utf8(error: UnicodeError) -> tuple[str, int]:
    # Byte by byte rather than the whole text, because non-MIME mail often mixes a UTF-8 quote
    # with Latin-1 new text; Latin-1 letters almost never form valid UTF-8 sequences.
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


_CP1252_FALLBACK = "lytte-cp1252-fallback"
codecs.register_error(_CP1252_FALLBACK, _cp1252_for_invalid_utf8)
