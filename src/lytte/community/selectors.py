"""What the community's pages read: categories in a language, a category's threads, one
thread's posts (accepted answer first), and similar solved threads and articles for a new
question."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from lytte.community.models import Category, Member, Post, SameProblem, Thread, Vote
from lytte.knowledge.links import public_path
from lytte.knowledge.search import Audience, search_articles
from lytte.knowledge.search.analysis import stem, words
from lytte.knowledge.search.stopwords import STOPWORDS

THREADS_PER_PAGE = 30
SIMILAR_CANDIDATES = 500  # the newest solved threads compared with a new question
SIMILAR = 5


def categories(language: str) -> QuerySet[Category]:
    """The categories shown in `language`, with how many threads each has in it."""
    return (
        Category.objects.filter(Q(language="") | Q(language=language))
        .annotate(thread_count=Count("threads", filter=Q(threads__language=language)))
        .order_by("position", "name")
    )


def category_in(language: str, slug: str) -> Category | None:
    return categories(language).filter(slug=slug).first()


def threads(category: Category, language: str) -> QuerySet[Thread]:
    """The category's threads in `language`, latest activity first, with their counts."""
    return (
        Thread.objects.filter(category=category, language=language)
        .select_related("author")
        .annotate(
            reply_count=Count("posts", filter=Q(posts__opening=False), distinct=True),
            same_count=Count("same_problems", distinct=True),
        )
        .order_by("-last_activity_at", "-pk")
    )


def thread(thread_id: int) -> Thread | None:
    return (
        Thread.objects.select_related("category", "author", "accepted")
        .annotate(same_count=Count("same_problems", distinct=True))
        .filter(pk=thread_id)
        .first()
    )


def posts(thread: Thread, member: Member | None) -> tuple[Post | None, list[Post]]:
    """The opening post, and the replies: the accepted answer first, then oldest first. Each
    reply has `vote_count` and `voted` (whether `member` voted for it)."""
    rows = (
        Post.objects.filter(thread=thread)
        .select_related("author", "staff")
        .annotate(vote_count=Count("votes"))
    )
    if member is not None:
        rows = rows.annotate(voted=Exists(Vote.objects.filter(post=OuterRef("pk"), member=member)))
    opening: Post | None = None
    replies: list[Post] = []
    for post in rows.order_by("created_at", "pk"):
        if post.opening:
            opening = post
        else:
            replies.append(post)
    replies.sort(key=lambda post: post.pk != thread.accepted_id)  # stable: the rest keep order
    return opening, replies


def same_problem_by(thread: Thread, member: Member | None) -> bool:
    return member is not None and SameProblem.objects.filter(thread=thread, member=member).exists()


def _stems(text: str, language: str) -> set[str]:
    stop = STOPWORDS.get(language, frozenset())
    return {stem(word, language) for word in words(text) if word not in stop and len(word) > 2}


def similar_threads(text: str, language: str, limit: int = SIMILAR) -> list[Thread]:
    """Solved threads whose titles share the most words (by stem) with `text`: compared with
    the newest SIMILAR_CANDIDATES solved threads of the language. The threads' own index in the
    knowledge search is issue 16's search work."""
    asked = _stems(text, language)
    if not asked:
        return []
    candidates = (
        Thread.objects.filter(language=language, accepted__isnull=False)
        .exclude(title="")
        .order_by("-last_activity_at")[:SIMILAR_CANDIDATES]
    )
    scored = []
    for candidate in candidates.only("pk", "title", "language", "accepted_id"):
        shared = len(asked & _stems(candidate.title, language))
        if shared:
            scored.append((shared, candidate.pk, candidate))
    scored.sort(key=lambda row: (-row[0], -row[1]))
    return [row[2] for row in scored[:limit]]


@dataclass(frozen=True)
class ArticleLink:
    title: str
    url: str
    snippet: str


def similar_articles(text: str, language: str, limit: int = 3) -> list[ArticleLink]:
    """The help centre's best public articles for `text` (the knowledge search, decision 30)."""
    if not text.strip():
        return []
    hits = search_articles(text, language=language, audience=Audience.PUBLIC, limit=limit)
    return [
        ArticleLink(hit.title, public_path(hit.language, hit.slug), hit.snippet) for hit in hits
    ]
