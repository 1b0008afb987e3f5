"""Quoting a post in a reply (issue 16): the reply form starts with the post's text as a
Markdown blockquote under "<display name> wrote:", with a link to it. Only a public post that
is not erased is quoted; the quote is the replier's text from then on, like any quote
(decision 20)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lytte.community.models import Post, Thread

QUOTE_LENGTH = 2000  # characters of the quoted text: a quote is a reminder, not a copy


def quotable(thread: Thread, raw: str) -> Post | None:
    """The post `raw` (a post id from the page's link) names in this thread, if it may be
    quoted."""
    if not raw.isdigit():
        return None
    return (
        Post.objects.select_related("author", "staff")
        .filter(pk=int(raw), thread=thread, state="visible", erased_at__isnull=True)
        .first()
    )


def quote(post: Post) -> str:
    """The Markdown that starts a reply quoting `post`."""
    if post.staff_id is not None:
        name = post.staff.first_name or _("Customer service")  # type: ignore[union-attr]
    else:
        name = post.author.shown_name  # type: ignore[union-attr]
    url = reverse("community:post", args=[post.thread.language, post.thread_id, post.pk])
    text = post.body.strip()[:QUOTE_LENGTH]
    lines = [f"> [{_('%(name)s wrote:') % {'name': name}}]({url})", ">"]
    lines += [f"> {line}".rstrip() for line in text.splitlines()]
    return "\n".join(lines) + "\n\n"
