"""The plain text shown under a search result: a stretch of the body around the words that
matched best, without Markdown."""

from __future__ import annotations

import re

from lytte.knowledge.search.analysis import plain_text, terms

LENGTH = 180
_MARKUP = re.compile(r"[#*_`>|\[\]]+|^\s*[-+]\s+|^\s*\d+\.\s+", re.MULTILINE)
_WORD = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s+")


def snippet(body: str, wanted: set[str], language: str) -> str:
    """About LENGTH characters of `body` as plain text, starting a little before the window
    with most of the `wanted` terms (or the beginning, if none is there)."""
    text = _SPACE.sub(" ", _MARKUP.sub(" ", plain_text(body))).strip()
    hits = [
        m.start()
        for m in _WORD.finditer(text)
        if terms(m.group().casefold(), language) & wanted
        or any(m.group().casefold().startswith(w) for w in wanted if len(w) >= 3)
    ]
    start = 0
    if hits:
        best = max(hits, key=lambda at: sum(at <= h < at + LENGTH for h in hits))
        start = max(0, best - 40)
        if start:
            start = text.find(" ", start) + 1 or start
    piece = text[start : start + LENGTH]
    if start + LENGTH < len(text):
        piece = piece.rsplit(" ", 1)[0] + " …"
    return ("… " if start else "") + piece
