"""What a member's new post goes through before anyone sees it (issue 16's moderation): link
limits for new members, first posts held for review when they carry a link (or always, where
the category says so), and the word filter of the post's language. A held post waits in the
moderation queue; only its author and the moderators see it."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lytte.community.models import Category, Member, Post, PostState, WordFilter

NEW_MEMBER_POSTS = 3  # a member is new until this many of their posts are public
NEW_MEMBER_LINKS = 2  # links a new member's post may carry
HELD_LINK, HELD_FIRST, HELD_WORD = "first-link", "first-post", "word:"
HELD_IMAGE = "first-image"
# Before the code of a post that was public and is held again (an edit gave a new member's
# post an image): it was announced once, so approving it again announces an edit, not a post.
HELD_AGAIN = "again:"
# Before the code of a held post a moderator hid (`moderation.hide`): never approved, so never
# announced; shown again, it is announced as its approval would have been. A post hidden while
# it was public has no such mark: shown again, it is not announced again.
HIDDEN_HELD = "hidden:"
LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def links_in(text: str) -> int:
    return len(LINK.findall(text))


def is_new(member: Member) -> bool:
    public = Post.objects.filter(author=member, state=PostState.VISIBLE)
    return public.count() < NEW_MEMBER_POSTS


def filtered_word(text: str, language: str) -> str:
    """The first phrase of the language's word filter found in `text` ("" for none)."""
    found = WordFilter.objects.filter(language=language).first()
    if found is None:
        return ""
    folded = text.casefold()
    for phrase in found.phrases():
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded):
            return phrase
    return ""


def check_links(member: Member, text: str) -> int:
    """The number of links in `text`; refused beyond NEW_MEMBER_LINKS for a new member."""
    links = links_in(text)
    if links > NEW_MEMBER_LINKS and is_new(member):
        raise ValidationError(
            {
                "body": [
                    ngettext(
                        "New members may include at most %(count)d link in a post.",
                        "New members may include at most %(count)d links in a post.",
                        NEW_MEMBER_LINKS,
                    )
                    % {"count": NEW_MEMBER_LINKS}
                ]
            }
        )
    return links


def first_post(member: Member, *, besides: Post | None = None) -> bool:
    """The member has no other post that was not hidden: this one is their first (`besides`, a
    post being edited, does not count)."""
    others = Post.objects.filter(author=member).exclude(state=PostState.HIDDEN)
    if besides is not None:
        others = others.exclude(pk=besides.pk)
    return not others.exists()


def screen(
    *, member: Member, category: Category, language: str, text: str, images: int = 0
) -> tuple[str, str]:
    """The new post's state, and why it is held (empty when it is not). Refuses a new member's
    post with too many links. A first post with an image waits as one with a link does."""
    links = check_links(member, text)
    first = first_post(member)
    if first and links:
        return PostState.HELD, HELD_LINK
    if first and images:
        return PostState.HELD, HELD_IMAGE
    if first and category.hold_first_posts:
        return PostState.HELD, HELD_FIRST
    if phrase := filtered_word(text, language):
        return PostState.HELD, f"{HELD_WORD}{phrase}"[:200]
    return PostState.VISIBLE, ""


def held_again(code: str) -> str:
    """The `held_because` of a public post held again for `code`."""
    return f"{HELD_AGAIN}{code}"[:200]


def was_public(code: str) -> bool:
    """Whether a held post with this `held_because` was public (and announced) before."""
    return code.startswith(HELD_AGAIN)


def hidden_while_held(code: str) -> str:
    """The `held_because` of a held post a moderator hides."""
    return f"{HIDDEN_HELD}{code}"[:200]


def was_held(code: str) -> bool:
    """Whether a hidden post with this `held_because` was hidden while it waited for review."""
    return code.startswith(HIDDEN_HELD)


def unhidden(code: str) -> str:
    """The `held_because` of a hidden post shown again: why it was held, as before it was hidden."""
    return code.removeprefix(HIDDEN_HELD)


def why_held(code: str) -> str:
    """Why a post is held, in the moderator's language."""
    code = unhidden(code).removeprefix(HELD_AGAIN)
    if code == HELD_LINK:
        return _("A new member's first post with a link")
    if code == HELD_IMAGE:
        return _("A new member's first post with an image")
    if code == HELD_FIRST:
        return _("A new member's first post in a category that holds them")
    if code.startswith(HELD_WORD):
        return _("The word filter: “%(phrase)s”") % {"phrase": code[len(HELD_WORD) :]}
    return code
