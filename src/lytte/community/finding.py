"""One search box, one ranking (issue 16): the help centre's public articles and the community's
threads for a query, merged into one list.

The two sides score on different scales (articles by the knowledge search's BM25 in Python,
threads by the database: FTS5's bm25 on SQLite, ts_rank on PostgreSQL), so neither score is
compared with the other as it is. Each side is normalised per query: a result's relevance is
its score over the best score of its side (a solved thread's before its boost), 1.0 for the
best of each. Then the weights: a solved thread and an article count `SOLVED` (1.5) times, an
unsolved thread once, so an unsolved thread comes first only when it matches one and a half
times as well as they do. On equal scores an article comes before a thread, and each side keeps
its own order.
"""

from __future__ import annotations

from dataclasses import dataclass

from lytte.community.models import Thread
from lytte.community.search import MAX_QUERY, scored_threads
from lytte.community.search.backends import SOLVED
from lytte.knowledge.links import public_path
from lytte.knowledge.search import Audience, Hit, search_articles
from lytte.knowledge.search.analysis import LANGUAGES
from lytte.knowledge.search.query import Options, analyse

ARTICLE_WEIGHT = SOLVED  # a published article weighs as much as a solved thread
THREADS = 20
ARTICLES = 10
ARTICLE, THREAD = "article", "thread"


@dataclass(frozen=True)
class Found:
    """One result: an article (url, snippet) or a thread (thread, solved)."""

    kind: str
    title: str
    score: float
    url: str = ""
    snippet: str = ""
    thread: Thread | None = None

    @property
    def solved(self) -> bool:
        return self.thread is not None and self.thread.accepted_id is not None


def _normalised(scores: list[float]) -> list[float]:
    best = max(scores, default=0.0)
    if best <= 0:
        return [1.0 for _score in scores]
    return [max(score, 0.0) / best for score in scores]


def thread_results(found: list[tuple[Thread, float]]) -> list[Found]:
    """Threads with their database scores (solved ones boosted), normalised."""
    boosts = [SOLVED if thread.accepted_id is not None else 1.0 for thread, _score in found]
    relevance = _normalised(
        [score / boost for (_thread, score), boost in zip(found, boosts, strict=True)]
    )
    return [
        Found(kind=THREAD, title=thread.title, score=share * boost, thread=thread)
        for (thread, _score), share, boost in zip(found, relevance, boosts, strict=True)
    ]


def article_results(hits: list[Hit]) -> list[Found]:
    """Articles with their knowledge-search scores, normalised and weighted."""
    relevance = _normalised([hit.score for hit in hits])
    return [
        Found(
            kind=ARTICLE,
            title=hit.title,
            score=share * ARTICLE_WEIGHT,
            url=public_path(hit.language, hit.slug),
            snippet=hit.snippet,
        )
        for hit, share in zip(hits, relevance, strict=True)
    ]


def merged(articles: list[Found], threads: list[Found], limit: int) -> list[Found]:
    """Both sides in one list: by score, an article before a thread on equal scores, each
    side in its own order."""
    ordered = sorted(
        enumerate(articles + threads),
        key=lambda item: (-item[1].score, item[1].kind != ARTICLE, item[0]),
    )
    return [found for _position, found in ordered][:limit]


def search_everything(query: str, language: str, limit: int = THREADS) -> list[Found]:
    """Articles and threads for `query` in one list, best first (see the module's note)."""
    if not query.strip():
        return []
    # One analysis of the query for both (its typo corrections were half the page's analysis):
    # neither search changes it.
    analysed = analyse(query[:MAX_QUERY], language, Options()) if language in LANGUAGES else None
    hits = search_articles(
        query, language=language, audience=Audience.PUBLIC, limit=ARTICLES, analysed=analysed
    )
    threads = scored_threads(query, language=language, limit=THREADS, analysed=analysed)
    return merged(article_results(hits), thread_results(threads), limit)
