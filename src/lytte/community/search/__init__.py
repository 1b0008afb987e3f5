"""Thread search (issue 16, decision 37): the community's threads in the knowledge base's
Nordic search. The same analysis (lytte.knowledge.search: folding, Snowball stems, compound
parts, typo corrections and synonyms from the help centre's vocabulary) makes the threads'
entries and the queries; FTS5 on SQLite and a GIN-indexed tsvector on PostgreSQL rank them,
solved threads higher. `search_threads` is the one selector; `changed` keeps the index."""

from __future__ import annotations

from lytte.community.models import Thread
from lytte.community.search.index import changed, reindex_all, reindex_thread
from lytte.knowledge.search.analysis import LANGUAGES
from lytte.knowledge.search.query import Options, Query, analyse

MAX_QUERY = 500
CANDIDATES = 50  # full-text candidates fused with the vectors' when hybrid search is on


def search_threads(
    text: str, *, language: str, solved_only: bool = False, limit: int = 10
) -> list[Thread]:
    """The best listed threads of `language` for `text`, best first (solved ones higher)."""
    return [
        thread
        for thread, _score in scored_threads(
            text, language=language, solved_only=solved_only, limit=limit
        )
    ]


def scored_threads(
    text: str,
    *,
    language: str,
    solved_only: bool = False,
    limit: int = 10,
    analysed: Query | None = None,
) -> list[tuple[Thread, float]]:
    """`search_threads` with each thread's score (a solved one's multiplied by `SOLVED`). The
    scale is the database's own (FTS5's bm25 or PostgreSQL's ts_rank): only their order and
    ratios mean anything."""
    from lytte.community.search.backends import rank

    if language not in LANGUAGES or not text.strip():
        return []
    from lytte.community.search.vectors import fused

    query = analysed if analysed is not None else analyse(text[:MAX_QUERY], language, Options())
    limit = max(0, min(limit, 100))
    found = rank(query, solved_only=solved_only, limit=max(limit, CANDIDATES))
    found = (fused(text[:MAX_QUERY], language, found, solved_only=solved_only) or found)[:limit]
    threads = Thread.objects.filter(listed=True).in_bulk([pk for pk, _score in found])
    return [(threads[pk], score) for pk, score in found if pk in threads]


__all__ = ["changed", "reindex_all", "reindex_thread", "scored_threads", "search_threads"]
