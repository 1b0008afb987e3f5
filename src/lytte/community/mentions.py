"""@mentions (decision 48): `@Display Name` in a post names a member. Display names may hold
spaces, so the longest name that follows the "@" wins ("@Kari Nord thanks" is Kari Nord if she
exists, else Kari). In the page the mention links to the member's public profile: the link is
added to the sanitised HTML's text (never inside a link or code), so no raw HTML gets in."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.html import escape

from lytte.community.models import Member

# "@" not after a word character (an address) nor another "@", then up to five words.
MENTION = re.compile(r"(?<![\w@])@(\w[\w.'-]*(?: \w[\w.'-]*){0,4})")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
_TAG = re.compile(r"(<[^>]*>)")
_SKIP = {"a", "code", "pre"}


def _candidates(words: str) -> list[str]:
    """The names "@" + `words` may mean, longest first."""
    parts = words.split(" ")
    names = []
    for count in range(len(parts), 0, -1):
        name = " ".join(parts[:count])
        names += [name, name.rstrip(".'-")]
    return [n for n in dict.fromkeys(names) if len(n) >= 3]


def _members(names: Iterable[str]) -> dict[str, Member]:
    wanted = {name.casefold() for name in names}
    if not wanted:
        return {}
    found = Member.objects.annotate(lname=Lower("display_name")).filter(
        lname__in=wanted, erased_at__isnull=True
    )
    return {member.display_name.casefold(): member for member in found}


def _resolve(words: str, members: dict[str, Member]) -> tuple[str, Member] | None:
    for name in _candidates(words):
        member = members.get(name.casefold())
        if member is not None:
            return name, member
    return None


def mentioned(text: str) -> list[Member]:
    """The members a post's Markdown mentions (not in code), each once."""
    matches = [m.group(1) for m in MENTION.finditer(_CODE.sub(" ", text or ""))]
    members = _members(name for words in matches for name in _candidates(words))
    found: dict[int, Member] = {}
    for words in matches:
        hit = _resolve(words, members)
        if hit is not None:
            found.setdefault(hit[1].pk, hit[1])
    return list(found.values())


def link_mentions(html: str, language: str) -> str:
    """The sanitised `html` with each mention of a member linked to their public profile."""
    if "@" not in html:
        return html
    pieces = _TAG.split(html)
    texts = [piece for piece in pieces if piece and not piece.startswith("<")]
    words = [m.group(1) for text in texts for m in MENTION.finditer(text)]
    members = _members(name for found in words for name in _candidates(found))
    if not members:
        return html
    out, skipping = [], 0
    for piece in pieces:
        if piece.startswith("<"):
            skipping += _depth(piece)
            out.append(piece)
        elif skipping > 0 or "@" not in piece:
            out.append(piece)
        else:
            out.append(MENTION.sub(lambda m: _link(m, members, language), piece))
    return "".join(out)


def _depth(tag: str) -> int:
    name = tag.strip("</>").split(None, 1)[0].lower() if tag.strip("</>") else ""
    if name not in _SKIP or tag.endswith("/>"):
        return 0
    return -1 if tag.startswith("</") else 1


def _link(match: re.Match[str], members: dict[str, Member], language: str) -> str:
    hit = _resolve(match.group(1), members)
    if hit is None:
        return match.group(0)
    name, member = hit
    url = reverse("community:member", args=[language, member.pk])
    rest = match.group(1)[len(name) :]
    # `name` is text of the sanitised HTML already (escaped as it came); the URL is ours.
    return f'<a class="community-mention" href="{escape(url)}">@{name}</a>{rest}'
