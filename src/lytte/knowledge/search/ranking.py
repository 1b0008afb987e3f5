"""From a query to hits: analyse it per language, rank on the database, then read the
winners' titles and cut their snippets."""

from __future__ import annotations

from enum import StrEnum

from lytte.knowledge.models import Translation
from lytte.knowledge.search import Audience, Hit, hybrid, vectors
from lytte.knowledge.search.analysis import LANGUAGES
from lytte.knowledge.search.backends import rank
from lytte.knowledge.search.models import SearchEntry
from lytte.knowledge.search.query import Options, Query, analyse
from lytte.knowledge.search.snippet import snippet

MAX_QUERY = 500  # characters read of a query; a pasted page is not a question


class Mode(StrEnum):
    """How to rank: AUTO is hybrid when it is on and embeddings are loaded, else full-text;
    the others are for the evaluation (`lytte knowledge evaluate --modes`)."""

    AUTO = "auto"
    FULL_TEXT = "full-text"
    VECTOR = "vector"
    HYBRID = "hybrid"
    HYBRID_RRF = "hybrid-rrf"


def ranked(
    text: str,
    *,
    language: str | None,
    audience: Audience,
    limit: int,
    prefix: bool = False,
    snippets: bool = True,
    options: Options | None = None,
    mode: Mode = Mode.AUTO,
    analysed: Query | None = None,
) -> list[Hit]:
    options = options or Options()
    text = text[:MAX_QUERY]
    limit = max(0, min(limit, 100))
    languages = [language] if language else list(LANGUAGES)
    scored: list[tuple[float, int, Query, str]] = []
    for code in languages:
        if code not in LANGUAGES or not limit:
            continue
        if analysed is not None and analysed.language == code and not prefix:
            query = analysed  # the caller's analysis of the same text (`search_articles`)
        else:
            query = analyse(text, code, options, prefix=prefix)
        found = _ranked_ids(text, query, audience, limit, options, mode if not prefix else None)
        scored += [(score, pk, query, code) for pk, score in found]
    scored.sort(key=lambda row: (-row[0], row[1]))
    scored = scored[:limit]
    # Without snippets (suggestions show titles) the bodies are not read.
    fields = ["article_id", "language", "slug", "title", *(["body"] if snippets else [])]
    rows = Translation.objects.only(*fields).in_bulk([pk for _score, pk, _q, _code in scored])
    return [
        Hit(
            pk,
            rows[pk].article_id,
            rows[pk].language,
            rows[pk].slug,
            rows[pk].title,
            score,
            _snippet(rows[pk].body, query, code) if snippets else "",
        )
        for score, pk, query, code in scored
        if pk in rows
    ]


def _ranked_ids(
    text: str, query: Query, audience: Audience, limit: int, options: Options, mode: Mode | None
) -> list[tuple[int, float]]:
    """Suggestions while typing (mode None) and FULL_TEXT rank by the full-text search alone."""
    public_only = audience is Audience.PUBLIC
    model = hybrid.embedder_name() if mode not in (None, Mode.FULL_TEXT) else None
    if model is None:
        return rank(query, public_only=public_only, limit=limit, parts=options.compounds)
    if mode is Mode.VECTOR:
        vector = hybrid.query_vector(model, text)
        found = vectors.nearest(vector, model, query.language, public_only=public_only, limit=limit)
    else:
        method = hybrid.RRF if mode is Mode.HYBRID_RRF else hybrid.MINMAX
        found = hybrid.ranked_ids(
            text,
            query,
            model,
            public_only=public_only,
            limit=limit,
            parts=options.compounds,
            method=method,
        )
    # Only what full-text search would show at all: the index's entries are the published
    # translations (a vector is removed after the commit that unpublished its translation).
    entries = SearchEntry.objects.filter(pk__in=[pk for pk, _score in found])
    shown = set(
        (entries.filter(public=True) if public_only else entries).values_list("pk", flat=True)
    )
    return [(pk, score) for pk, score in found if pk in shown]


def _snippet(body: str, query: Query, language: str) -> str:
    wanted = {term for group in query.groups if not group.prefix for term in group.terms}
    prefixes = [term for group in query.groups if group.prefix for term in group.terms]
    return snippet(body, wanted, language, prefixes)
