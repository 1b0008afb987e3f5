"""The knowledge base beside the case an agent is logging: the search words in a case's text, the
articles they find, and an article as plain text for an email (decision 34)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from markdown_it import MarkdownIt
from markdown_it.token import Token

from lytte.knowledge.search import Audience, Hit, search_articles
from lytte.knowledge.search.stopwords import STOPWORDS as SEARCH_STOPWORDS
from lytte.platform.languages import LANGUAGE_CODES

# A long email or note is mostly words every text has; the words left are the few that say
# what it is about. Longer words say more (Nordic compounds above all), so a long text keeps its
# longest ones.
MAX_WORDS = 8
MIN_LENGTH = 3

WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


# What every note or email says besides the function words search drops (greetings, "the
# customer calls", "thanks"): added to search's own lists, which are the one list of those.
SAID_IN_EVERY_NOTE: dict[str, frozenset[str]] = {
    "nb": _listed(
        "andre hei hen hilsen kommer kunde kunden lurer mer mvh ringer ringte sa sier takk"
    ),
    "da": _listed(
        "andre dit hej hilsen kom kommer kunde kunden mere mvh nogen ringede ringer siger så tak"
    ),
    "sv": _listed(
        "andra bara hej hen hälsningar kom kommer kund kunden mer mvh ner också ringde ringer sa "
        "sitt ska säger tack vill ville"
    ),
    "fi": _listed(
        "asiakas asiakkaan eikä hei kiitos kuin soittaa soitti tervehdys terveisin tässä"
    ),
    "en": _listed(
        "after all any called calls customer customers hello more now please regards some thank "
        "thanks"
    ),
}
STOPWORDS = {
    language: SEARCH_STOPWORDS[language] | SAID_IN_EVERY_NOTE[language]
    for language in SAID_IN_EVERY_NOTE
}


def query_words(text: str, language: str, limit: int = MAX_WORDS) -> list[str]:
    """The words of `text` worth searching for, in the order they came: no stopwords of the
    language, no numbers or short words, each once; at most `limit`, the longest kept."""
    stop = STOPWORDS.get(language, frozenset()) | STOPWORDS["en"]
    seen: dict[str, int] = {}
    for match in WORD.finditer(text[:20_000]):
        word = match.group().lower()
        if len(word) >= MIN_LENGTH and word not in stop and word not in seen:
            seen[word] = len(seen)
    kept = sorted(seen, key=lambda word: (-len(word), seen[word]))[:limit]
    return sorted(kept, key=seen.__getitem__)


def suggest_articles(text: str, *, language: str, limit: int = 3) -> list[Hit]:
    """The best `limit` published articles, internal ones too, for a case's text."""
    words = query_words(text, language)
    if not words:
        return []
    return search_articles(" ".join(words), language=language, audience=Audience.STAFF, limit=limit)


def search_language(*candidates: str | None) -> str:
    """The first of `candidates` (the customer's language, the agent's...) that Lytte speaks."""
    for candidate in candidates:
        code = (candidate or "").split("-")[0].lower()
        if code in LANGUAGE_CODES:
            return code
    return str(settings.LANGUAGE_CODE)


_MARKDOWN = MarkdownIt("commonmark")


def email_text(markdown: str, *, base_url: str = "", page: str = "") -> str:
    """An article's Markdown as the plain text of an email: no markup, links written out
    (made absolute with `base_url`; one relative to the article, `../other-slug/`, read from the
    article's own help-centre `page`), lists kept as lists."""
    blocks: list[tuple[str, bool]] = []  # (text, follows the item before it in its list)
    item, quotes, follows = "", 0, False
    for token in _MARKDOWN.parse(markdown):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            follows = False
        elif token.type == "list_item_open":
            item = f"{token.info}. " if token.info else "- "
        elif token.type == "blockquote_open":
            quotes += 1
        elif token.type == "blockquote_close":
            quotes -= 1
        elif token.type == "inline":
            text = _inline_text(token.children or [], base_url, page)
            blocks.append(("> " * quotes + item + text, follows and bool(item)))
            follows, item = bool(item), ""
        elif token.type in ("fence", "code_block"):
            blocks.append((token.content.rstrip("\n"), False))
    text = ""
    for position, (block, follows) in enumerate(blocks):
        if position:
            text += "\n" if follows else "\n\n"
        text += block
    return text


def _inline_text(children: list[Token], base_url: str, page: str) -> str:
    parts: list[str] = []
    href = ""
    start = 0
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
        elif child.type == "link_open":
            href, start = str(child.attrs.get("href", "")), len(parts)
            if page and href and not urlsplit(href).scheme and href[0] not in "/#":
                href = urljoin(page, href)  # ../other-slug/: a sibling in the help centre
            if href.startswith("/"):
                href = base_url.rstrip("/") + href
        elif child.type == "link_close":
            label = "".join(parts[start:])
            if href and label != href:
                parts.append(f" ({href})")
    return "".join(parts).strip()
