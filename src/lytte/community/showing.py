"""A post as one visitor sees it (`ShownPost`): its HTML, what they may do with it, its votes,
and what the page prints of it worked out here, once, rather than by template tags for each of
a page's 30 posts (the tags were most of a long thread's page: bench/community.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lytte.community import policies
from lytte.community.access import Visitor
from lytte.community.mentions import link_mentions
from lytte.community.models import Post, PostState, Thread
from lytte.community.rendering import shown_html
from lytte.platform.templatetags.lytte_time import ago


@dataclass(frozen=True)
class ShownPost:
    """A post as one visitor sees it: its HTML, what they may do with it, its votes."""

    post: Post
    html: str
    editable: bool
    acceptable: bool
    votable: bool
    vote_count: int
    voted: bool
    flaggable: bool = False
    moderator: bool = False
    pinnable: bool = False
    classes: str = "community-post"
    author: str = ""  # the name shown
    author_url: str = ""  # the public profile, for a member who has one
    author_kind: str = "member"  # member, staff or former (erased, or no display name)
    written: str = ""  # how long ago, in the visitor's language
    written_iso: str = ""
    vote_label: str = ""  # "3 votes", for a visitor who may not vote
    accepted: bool = False
    pinned: bool = False

    # What the post's template reads of the post itself, so that its ~15 lookups a post are
    # answered by `__getitem__` too (a model instance is tried as a dict first).
    @property
    def pk(self) -> int:
        return int(self.post.pk)

    @property
    def state(self) -> str:
        return str(self.post.state)

    @property
    def opening(self) -> bool:
        return bool(self.post.opening)

    @property
    def erased(self) -> bool:
        return self.post.erased_at is not None

    @property
    def edited(self) -> bool:
        """Edited, with a public history to show (an erased text has none)."""
        return self.post.edited_at is not None and self.post.erased_at is None

    @property
    def purged(self) -> bool:
        """A hidden post whose text was removed after the retention period (decision 56)."""
        return self.post.state == PostState.HIDDEN and not self.post.body

    def __getitem__(self, name: str) -> Any:
        # A template's `item.x` tries `item["x"]` first: answered here, not by a TypeError
        # caught for each of a page's ~1,000 lookups (decision 57's session-13 addendum).
        try:
            return getattr(self, name)
        except AttributeError:
            raise KeyError(name) from None


def vote_count(post: Post) -> int:
    """The post's votes: as counted with it (`selectors.posts_by_id`), even none, or now."""
    counted = getattr(post, "vote_count", None)
    return int(counted) if counted is not None else post.votes.count()


def _classes(post: Post, *, accepted: bool, pinned: bool) -> str:
    classes = ["community-post"]
    if post.staff_id:
        classes.append("community-post-staff")
    if accepted:
        classes.append("community-post-accepted")
    if pinned:
        classes.append("community-post-pinned")
    if post.state != PostState.VISIBLE:
        classes.append(f"community-post-{post.state}")
    return " ".join(classes)


def _authorship(post: Post, language: str) -> dict[str, str]:
    if post.staff_id:
        name = post.staff.first_name if post.staff else ""
        return {"author": name or _("Customer service"), "author_kind": "staff"}
    member = post.author
    if member is None or member.erased_at or not member.display_name:
        return {"author": member.shown_name if member else "", "author_kind": "former"}
    url = reverse("community:member", kwargs={"lang": language, "member_id": member.pk})
    return {"author": member.shown_name, "author_url": url, "author_kind": "member"}


def shown(post: Post, found: Thread, who: Visitor) -> ShownPost:
    """`post` of the thread `found` as the visitor `who` sees it (on the thread's page, in the
    thread's language)."""
    count = vote_count(post)
    accepted, pinned = post.pk == found.accepted_id, post.pk == found.pinned_id
    extra: dict[str, Any] = _authorship(post, found.language)
    return ShownPost(
        post=post,
        html=link_mentions(shown_html(post.body, post.body_html), found.language)
        if post.erased_at is None and (post.state != PostState.HIDDEN or who.moderator)
        else "",
        editable=policies.can_edit(post, member=who.member, staff=who.staff),
        acceptable=policies.can_accept(found, post, member=who.member, staff=who.staff),
        pinnable=policies.can_pin(found, post, who.staff),
        votable=policies.can_vote(post, who.member),
        vote_count=count,
        voted=bool(getattr(post, "voted", False)),
        flaggable=policies.can_flag(post, who.member),
        moderator=who.moderator,
        classes=_classes(post, accepted=accepted, pinned=pinned),
        accepted=accepted,
        pinned=pinned,
        written=ago(post.created_at),
        written_iso=post.created_at.isoformat(),
        vote_label=ngettext("%(counter)s vote", "%(counter)s votes", count) % {"counter": count},
        **extra,
    )
