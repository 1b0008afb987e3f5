"""Markdown in, safe HTML out: what editors write is shown to customers, so it passes two gates.

markdown-it-py renders CommonMark with tables and strikethrough, with raw HTML switched off (an
editor's `<script>` comes out as text); nh3 then keeps only the tags and attributes below. Links
may go anywhere over http(s) or mailto, or be relative, and get rel="noopener". Images may only
come from this site: a relative path or one of the knowledge base's own files (/help/files/...),
never another host, so a help-centre page makes no third-party request (decision 0031).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt

ATTACHMENT_PREFIX = "/help/files/"

TAGS = {
    *("h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote"),
    *("ul", "ol", "li", "strong", "em", "s", "del", "code", "pre", "a", "img"),
    *("table", "thead", "tbody", "tr", "th", "td"),
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"style"},
    "td": {"style"},
    "code": {"class"},
}
ALIGNMENTS = {f"text-align:{side}" for side in ("left", "center", "right")}

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
    ["table", "strikethrough"]
)


def image_allowed(src: str) -> bool:
    """Our own files or a relative path: no scheme, no host (so no `//evil.example/x.png`)."""
    parts = urlsplit(src.strip())
    return not parts.scheme and not parts.netloc and not src.strip().startswith("\\")


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if image_allowed(value) else None
    if tag == "code" and attribute == "class":
        return value if value.startswith("language-") and value[9:].isalnum() else None
    if attribute == "style":  # only the column alignment markdown-it writes for tables
        return value if value.replace(" ", "").rstrip(";") in ALIGNMENTS else None
    return value


def render(markdown: str) -> str:
    """The sanitised HTML of an article's Markdown body."""
    html = _parser.render(markdown or "")
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=_filter,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
        strip_comments=True,
    )
