"""The community's figures for /insights/community/ (issue 16): reads only, over the community's
rows, each one or two queries on indexed columns whatever the forum's size (medians are taken
in the database by ordering and an offset, never by loading every thread).

Questions are the threads of kind "question" asked in the period (in the language, when one is
chosen) that were not merged into another thread. Names: members' display names only; a
former member (erased) is never listed as a helper."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils.translation import gettext as _

from lytte.cases.models import ContactReason
from lytte.community.models import Category, Member, Post, PostState, Thread, ThreadKind
from lytte.insights.gaps import GapFilters

TOP_HELPERS = 10


def questions(filters: GapFilters) -> QuerySet[Thread]:
    start, end = filters.bounds
    found = Thread.objects.filter(
        kind=ThreadKind.QUESTION,
        created_at__gte=start,
        created_at__lt=end,
        merged_into__isnull=True,
    )
    return found.filter(language=filters.language) if filters.language else found


def _posts(filters: GapFilters) -> QuerySet[Post]:
    start, end = filters.bounds
    found = Post.objects.filter(created_at__gte=start, created_at__lt=end)
    return found.filter(thread__language=filters.language) if filters.language else found


def active_members(filters: GapFilters) -> int:
    """Members who wrote a question or reply in the period (held or hidden posts count too:
    they took part)."""
    return _posts(filters).filter(author__isnull=False).values("author_id").distinct().count()


def by_reason(filters: GapFilters) -> list[dict[str, Any]]:
    """Questions per contact reason: an escalated question by its case's reason, the others
    (and escalated ones nobody gave a reason yet) by their category. Most first."""
    rows = (
        questions(filters)
        .values("escalated_case__reason_id", "category_id")
        .annotate(count=Count("pk"))
    )
    reasons: dict[int, int] = {}
    categories: dict[int, int] = {}
    for row in rows:
        reason = row["escalated_case__reason_id"]
        if reason is not None:
            reasons[reason] = reasons.get(reason, 0) + row["count"]
        else:
            categories[row["category_id"]] = categories.get(row["category_id"], 0) + row["count"]
    found = [
        {"label": str(item), "kind": "reason", "questions": reasons[item.pk]}
        for item in ContactReason.objects.filter(pk__in=list(reasons))
    ] + [
        {"label": str(item), "kind": "category", "questions": categories[item.pk]}
        for item in Category.objects.filter(pk__in=list(categories))
    ]
    return sorted(found, key=lambda row: (-row["questions"], row["label"]))


def _first_answer(field: str) -> Subquery:
    """The first public reply to the thread by someone other than its asker."""
    replies = (
        Post.objects.filter(thread=OuterRef("pk"), opening=False, state=PostState.VISIBLE)
        .exclude(author=OuterRef("author"))
        .order_by("created_at", "pk")
        .values(field)[:1]
    )
    return Subquery(replies)


def _median(waits: QuerySet[Thread]) -> timedelta | None:
    """The median wait, in the database: the middle row(s) in order of `wait`."""
    count = waits.count()
    if count == 0:
        return None
    ordered = waits.order_by("wait").values_list("wait", flat=True)  # type: ignore[misc]
    middle = list(ordered[(count - 1) // 2 : count // 2 + 1])
    return sum(middle, timedelta(0)) / len(middle)


@dataclass(frozen=True)
class FirstAnswer:
    median: timedelta | None  # by anyone
    by_members: timedelta | None  # when the first answer was a customer's
    by_staff: timedelta | None
    answered: int
    unanswered: int


def time_to_first_answer(filters: GapFilters) -> FirstAnswer:
    """How long questions asked in the period waited for a first answer (customer or staff)."""
    waits = (
        questions(filters)
        .annotate(
            first_at=_first_answer("created_at"),
            first_staff=_first_answer("staff_id"),
        )
        .filter(first_at__isnull=False)
        .annotate(
            wait=ExpressionWrapper(F("first_at") - F("created_at"), output_field=DurationField())
        )
    )
    answered = waits.count()
    return FirstAnswer(
        median=_median(waits),
        by_members=_median(waits.filter(first_staff__isnull=True)),
        by_staff=_median(waits.filter(first_staff__isnull=False)),
        answered=answered,
        unanswered=questions(filters).count() - answered,
    )


def solved(filters: GapFilters) -> dict[str, Any]:
    """Questions asked in the period, how many have an accepted answer (and how many by a
    customer: an accepted answer by a member, not staff), and how many became cases."""
    counts = questions(filters).aggregate(
        asked=Count("pk"),
        solved=Count("pk", filter=Q(accepted__isnull=False)),
        by_members=Count("pk", filter=Q(accepted__author__isnull=False)),
        escalated=Count("pk", filter=Q(escalated_at__isnull=False)),
    )
    asked = counts["asked"]
    return {
        **counts,
        "by_members_share": counts["by_members"] / asked if asked else None,
        "escalated_share": counts["escalated"] / asked if asked else None,
    }


def top_helpers(filters: GapFilters, limit: int = TOP_HELPERS) -> list[dict[str, Any]]:
    """Members whose replies written in the period became accepted answers, most first (then
    by their public replies in the period): display names only, erased members left out."""
    accepted = Thread.objects.filter(accepted=OuterRef("pk")).values("pk")[:1]
    found = (
        _posts(filters)
        .filter(
            opening=False,
            state=PostState.VISIBLE,
            author__isnull=False,
            author__erased_at__isnull=True,
        )
        .annotate(is_accepted=Subquery(accepted))
        .values("author_id")
        .annotate(
            accepted=Count("pk", filter=Q(is_accepted__isnull=False)),
            replies=Count("pk"),
        )
        .filter(accepted__gt=0)
        .order_by("-accepted", "-replies", "author_id")[:limit]
    )
    rows = list(found)
    names = dict(
        Member.objects.filter(pk__in=[row["author_id"] for row in rows]).values_list(
            "pk", "display_name"
        )
    )
    return [
        {
            "member_id": row["author_id"],
            "name": names.get(row["author_id"]) or _("member"),
            "accepted": row["accepted"],
            "replies": row["replies"],
        }
        for row in rows
    ]
