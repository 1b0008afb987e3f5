"""The knowledge base beside the case an agent is logging: the search words in a case's text, the
articles they find, and an article as plain text for an email (decision 34)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from markdown_it import MarkdownIt
from markdown_it.token import Token

from lytte.knowledge.search import Audience, Hit, search_articles
from lytte.platform.languages import LANGUAGE_CODES

# A long email or note is mostly words every text has; the words left are the few that say
# what it is about. Longer words say more (Nordic compounds above all), so a long text keeps its
# longest ones.
MAX_WORDS = 8
MIN_LENGTH = 3

WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Function words, and the words every note or email says (greetings, "the customer calls").
STOPWORDS: dict[str, frozenset[str]] = {
    "nb": _listed(
        """alle andre at av bare ble bli blir da de deg dem den denne der dere deres det dette
        din ditt du eller en er et etter for fra få går ha hadde han har hei hen her hilsen hun
        hva hvem hvor hvordan hvorfor hvis i ikke inn jeg kan kom kommer kunde kunden kunne
        lurer man med meg men mer mine min mitt mvh må ned noe noen nå når og også om opp oss
        på ringer ringte sa seg selv sier sin sitt skal skulle slik som så takk til ut var vi
        vil ville være vært"""
    ),
    "da": _listed(
        """af alle andre at blev bliver da de dem den denne der deres det dette din dit du efter
        eller en er et for fra få gør han har hej her hilsen hun hvad hvem hvor hvordan hvorfor
        hvis i ikke ind jeg kan kom kommer kunde kunden kunne man med mere mig min mine mit mvh
        må ned noget nogen nu når og også om op os på ringer ringede sig selv siger sin sit skal
        skulle som så tak til ud var vi vil ville være været"""
    ),
    "sv": _listed(
        """alla andra att av bara blev bli blir de dem den denna det detta din ditt du efter
        eller en ett för från får gör han har hej hen här hälsningar hon hur i inte jag kan kom
        kommer kund kunden kunde man med mer mig min mina mitt mvh måste ner nu när något några
        och också om oss på ringer ringde sa sig själv säger sin sitt ska skulle som så tack
        till ut var vad vem vi vill ville vara varit varför"""
    ),
    "fi": _listed(
        """ei eikä en et ette he hei hän ja jo joka jos kanssa kiitos kuin kuinka kun me miksi
        minä minun minulla mitä mikä mutta myös ne niin nyt olen olla oli olisi on ovat se
        sekä sen siitä sinä soitti soittaa tai te tervehdys terveisin tämä tässä että vaan voi
        asiakas asiakkaan"""
    ),
    "en": _listed(
        """about after all also and any are been but can could customer customers called
        calls did does for from had has have hello her here his how into its just more not now
        our out please regards she should some than thanks that the their them then there these
        they this thank was were what when where which who why will with would you your"""
    ),
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
