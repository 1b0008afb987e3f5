"""A post's text as shown: its Markdown rendered and sanitised (the help centre's renderer, so
a post can carry no script, no raw HTML and no third-party image), stored beside the text when
the text is written (`Post.body_html`), so a page of posts renders none of it again."""

from __future__ import annotations

from lytte.knowledge.services.markdown import render


def post_html(body: str) -> str:
    """The stored HTML of a post's Markdown `body`; empty for an empty body."""
    return render(body) if body else ""


def shown_html(body: str, body_html: str) -> str:
    """The post's HTML: the stored one, or rendered now for a text stored before it was kept
    (a row a migration or import did not render)."""
    return body_html if body_html or not body else render(body)
