"""The demo's community: four categories (one in Norwegian only), 25 threads in the five
languages with their replies, members under display names, accepted answers, one official
answer by staff pinned, and "same problem" and helpful votes; then the search index.

Bulk-written with the threads' own times (the posting services stamp the moment and tell
followers); the search index is rebuilt by the community's own `reindex_all`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from lytte.accounts.models import User
from lytte.community.models import Category, Member, Post, SameProblem, Thread, Vote
from lytte.community.rendering import post_html
from lytte.community.search import reindex_all
from lytte.demo.community_texts import CATEGORIES, DISPLAY_NAMES, THREADS
from lytte.demo.customers import DemoCustomer

SAME_PROBLEM_VOTES = 6  # on the thread with the official answer (today's login fault)


@dataclass(frozen=True)
class CommunityLoad:
    threads: int
    posts: int
    members: int


def ensure_categories() -> dict[str, Category]:
    found = {}
    for position, (slug, en, nb, da, sv, fi, only) in enumerate(CATEGORIES):
        found[slug], _created = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": en, "name_nb": nb, "name_da": da, "name_sv": sv, "name_fi": fi,
                "language": only, "position": position,
            },
        )  # fmt: skip
    return found


def _members(rng: random.Random, customers: list[DemoCustomer]) -> dict[str, list[Member]]:
    """Members by language, each a demo customer of that language where there is one."""
    taken = set(Member.objects.values_list("customer_id", flat=True))
    free = [customer for customer in customers if customer.pk not in taken]
    rng.shuffle(free)
    members: dict[str, list[Member]] = {}
    for language, names in DISPLAY_NAMES.items():
        for name in names:
            if Member.objects.filter(display_name__iexact=name).exists() or not free:
                continue
            own = next((c for c in free if c.language == language), free[0])
            free.remove(own)
            member = Member.objects.create(customer_id=own.pk, display_name=name)
            members.setdefault(language, []).append(member)
    return members


class ThreadWriter:
    def __init__(self, rng: random.Random, staff: User | None, now: datetime) -> None:
        self.rng, self.staff, self.now = rng, staff, now
        self.posts = 0

    def write(
        self, category: Category, language: str, kind: str, title: str, opening: str,
        replies: tuple[str, ...], members: list[Member],
    ) -> Thread:  # fmt: skip
        rng = self.rng
        author = rng.choice(members)
        at = self.now - timedelta(days=rng.uniform(1, 45), minutes=rng.randrange(600))
        thread = Thread.objects.create(
            category=category, kind=kind, language=language, title=title, author=author,
            created_at=at, last_activity_at=at,
        )  # fmt: skip
        Post.objects.create(
            thread=thread, author=author, opening=True, body=opening,
            body_html=post_html(opening), created_at=at,
        )  # fmt: skip
        for text in replies:
            at = min(at + timedelta(minutes=rng.randrange(20, 36 * 60)), self.now)
            official = text.startswith("!") and self.staff is not None
            body = text.lstrip("*!")
            others = [member for member in members if member != author] or members
            post = Post.objects.create(
                thread=thread, author=None if official else rng.choice(others),
                staff=self.staff if official else None, body=body, body_html=post_html(body),
                created_at=at,
            )  # fmt: skip
            if text.startswith("*"):
                thread.accepted = post
                Vote.objects.bulk_create(Vote(post=post, member=m) for m in members[:3])
            if official:
                thread.pinned = post
            thread.last_activity_at = at
        self.posts += 1 + len(replies)
        thread.save(update_fields=["accepted", "pinned", "last_activity_at"])
        return thread


def _same_problem(thread: Thread, members: list[Member]) -> None:
    voters = [member for member in members if member.pk != thread.author_id]
    SameProblem.objects.bulk_create(
        SameProblem(thread=thread, member=member) for member in voters[:SAME_PROBLEM_VOTES]
    )


def load_community(seed: int, customers: list[DemoCustomer], staff: User | None) -> CommunityLoad:
    """The community, once: nothing when its categories are there already."""
    if Category.objects.filter(slug=CATEGORIES[0][0]).exists() or not customers:
        return CommunityLoad(0, 0, 0)
    rng = random.Random(seed + 3)  # its own stream: a seed still gives the same cases
    categories = ensure_categories()
    members = _members(rng, customers)
    everyone = [member for group in members.values() for member in group]
    writer = ThreadWriter(rng, staff, timezone.now())
    threads = []
    for slug, language, kind, title, opening, replies in THREADS:
        own = members.get(language) or everyone
        thread = writer.write(categories[slug], language, kind, title, opening, replies, own)
        threads.append(thread)
    pinned = next((thread for thread in threads if thread.pinned_id), None)
    if pinned is not None:
        _same_problem(pinned, members.get(pinned.language, everyone))
    reindex_all()
    return CommunityLoad(len(threads), writer.posts, len(everyone))
