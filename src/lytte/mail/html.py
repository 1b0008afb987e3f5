"""Mail HTML: plain text for reading and quote folding, and a sanitised copy to display.

Mail HTML is hostile and often malformed, so nh3 (linear, in Rust) does all tag filtering:
html_to_text hands html.parser only markup nh3 has already made well-formed, and what an agent
sees keeps formatting, safe links and the message's own (cid:) images, never remote trackers.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_PARAGRAPH_TAGS = {
    *_HEADINGS,
    *{"p", "blockquote", "ul", "ol", "table", "pre", "hr", "dl"},
    *{"section", "article", "header", "footer", "address", "center"},
}
_LINE_TAGS = {"div", "li", "tr", "dt", "dd"}  # Gmail writes one <div> per line
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
# Only the structure html_to_text reads; script, style and head go with their content.
_TEXT_STRUCTURE = nh3.Cleaner(
    tags={*_PARAGRAPH_TAGS, *_LINE_TAGS, "br", "td", "th"},
    clean_content_tags={"script", "style", "head", "title", "template"},
    attributes={},
)
# nh3's tree builder (html5ever) walks the stack of open elements for each block start tag, so
# markup nested n deep costs n² there: thousands of <blockquote> or <div> take seconds. Deeper
# than this is hostile; no mail client nests so far.
MAX_NESTING = 200
# Possessive and stopping at "<": a tag never closed is scanned once, not once per character.
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/<>]*+)[^<>]*+>")
# Elements that never stay open (void) or that the next sibling or block closes (optional end).
_NOT_NESTING = {
    *{"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img"},
    *{"input", "keygen", "link", "meta", "param", "source", "track", "wbr"},
    *{"p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rp", "rt", "rtc"},
    *{"thead", "tbody", "tfoot", "colgroup", "caption", "html", "head", "body"},
}
_BLOCKS = {*_PARAGRAPH_TAGS, *_LINE_TAGS}


def cap_nesting(html: str) -> str:
    """The markup with the tags nested deeper than MAX_NESTING left out, in one linear pass.

    The depth is counted from tags as written, not as a parser would close them, so it can only
    come out higher than the real one: normal mail, nested far less deep, passes unchanged. A
    block tag left out becomes a line break, so the text keeps its lines.
    """
    depth = 0

    def keep_or_drop(tag: re.Match[str]) -> str:
        nonlocal depth
        name = tag[2].lower()
        if name in _NOT_NESTING or tag[0].endswith("/>"):  # void, or closed as written (<o:p/>)
            return tag[0]
        if tag[1]:  # an end tag closes one level; past the limit, one whose start tag went
            depth = max(0, depth - 1)
            kept = depth < MAX_NESTING
        else:
            depth += 1
            kept = depth <= MAX_NESTING
        return tag[0] if kept else "<br>" if name in _BLOCKS else ""

    return _TAG.sub(keep_or_drop, html)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._pre = self._quote = 0
        self._newlines = 2  # line breaks at the end of the text; the start is like a paragraph

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._newline()
        elif tag in ("td", "th") and not self._newlines:
            self.chunks.append(" ")
        self._break_for(tag)
        self._pre += tag == "pre"
        self._quote += tag == "blockquote"
        if tag == "li":
            self._write("- ")

    def handle_endtag(self, tag: str) -> None:
        self._break_for(tag)
        self._pre = max(0, self._pre - (tag == "pre"))
        self._quote = max(0, self._quote - (tag == "blockquote"))

    def handle_data(self, data: str) -> None:
        if not self._pre:
            data = _HTML_SPACE.sub(" ", data)
            if self._newlines or (self.chunks and self.chunks[-1].endswith(" ")):
                data = data.lstrip(" ")
        self._write(data)

    def _break_for(self, tag: str) -> None:
        wanted = 2 if tag in _PARAGRAPH_TAGS else 1 if tag in _LINE_TAGS else 0
        while self._newlines < wanted:
            self._newline()

    def _write(self, text: str) -> None:
        for n, piece in enumerate(text.split("\n")):
            if n:
                self._newline()
            if piece:
                if self._newlines and self._quote:
                    # Blockquotes become ">" lines, so split_quoted folds HTML-only replies too.
                    self.chunks.append("> " * min(self._quote, 9))  # hostile nesting
                self.chunks.append(piece)
                self._newlines = 0

    def _newline(self) -> None:
        self.chunks.append("\n")
        self._newlines += 1


def html_to_text(html: str) -> str:
    """Readable plain text: blocks on their own lines, list items with "- ", quotes with "> "."""
    extractor = _TextExtractor()
    # nh3 (linear, in Rust) hands html.parser well-formed markup: on hostile markup such as
    # thousands of unclosed "<a " tags html.parser itself takes seconds, and it can assert.
    extractor.feed(_TEXT_STRUCTURE.clean(cap_nesting(html)))
    extractor.close()
    lines = [line.rstrip() for line in "".join(extractor.chunks).replace("\xa0", " ").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _only_cid_images(tag: str, attribute: str, value: str) -> str | None:
    # Remote images are tracking pixels; data: URLs can smuggle anything. Only attached ones stay.
    if tag == "img" and attribute == "src" and not value.strip().lower().startswith("cid:"):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags={
        *_HEADINGS,
        *{"p", "br", "div", "span", "b", "strong", "i", "em", "u", "ul", "ol", "li", "a"},
        *{"blockquote", "pre", "code", "hr", "img", "table", "thead", "tbody", "tr", "td", "th"},
    },
    clean_content_tags={"script", "style", "title"},
    attributes={
        "a": {"href", "title"},
        "img": {"src", "alt", "width", "height"},
        "td": {"colspan", "rowspan"},
        "th": {"colspan", "rowspan"},
    },
    attribute_filter=_only_cid_images,
    link_rel="noopener noreferrer nofollow",
    url_schemes={"http", "https", "mailto", "cid"},
    url_relative="deny",
)
_IMG_TAG = re.compile(r"<img\b[^>]*>")  # nh3 output escapes ">" inside attribute values


def sanitize_html(html: str) -> str:
    """HTML safe to show an agent: formatting only, links nofollow, only the message's images."""
    cleaned = _CLEANER.clean(cap_nesting(html))
    return _IMG_TAG.sub(lambda m: m[0] if ' src="' in m[0] else "", cleaned)
