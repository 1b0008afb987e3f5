"""Knowledge search: one selector for the help centre, the desk, the API and the CLI.

`search_articles` ranks the published translations a reader may see for a query in one
language. `reindex` keeps what search reads in step with a translation; the knowledge
services call it after every change of a translation's text or state; `reindex_all`
rebuilds everything from the translations.

How (decision 30): each language's words are folded (æøåäö), stemmed with Snowball, cut
into their compound parts against the index's vocabulary, and corrected for typos against
it; the analysed terms go to FTS5 on SQLite and a GIN-indexed tsvector on PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from lytte.knowledge.search.analysis import LANGUAGES

if TYPE_CHECKING:
    from lytte.knowledge.search.query import Query


class Audience(StrEnum):
    PUBLIC = "public"  # customers and anyone: published, public articles
    STAFF = "staff"  # agents: published articles, public and internal


@dataclass(frozen=True)
class Hit:
    translation_id: int
    article_id: int
    language: str
    slug: str
    title: str
    score: float
    snippet: str  # plain text around the best match, no markup


def search_articles(
    query: str,
    *,
    language: str | None,
    audience: Audience,
    limit: int = 10,
    analysed: Query | None = None,
) -> list[Hit]:
    """The best `limit` translations for `query`, best first; `language` None searches all.
    `analysed`: the query already analysed in its language (`analyse(query, language,
    Options())`), by a caller that searches threads with it too."""
    from lytte.knowledge.search.ranking import ranked

    return ranked(query, language=language, audience=audience, limit=limit, analysed=analysed)


def suggest(prefix: str, *, language: str, audience: Audience, limit: int = 5) -> list[Hit]:
    """Titles for a search box while the reader types `prefix` (the last word may be partial);
    their `snippet` is empty: a search box shows titles."""
    from lytte.knowledge.search.ranking import ranked

    return ranked(
        prefix, language=language, audience=audience, limit=limit, prefix=True, snippets=False
    )


def similar_translations(translation_id: int, *, audience: Audience, limit: int = 3) -> list[int]:
    """Ids of the published translations most like this one in meaning (its language, best
    first), by the articles' sentence embeddings (decision 54); empty when hybrid search is off
    or the embeddings are not loaded."""
    from lytte.knowledge.search import vectors

    return vectors.neighbours(
        translation_id, public_only=audience is Audience.PUBLIC, limit=max(0, min(limit, 20))
    )


def reindex(translation_id: int) -> None:
    """Bring the search index up to date with this translation (or drop it, if gone)."""
    from lytte.knowledge.search import index

    index.reindex(translation_id)


def reindex_all() -> int:
    """Rebuild the whole index from the published translations; how many it indexed."""
    from lytte.knowledge.search import index

    return index.reindex_all()


__all__ = [
    "LANGUAGES",
    "Audience",
    "Hit",
    "reindex",
    "reindex_all",
    "search_articles",
    "similar_translations",
    "suggest",
]
