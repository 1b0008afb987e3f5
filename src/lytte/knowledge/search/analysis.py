"""Text to search terms, per language: words, case and accent folding, stopwords, Snowball
stems, and Nordic compounds split against the index's own vocabulary.

Every term the index stores or a query asks for is *folded* (æ→ae, ø→o, å→a, ä→a, ö→o), so
"odegard" meets "Ødegård" and "myohassa" meets "myöhässä"; a word with those letters also
gets its other spelling ("oedegaard"), as people type both.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer  # type: ignore[import-not-found]  # PyStemmer ships no type hints

from lytte.knowledge.search.stopwords import STOPWORDS

SNOWBALL = {
    "nb": "norwegian",
    "da": "danish",
    "sv": "swedish",
    "fi": "finnish",
    "en": "english",
}
LANGUAGES = tuple(SNOWBALL)

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "ß": "ss"})
_FOLD_OTHER = str.maketrans({"æ": "a", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe"})
_WORD = re.compile(r"[^\W_]+")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
# Linking letters between the parts of a compound: faktura|adresse, levering|s|tid.
_LINKS = {"nb": ("s", "e"), "da": ("s", "e"), "sv": ("s",), "fi": (), "en": ()}
# English writes its compounds apart ("delivery address"): its articles' words are not cut
# ("something" is no "some thing"), only a query's word the index does not know ("backorder").
COMPOUNDING = ("nb", "da", "sv", "fi")
PART_MIN = 3  # the shortest part of a compound ("tid", "app")
STEM_MIN = 4  # measured: docs/benchmarks.md
COMPOUND_MIN = 7  # the shortest word tried as a compound
PART_ALONE = 5  # the shortest part searched alone, when the other part is unknown
WORD_MAX = 60  # longer "words" (hashes, pasted links) stay out of the vocabulary


def fold(word: str) -> str:
    """Lower case, Nordic letters to their plain spelling, other accents dropped."""
    text = word.casefold().translate(_FOLD)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_other(word: str) -> str:
    """The other plain spelling: æ→a, ø→oe, å→aa (for "oedegaard")."""
    return fold(word.casefold().translate(_FOLD_OTHER))


def plain_text(markdown: str) -> str:
    """Markdown as the words a reader sees: link targets and markup characters dropped."""
    return _LINK_TARGET.sub("]", markdown)


def words(text: str) -> list[str]:
    """The words of `text` in lower case, in order (letters and digits, any script)."""
    return _WORD.findall(text.casefold())


@lru_cache(maxsize=8)
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(SNOWBALL[language])


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The folded stem of a lower-case word. Snowball twice, so a form it strips in two
    steps meets the shorter form (nb "fakturaen" → "faktura" → "faktur" = "faktura"), and a
    few endings Snowball leaves: Swedish definite -n/-t after a vowel ("fakturan"), Finnish
    -s/-ks stems ("tilaus", "tilauksen", "tilausta" all → "tilau")."""
    if language == "sv" and len(word) >= 6 and word[-1] in "nt" and word[-2] in "aeiouyåäö":
        word = word[:-1]
    stemmer = _stemmer(language)
    result = stemmer.stemWord(stemmer.stemWord(word))
    if language == "fi" and len(result) >= 5:
        if result.endswith("ks") and result[-3] in "aeiouyäö":
            result = result[:-2]
        elif result.endswith("s") and result[-2] in "aeiouyäö":
            result = result[:-1]
    return fold(result)


@lru_cache(maxsize=200_000)
def terms(word: str, language: str) -> frozenset[str]:
    """The index terms of one lower-case word: its folded stem, the stem of its folded
    spelling where Snowball treats those differently (Finnish vowel harmony), and the word as
    written (folded), so the exact form a reader types counts twice: "fakturaen" finds every
    form of "faktura", the articles that say "fakturaen" first."""
    return frozenset((stem(word, language), stem(fold(word), language), fold(word)))


def compound_splits(word: str, language: str) -> list[tuple[str, str]]:
    """Every way to cut `word` in two parts of at least PART_MIN letters, as pairs of terms
    (head, tail), trying the head with and without a linking letter; longest head first.
    Which split is real is for the vocabulary to say (`best_split`)."""
    folded = fold(word)
    if len(folded) < COMPOUND_MIN:
        return []
    splits = []
    for cut in range(len(folded) - PART_MIN, PART_MIN - 1, -1):
        head, tail = folded[:cut], folded[cut:]
        tail_term = stem(tail, language)
        heads = [head]
        if head[-1] in _LINKS[language] and len(head) > PART_MIN:
            heads.append(head[:-1])
        splits += [(stem(h, language), tail_term) for h in heads]
    return splits


def best_split(
    word: str, language: str, known: Callable[[Iterable[str]], set[str]]
) -> tuple[str, str] | None:
    """The split of `word` whose two parts are both terms the index knows, preferring the
    most even cut ("faktura|adresse" over "fakt|uraadresse"), or None."""
    splits = compound_splits(word, language)
    if not splits:
        return None
    vocabulary = known({term for pair in splits for term in pair})
    # A part whose stem is shorter than STEM_MIN is a fragment ("forsen|delse" → for, del).
    found = [
        pair
        for pair in splits
        if pair[0] in vocabulary and pair[1] in vocabulary and min(map(len, pair)) >= STEM_MIN
    ]
    if not found:
        return None
    return max(found, key=lambda pair: min(len(pair[0]), len(pair[1])))


def known_parts(word: str, language: str, known: Callable[[Iterable[str]], set[str]]) -> list[str]:
    """When no split has two known parts: the longest known first part and the longest known
    last part, of PART_ALONE letters or more ("dobbelbetaling" is a "betaling";
    "leveringstid" is about "levering")."""
    splits = compound_splits(word, language)
    vocabulary = known({term for pair in splits for term in pair})
    found = []
    for side in (0, 1):
        parts = [pair[side] for pair in splits if len(pair[side]) >= PART_ALONE]
        parts = [part for part in parts if part in vocabulary]
        if parts:
            found.append(max(parts, key=len))
    return found


@dataclass
class Document:
    """A translation as the index stores it: the terms of its title and body, the parts of
    its compounds (a column of their own, weighted lower), and the words it contains."""

    title: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    words: dict[str, str] = field(default_factory=dict)  # folded word → its term


Known = Callable[[Iterable[str]], set[str]]


def _add(document: Document, column: list[str], text: str, language: str) -> None:
    stopwords = STOPWORDS[language]
    for word in words(text):
        if word in stopwords:
            continue
        primary = stem(word, language)
        column.append(primary)
        column.extend(sorted(terms(word, language) - {primary}))
        if len(word) <= WORD_MAX:
            document.words[fold(word)] = primary
        other = fold_other(word)
        if other != fold(word):
            document.parts.append(stem(other, language))


def analyse_document(title: str, body: str, language: str, known: Known | None) -> Document:
    """Index terms for a translation. `known` answers which terms the index (or this text)
    already has, for splitting compounds; None leaves compounds whole."""
    document = Document()
    _add(document, document.title, title, language)
    _add(document, document.body, plain_text(body), language)
    if known is not None and language in COMPOUNDING:
        own = set(document.title) | set(document.body)

        def known_here(candidates: Iterable[str]) -> set[str]:
            wanted = set(candidates)
            return (wanted & own) | known(wanted - own)

        for word in set(words(title) + words(plain_text(body))):
            if word not in STOPWORDS[language]:
                split = best_split(word, language, known_here)
                if split:
                    document.parts.extend(split)
    return document
