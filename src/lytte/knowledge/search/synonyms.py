"""Synonyms: words customers use for what the articles call something else ("ordre" for
"bestilling", "afhentningssted" for "pakkeshop"). Each language has one list its editors keep,
one group of words a line; a query word in a group also searches the group's other words.

Expanded when a query is analysed, not when articles are indexed, so an edited list works at
once without a reindex. Lytte suggests a starting list per language (`suggested`), which the
business adopts and edits; nothing is applied that no editor saved.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from lytte.knowledge.search.analysis import LANGUAGES, terms, words
from lytte.knowledge.search.models import Synonyms

SUGGESTED = Path(__file__).parent / "suggested_synonyms"
MAX_TEXT = 20_000  # characters in one language's list
MAX_GROUP = 12  # words in one group: more reads as a topic, not a synonym
CACHE_SECONDS = 60.0  # other processes read an edited list again within this

Groups = list[tuple[str, ...]]
_cache: dict[tuple[str, str], tuple[float, dict[str, frozenset[str]]]] = {}


def parse(text: str) -> Groups:
    """The groups of a list, or a ValidationError naming each bad line. A line is words
    separated by commas; "#" starts a comment; empty lines are skipped."""
    if len(text) > MAX_TEXT:
        raise ValidationError(
            _("The list is too long: at most %(n)s characters.") % {"n": MAX_TEXT}
        )
    groups: Groups = []
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        members = [m.strip() for m in line.split(",") if m.strip()]
        unique = list(dict.fromkeys(m.casefold() for m in members))
        if any(len(words(m)) != 1 or words(m)[0] != m for m in unique):
            problems.append(_("Line %(n)s: one word between commas.") % {"n": number})
        elif len(unique) < 2:
            problems.append(_("Line %(n)s: a group needs two words or more.") % {"n": number})
        elif len(unique) > MAX_GROUP:
            problems.append(
                _("Line %(n)s: at most %(max)s words in a group.") % {"n": number, "max": MAX_GROUP}
            )
        else:
            groups.append(tuple(unique))
    if problems:
        raise ValidationError(problems)
    return groups


def expansion(groups: Groups, language: str) -> dict[str, frozenset[str]]:
    """Each term of a group's words → the terms of all its words (a word in two groups
    takes both)."""
    found: dict[str, set[str]] = {}
    for group in groups:
        together = frozenset().union(*(terms(word, language) for word in group))
        for term in together:
            found.setdefault(term, set()).update(together)
    return {term: frozenset(others) for term, others in found.items()}


def expansions(language: str) -> Mapping[str, frozenset[str]]:
    """The saved list of `language` as an expansion, read at most every CACHE_SECONDS."""
    key = (connection.alias, language)
    cached = _cache.get(key)
    if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    try:
        groups = parse(saved(language))
    except ValidationError:  # saved lists were parsed; a list written around them is skipped
        groups = []
    found = expansion(groups, language)
    _cache[key] = (time.monotonic(), found)
    return found


def forget() -> None:
    """After a list changed in this process."""
    _cache.clear()


def saved(language: str) -> str:
    """The language's list as its editors saved it ("" when none is)."""
    text = Synonyms.objects.filter(language=language).values_list("text", flat=True).first()
    return text or ""


def suggested(language: str) -> str:
    """Lytte's suggested starting list for `language`: common customer-service words."""
    if language not in LANGUAGES:
        return ""
    return (SUGGESTED / f"{language}.txt").read_text(encoding="utf-8")
