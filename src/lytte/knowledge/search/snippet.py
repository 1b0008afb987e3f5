"""The plain text shown under a search result: a stretch of the body around the words that
matched best, without Markdown."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache

from lytte.knowledge.search.analysis import fold, plain_text, terms

LENGTH = 180
READ = 4000  # characters of the body looked through
_MARKUP = re.compile(r"[#>|\[\]]+|^\s*[-+*]\s+|^\s*\d+\.\s+", re.MULTILINE)
_EMPHASIS = re.compile(r"[*_`]+")  # **bold**, _italic_, `code`: the text stays where it was
_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?)])")
_WORD = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=2048)
def _prepared(body: str) -> tuple[str, dict[str, list[int]]]:
    """A body's first READ characters (the caller cuts them) as plain text, and where each of
    its words is (lower case). Kept for the articles shown most: a snippet is cut for every
    result."""
    text = _MARKUP.sub(" ", plain_text(body))
    text = _SPACE.sub(" ", _EMPHASIS.sub("", text))
    text = _BEFORE_PUNCTUATION.sub(r"\1", text).strip()
    places: dict[str, list[int]] = {}
    for match in _WORD.finditer(text):
        places.setdefault(match.group().casefold(), []).append(match.start())
    return text, places


def snippet(body: str, wanted: set[str], language: str, prefixes: Iterable[str] = ()) -> str:
    """About LENGTH characters of `body` as plain text, starting a little before the window
    with most of the `wanted` terms or words beginning with `prefixes` (or the beginning)."""
    text, places = _prepared(body[:READ])
    starts = tuple(p for p in prefixes if len(p) >= 2)
    hits = sorted(
        at
        for word, found in places.items()
        if terms(word, language) & wanted or (starts and fold(word).startswith(starts))
        for at in found
    )
    start = 0
    if hits:
        best = max(hits, key=lambda at: bisect_left(hits, at + LENGTH) - bisect_left(hits, at))
        start = max(0, best - 40)
        if start:
            start = text.find(" ", start) + 1 or start
    piece = text[start : start + LENGTH]
    if start + LENGTH < len(text):
        piece = piece.rsplit(" ", 1)[0] + " …"
    return ("… " if start else "") + piece
