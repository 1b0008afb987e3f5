"""Keyword rules: suggestions for reasons the model cannot suggest yet (too little history)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from lytte.insights.classifier import normalise

WORD = re.compile(r"\w+")


def keyword_scores(text: str, rules: Iterable[tuple[str, list[str]]]) -> dict[str, float]:
    """Reason code → score for the rules (code, words) that match `text`. A word matches the
    start of a word in the text, a phrase its words in order; more matches, more certain, but a
    rule is never as sure as a model that has seen the organization's own history."""
    words = WORD.findall(normalise(text))
    if not words:
        return {}
    joined = " " + " ".join(words)
    scores: dict[str, float] = {}
    for code, keywords in rules:
        hits = sum(1 for keyword in keywords if _matches(joined, keyword))
        if hits:
            scores[code] = max(scores.get(code, 0.0), min(0.3 + 0.15 * hits, 0.75))
    return scores


def _matches(joined: str, keyword: str) -> bool:
    phrase = " ".join(WORD.findall(normalise(keyword)))
    return bool(phrase) and f" {phrase}" in joined
