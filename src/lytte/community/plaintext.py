"""A post's Markdown as plain text, for the notification mail (decision 56): what a reader sees
on the page, without the syntax. Links keep their text, an image is "[image: its description]",
a list item starts with a bullet, a quote with "> " as quoted mail does, code is its text;
emphasis, headings' hashes, tables' pipes and escapes are gone. Parsed as the page's renderer
parses it (markdown-it, CommonMark, raw HTML off: an HTML tag someone wrote stays as its text)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from markdown_it.token import Token

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
    ["table", "strikethrough"]
)
BULLET = "• "


def plain_text(markdown: str) -> str:
    """The text of `markdown`, its paragraphs apart by a blank line."""
    lines: list[str] = []
    _blocks(_parser.parse(markdown or ""), lines)
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


def excerpt(markdown: str, length: int) -> str:
    """At most `length` characters of the text, cut at a word with "…" when it was longer."""
    text = plain_text(markdown)
    if len(text) <= length:
        return text
    cut = text[:length]
    if " " in cut[length // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"


class _Writer:
    """Lines with the prefixes of the open quotes and list items."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.prefixes: list[str] = []  # "> " per open quote, an indent per open list item
        self.numbers: list[int | None] = []  # each open list: its next number, None: bullets
        self.marker = ""  # the open list item's bullet or number, until its first line

    def write(self, text: str) -> None:
        for line in text.split("\n"):
            lead = "".join(self.prefixes)
            if self.marker:
                lead, self.marker = lead[: -len(self.marker)] + self.marker, ""
            self.lines.append(lead + line)

    def blank(self) -> None:
        self.lines.append("".join(self.prefixes).rstrip())

    def close_quote(self) -> None:
        """The quote's last blank line is the blank line after it, without its "> "."""
        if self.lines and self.lines[-1] == "".join(self.prefixes).rstrip():
            self.lines[-1] = "".join(self.prefixes[:-1]).rstrip()
        self.prefixes.pop()

    def item(self) -> None:
        number = self.numbers[-1] if self.numbers else None
        if number is None:
            self.marker = BULLET
        else:
            self.marker = f"{number}. "
            self.numbers[-1] = number + 1
        self.prefixes.append(" " * len(self.marker))


def _blocks(tokens: Sequence[Token], lines: list[str]) -> None:
    out = _Writer()
    cells: list[str] | None = None  # a table row's cells while it is read
    for token in tokens:
        kind = token.type
        if kind == "inline" and cells is not None:
            cells.append(_inline(token.children or []))
        elif kind == "inline":
            out.write(_inline(token.children or []))
        elif kind in ("fence", "code_block"):
            out.write(token.content.rstrip("\n"))
            out.blank()
        elif kind == "hr":
            out.write("—")
            out.blank()
        elif kind == "tr_open":
            cells = []
        elif kind == "tr_close":
            out.write("   ".join(cells or []))
            cells = None
        elif kind == "blockquote_open":
            out.prefixes.append("> ")
        elif kind == "bullet_list_open":
            out.numbers.append(None)
        elif kind == "ordered_list_open":
            out.numbers.append(int(token.attrGet("start") or 1))
        elif kind == "list_item_open":
            out.item()
        elif kind == "blockquote_close":
            out.close_quote()
        elif kind == "list_item_close":
            out.prefixes.pop()
        elif kind in ("bullet_list_close", "ordered_list_close"):
            out.numbers.pop()
            out.blank()
        elif kind in ("paragraph_close", "heading_close", "table_close") and not token.hidden:
            out.blank()
    lines.extend(out.lines)


def _inline(children: Sequence[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            alt = " ".join(_inline(child.children or []).split())
            parts.append(_("[image: %(description)s]") % {"description": alt})
    return "".join(parts)
