"""Folding quoted earlier mail out of a reply, so the desk shows what is new in it.

Heuristic by necessity: clients mark quotes with ">" lines, an Outlook header block or a
"<date> ... wrote:" attribution, in the sender's language (Nordic and German included). Wrongly
cutting new text is worse than showing a quote, so unmarked quotes are only trusted after a
dated attribution, and an inline reply (text between the quoted lines) counts as all new.
"""

from __future__ import annotations

import re

_OUTLOOK_SEPARATOR = re.compile(
    r"\s*-{2,}\s*(original message|opprinnelig melding|oprindelig meddelelse"
    r"|ursprungligt meddelande|alkuperäinen viesti|ursprüngliche nachricht)\s*-{2,}\s*",
    re.IGNORECASE,
)
_OUTLOOK_FROM = re.compile(r"\s*\*?(from|fra|från|lähettäjä|von)\s*:", re.IGNORECASE)
_OUTLOOK_SENT = re.compile(r"\s*\*?(sent|sendt|skickat|lähetetty|gesendet)\s*:", re.IGNORECASE)
_RULE = re.compile(r"\s*(_{5,}|-{5,})\s*")  # Outlook's line above its header block
_ATTRIBUTION = re.compile(
    r"(?P<lead>.*?)\b(wrote|skrev|kirjoitti|schrieb)\b(?:[^:]|mailto:){0,200}:\s*", re.IGNORECASE
)
_TIME = re.compile(r"\d{1,2}[:.]\d{2}")
_ATTRIBUTION_LIMIT = 300


def split_quoted(text: str) -> tuple[str, str]:
    """(new text, trailing quote of earlier mail); ("", text) when it is all quote."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts = [
        s for s in (_leading_quote_start(lines), _trailing_quote_start(lines)) if s is not None
    ]
    if not starts:
        return "\n".join(lines).rstrip(), ""
    cut = min(starts)
    new = "\n".join(lines[:cut]).rstrip()
    return (new, "\n".join(lines[cut:])) if new else ("", text)


def _is_quote(line: str) -> bool:
    return line.lstrip().startswith(">")


def _leading_quote_start(lines: list[str]) -> int | None:
    """The first Outlook block, or attribution followed only by the quote it introduces."""
    # Where the last plain and last ">" lines are says what follows any line, in constant time.
    last_plain = max((n for n, x in enumerate(lines) if x.strip() and not _is_quote(x)), default=-1)
    last_quote = max((n for n, x in enumerate(lines) if _is_quote(x)), default=-1)
    for i, line in enumerate(lines):
        if not line.strip() or _is_quote(line):
            continue
        if _OUTLOOK_SEPARATOR.fullmatch(line):
            return i
        if _OUTLOOK_FROM.match(line) and any(_OUTLOOK_SENT.match(n) for n in lines[i + 1 : i + 3]):
            above = i - 1
            while above >= 0 and not lines[above].strip():
                above -= 1
            return above if above >= 0 and _RULE.fullmatch(lines[above]) else i
        span = _attribution_span(lines, i)
        if not span:
            continue
        rest = i + span
        if rest <= last_quote:
            if rest > last_plain:  # only ">" lines follow; else an inline reply: all new text
                return i
        elif rest <= last_plain and _is_dated(" ".join(lines[i:rest])):
            return i
    return None


def _is_dated(attribution: str) -> bool:
    # An unmarked quote (Outlook, HTML) is only trusted after a real "<date> <time> ... wrote:".
    match = _ATTRIBUTION.fullmatch(attribution.strip())
    return bool(match and _TIME.search(match["lead"]))


def _attribution_span(lines: list[str], i: int) -> int:
    """How many lines (1 or 2) the attribution starting at line i takes, 0 if none starts there."""
    wrapped = lines[i : i + 2]
    if any(len(line) > _ATTRIBUTION_LIMIT for line in wrapped):  # bounds the regex's backtracking
        return 0
    if _ATTRIBUTION.fullmatch(lines[i].strip()):
        return 1
    if (
        len(wrapped) == 2
        and wrapped[1].strip()
        and not _is_quote(wrapped[1])
        and any(c.isdigit() for c in wrapped[0])  # a wrapped attribution starts with its date
        and _ATTRIBUTION.fullmatch(" ".join(line.strip() for line in wrapped))
    ):
        return 2
    return 0


def _trailing_quote_start(lines: list[str]) -> int | None:
    """Start of the run of ">" lines ending the text, with the attribution above it."""
    i = len(lines) - 1
    while i >= 0 and not lines[i].strip():
        i -= 1
    if i < 0 or not _is_quote(lines[i]):
        return None
    start = i
    while i >= 0 and (not lines[i].strip() or _is_quote(lines[i])):
        start = i if lines[i].strip() else start
        i -= 1
    if i >= 1 and _attribution_span(lines, i - 1) == 2:
        return i - 1
    return i if i >= 0 and _attribution_span(lines, i) == 1 else start
