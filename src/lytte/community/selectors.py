"""What the community's pages read: categories in a language, a category's threads, one
thread's posts (accepted answer first), and similar solved threads and articles for a new
question, and the article an accepted answer became."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from lytte.audit.models import AuditEvent
from lytte.community.images.models import PostImage
from lytte.community.models import (
    Category,
    Flag,
    FlagReason,
    Member,
    Post,
    PostState,
    Promotion,
    SameProblem,
    Thread,
    Vote,
)
from lytte.community.search import search_threads
from lytte.knowledge.links import public_path
from lytte.knowledge.models import State, Translation, Visibility
from lytte.knowledge.search import Audience, search_articles

THREADS_PER_PAGE = 30
SIMILAR = 5


def categories(language: str) -> QuerySet[Category]:
    """The categories shown in `language`, with how many threads each has in it: counted in
    the listed threads' index (`community_thread_listed`), one category at a time (a join of
    every thread took 120 ms at 100,000 threads). `count(*)`, not of the key: the index has no
    key, so counting keys read every thread's row (PostgreSQL: 19 ms against 3 ms)."""
    listed = (
        Thread.objects.filter(category=OuterRef("pk"), language=language, listed=True)
        .order_by()
        .values("category")
        .annotate(count=Count("*"))
        .values("count")
    )
    return (
        Category.objects.filter(Q(language="") | Q(language=language))
        .annotate(thread_count=Coalesce(Subquery(listed, output_field=IntegerField()), 0))
        .order_by("position", "name")
    )


def category_in(language: str, slug: str) -> Category | None:
    """The category, if it is shown in `language` (no thread count: its page counts none)."""
    return Category.objects.filter(Q(language="") | Q(language=language)).filter(slug=slug).first()


def _counted(rows: QuerySet[Any]) -> Coalesce:
    """A count per listed thread as a correlated subquery: computed for the page's rows only,
    after the index on (category, language, last activity) has picked them, not for every
    thread of the category as a join and GROUP BY would."""
    counted = rows.order_by().values("thread_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def threads(category: Category, language: str) -> QuerySet[Thread]:
    """The category's threads in `language`, latest activity first, with their counts."""
    replies = Post.objects.filter(thread=OuterRef("pk"), opening=False, state=PostState.VISIBLE)
    return (
        Thread.objects.filter(category=category, language=language, listed=True)
        .select_related("author")
        .annotate(
            reply_count=_counted(replies),
            same_count=_counted(SameProblem.objects.filter(thread=OuterRef("pk"))),
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


def merged_into(thread_id: int) -> Thread | None:
    """The thread a merged thread's posts went to (merges repoint older ones: no chains)."""
    target_id = (
        Thread.objects.filter(pk=thread_id, merged_into__isnull=False)
        .values_list("merged_into_id", flat=True)
        .first()
    )
    if target_id is None:
        return None
    return Thread.objects.only("pk", "language").filter(pk=target_id).first()


def _shown_rows(thread: Thread, member: Member | None, moderator: bool) -> QuerySet[Post]:
    """The thread's posts a visitor may see listed: held ones for their author and moderators
    only; hidden ones for all (the page shows their text to moderators only)."""
    rows = Post.objects.filter(thread=thread)
    if not moderator:
        mine = Q(author=member) if member is not None else Q(pk__in=[])
        rows = rows.exclude(Q(state=PostState.HELD) & ~mine)
    return rows


@dataclass(frozen=True)
class PostOrder:
    opening: int | None
    replies: list[int]
    public_replies: int  # visible and not erased, as search engines are told (QAPage)


def order(thread: Thread, member: Member | None, *, moderator: bool = False) -> PostOrder:
    """The thread's posts in the page's order, as ids, read without building the posts: the
    opening post, then the replies: the pinned official answer, the accepted answer, then
    oldest first. A thread of 500 replies shows 50 of them a page; building every post took
    most of its page's time (bench/community.py)."""
    rows = _shown_rows(thread, member, moderator).order_by("created_at", "pk")
    opening: int | None = None
    replies: list[int] = []
    public = 0
    for pk, is_opening, state, erased_at in rows.values_list("pk", "opening", "state", "erased_at"):
        if is_opening:
            opening = pk
            continue
        replies.append(pk)
        public += state == PostState.VISIBLE and erased_at is None
    # The official answer, then the accepted one, then the rest in order (the sort is stable).
    replies.sort(key=lambda pk: (pk != thread.pinned_id, pk != thread.accepted_id))
    return PostOrder(opening, replies, public)


def posts_by_id(
    thread: Thread, ids: list[int], member: Member | None, *, moderator: bool = False
) -> dict[int, Post]:
    """Those of the posts `ids` the visitor may see, each with `vote_count` and `voted`
    (whether `member` voted for it)."""
    rows = _shown_rows(thread, member, moderator).filter(pk__in=ids)
    rows = rows.select_related("author", "staff").annotate(vote_count=Count("votes"))
    if member is not None:
        rows = rows.annotate(voted=Exists(Vote.objects.filter(post=OuterRef("pk"), member=member)))
    return {post.pk: post for post in rows}


def posts(
    thread: Thread, member: Member | None, *, moderator: bool = False
) -> tuple[Post | None, list[Post]]:
    """The opening post and every reply in the page's order (`order`), built."""
    found = order(thread, member, moderator=moderator)
    ids = [*([found.opening] if found.opening else []), *found.replies]
    built = posts_by_id(thread, ids, member, moderator=moderator)
    opening = built.get(found.opening) if found.opening else None
    return opening, [built[pk] for pk in found.replies if pk in built]


def same_problem_by(thread: Thread, member: Member | None) -> bool:
    return member is not None and SameProblem.objects.filter(thread=thread, member=member).exists()


def similar_threads(text: str, language: str, limit: int = SIMILAR) -> list[Thread]:
    """Solved threads most like `text`, by the threads' search (the knowledge base's Nordic
    analysis: stems, compounds, typos; `lytte.community.search`)."""
    return search_threads(text, language=language, solved_only=True, limit=limit)


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


MODERATION_LOG = 50


def held_posts(limit: int = 100) -> list[Post]:
    """Posts waiting for a moderator, oldest first, each with its `review_images`."""
    return with_images(
        list(
            Post.objects.filter(state=PostState.HELD)
            .select_related("thread", "author")
            .order_by("created_at", "pk")[:limit]
        )
    )


def with_images(posts: list[Post]) -> list[Post]:
    """Each post with its images (`review_images`, without their bytes), for moderators, who
    read the raw text and need to see what an image shows (decision 53)."""
    found: dict[int, list[PostImage]] = {}
    images = PostImage.objects.filter(post_id__in=[post.pk for post in posts]).defer("content")
    for image in images.order_by("pk"):
        found.setdefault(image.post_id, []).append(image)
    for post in posts:
        post.review_images = found.get(post.pk, [])  # type: ignore[attr-defined]
    return posts


def flagged_posts(limit: int = 100) -> list[Post]:
    """Posts with open flags, most flagged first; each with `flag_count` and its open `flags`."""
    open_flags: dict[int, list[Flag]] = {}
    for item in (
        Flag.objects.filter(resolved_at__isnull=True).select_related("member").order_by("pk")
    ):
        open_flags.setdefault(item.post_id, []).append(item)
    chosen = sorted(open_flags, key=lambda pk: (-len(open_flags[pk]), pk))[:limit]
    posts = Post.objects.select_related("thread", "author", "staff").in_bulk(chosen)
    rows = []
    for pk in chosen:
        post = posts[pk]
        post.open_flags = open_flags[pk]  # type: ignore[attr-defined]
        post.flag_count = len(open_flags[pk])  # type: ignore[attr-defined]
        rows.append(post)
    return with_images(rows)


def suspended_members(now: datetime) -> QuerySet[Member]:
    return Member.objects.filter(suspended_until__gt=now).order_by("suspended_until")


def moderation_log(limit: int = MODERATION_LOG) -> list[AuditEvent]:
    """The newest moderation actions and flags, from the audit trail."""
    events = list(
        AuditEvent.objects.filter(action__in=list(MODERATION_ACTIONS))
        .select_related("actor")
        .order_by("-created_at", "-pk")[:limit]
    )
    for event in events:
        event.label = MODERATION_ACTIONS[event.action]  # type: ignore[attr-defined]
        reason = str(event.data.get("reason", ""))
        if event.action == "community.flagged" and reason in FlagReason.values:
            reason = str(FlagReason(reason).label)
        event.detail = reason  # type: ignore[attr-defined]
    return events


MODERATION_ACTIONS = {
    "community.flagged": _("reported a post"),
    "community.flags_dismissed": _("dismissed the reports of a post"),
    "community.post_approved": _("approved a held post"),
    "community.post_hidden": _("hid a post"),
    "community.post_unhidden": _("showed a hidden post again"),
    "community.thread_locked": _("locked a thread"),
    "community.thread_unlocked": _("unlocked a thread"),
    "community.thread_moved": _("moved a thread"),
    "community.thread_merged": _("merged a thread into another"),
    "community.thread_split": _("split replies into a new thread"),
    "community.member_suspended": _("suspended a member"),
    "community.suspension_lifted": _("lifted a suspension"),
}


@dataclass(frozen=True)
class Promoted:
    """What a thread page shows of the article its answer became: the published text in the
    thread's language (for everyone), and the article for staff who read the knowledge base."""

    promotion: Promotion
    published: Translation | None
    for_staff: bool


def promoted(thread: Thread, staff: Any) -> Promoted | None:
    promotion = (
        Promotion.objects.select_related("article", "credited").filter(thread=thread).first()
    )
    if promotion is None:
        return None
    published = (
        Translation.objects.filter(
            article=promotion.article,
            language=thread.language,
            state=State.PUBLISHED,
            article__visibility=Visibility.PUBLIC,
        )
        .only("title", "slug", "language")
        .first()
    )
    for_staff = bool(staff is not None and staff.has_perm("knowledge.view_article"))
    if published is None and not for_staff:
        return None
    return Promoted(promotion=promotion, published=published, for_staff=for_staff)
