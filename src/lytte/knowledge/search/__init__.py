"""Knowledge search: one selector for the help centre, the desk, the API and the CLI.

`search_articles` ranks the published translations a reader may see for a query in one
language. `reindex` keeps what search reads in step with a translation; the knowledge
services call it after every change of a translation's text or state.

(Contract; the Nordic analysis and the database indexes behind it live in this package.)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q

from lytte.knowledge.models import State, Translation, Visibility


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
    query: str, *, language: str | None, audience: Audience, limit: int = 10
) -> list[Hit]:
    """The best `limit` translations for `query`, best first; `language` None searches all."""
    words = query.split()
    if not words:
        return []
    rows = Translation.objects.filter(state=State.PUBLISHED)
    if audience is Audience.PUBLIC:
        rows = rows.filter(article__visibility=Visibility.PUBLIC)
    if language:
        rows = rows.filter(language=language)
    for word in words:
        rows = rows.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return [
        Hit(t.pk, t.article_id, t.language, t.slug, t.title, 1.0, t.body[:160])
        for t in rows.order_by("pk")[:limit]
    ]


def reindex(translation_id: int) -> None:
    """Bring the search index up to date with this translation (or drop it, if gone)."""


def suggest(prefix: str, *, language: str, audience: Audience, limit: int = 5) -> list[Hit]:
    """Titles for a search box while the reader types `prefix` (the last word may be partial)."""
    return search_articles(prefix, language=language, audience=audience, limit=limit)
