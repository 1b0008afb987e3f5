"""schema.org QAPage markup (JSON-LD) for a solved question's page (issue 16): the question, its
accepted answer and their authors by the names the page shows (a member's display name, a staff
member's first name), nothing more. Only for a listed, titled question whose accepted answer is
public and not erased."""

from __future__ import annotations

import json
from html import unescape
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from lytte.community.models import Post, Thread, ThreadKind
from lytte.community.rendering import shown_html
from lytte.community.showing import vote_count

# As django.utils.html.json_script: nothing in the data can end the <script> element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _text(post: Post) -> str:
    return " ".join(unescape(strip_tags(shown_html(post.body, post.body_html))).split())


def _author(post: Post) -> dict[str, str]:
    if post.staff_id is not None:
        name = post.staff.first_name or _("Customer service")  # type: ignore[union-attr]
    else:
        name = post.author.shown_name  # type: ignore[union-attr]
    return {"@type": "Person", "name": name}


def qa_page(thread: Thread, opening: Post | None, answer: Post | None, replies: int) -> str:
    """The JSON-LD of a solved question, escaped for a <script> element; "" for any other."""
    if (
        thread.kind != ThreadKind.QUESTION
        or not thread.listed
        or not thread.title
        or opening is None
        or answer is None
        or not answer.public
        or answer.erased_at is not None
    ):
        return ""
    base = settings.BASE_URL.rstrip("/")
    url = base + reverse("community:thread", args=[thread.language, thread.pk])
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "QAPage",
        "mainEntity": {
            "@type": "Question",
            "name": thread.title,
            "text": _text(opening) or thread.title,
            "answerCount": replies,
            "dateCreated": thread.created_at.isoformat(),
            "author": _author(opening),
            "acceptedAnswer": {
                "@type": "Answer",
                "text": _text(answer),
                "dateCreated": answer.created_at.isoformat(),
                "upvoteCount": vote_count(answer),
                "url": f"{url}#post-{answer.pk}",
                "author": _author(answer),
            },
        },
    }
    return json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
