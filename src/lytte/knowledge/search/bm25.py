"""BM25 over the best candidates the database found, the same on both databases.

The database finds and orders candidates with its own index (FTS5's bm25, PostgreSQL's
ts_rank); the final order is Okapi BM25 computed here over the candidates' stored terms, with
a title word counting TITLE body words. Here because FTS5's bm25 gives a word in more than
half of a language's articles no weight at all (its idf goes negative and is floored), and a
help centre of 30 articles has many such words ("email", "order"), and because ts_rank knows
no rarity: one formula makes both databases rank alike.
"""

from __future__ import annotations

import math

from lytte.knowledge.search.index import stats
from lytte.knowledge.search.query import Group, Query

K1, B = 1.6, 0.75  # measured: docs/benchmarks.md
WEIGHTS = {"title": 5.0, "body": 1.0, "parts": 1.0}  # measured: docs/benchmarks.md
COVERAGE = 1.0  # an entry with half the query's words scores (1/2)**COVERAGE of its BM25
CANDIDATES = 50  # the database's best, re-ranked here


def _spaced(terms: str) -> str:
    """Stored terms with two spaces between them and one around, so " term " is found once per
    occurrence by str.count (with single spaces, neighbours "a a" share theirs)."""
    return " " + terms.replace(" ", "  ") + " "


def _needles(group: Group) -> tuple[str, ...]:
    """What counts one occurrence of the group in spaced terms: " term " for each term, or
    " prefix" for a word being typed (a prefix of another of its prefixes is enough)."""
    if not group.prefix:
        return tuple(f" {term} " for term in group.terms)
    kept = [p for p in group.terms if not any(p != q and p.startswith(q) for q in group.terms)]
    return tuple(f" {p}" for p in kept)


def rerank(
    query: Query, rows: list[tuple[int, str, str, str]], *, parts: bool
) -> list[tuple[int, float]]:
    """(translation id, BM25) of candidate rows (id, title, body and part terms), best first."""
    entries, mean = stats(query.language)
    entries = max(entries, len(rows))
    weights = (WEIGHTS["title"], WEIGHTS["body"], WEIGHTS["parts"] if parts else 0.0)
    groups = [
        (_needles(group), math.log(1 + (entries - df + 0.5) / (df + 0.5)))
        for group in query.groups
        for df in [min(group.documents, entries) if not group.prefix else 0]
    ]
    scored = []
    for pk, title, body, part in rows:
        columns = [
            (w, _spaced(text)) for w, text in zip(weights, (title, body, part), strict=True) if w
        ]
        norm = K1 * (1 - B + B * (len(title) + len(body) + len(part)) / mean)
        score, matched = 0.0, 0
        for needles, idf in groups:
            tf = sum(w * sum(text.count(n) for n in needles) for w, text in columns)
            if tf:
                score += idf * tf * (K1 + 1) / (tf + norm)
                matched += 1
        if score > 0:
            scored.append((pk, score * (matched / len(query.groups)) ** COVERAGE))
    scored.sort(key=lambda row: (-row[1], row[0]))
    return scored
