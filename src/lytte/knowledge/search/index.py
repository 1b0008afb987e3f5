"""Keeping search's entries and vocabulary in step with the translations.

A translation is in the index while it is published; its entry holds the analysed terms the
database's full-text index reads (decision 30). The vocabulary counts, per language, the
entries each folded word is in: it splits compounds, finds typos' intended words and weighs
terms on PostgreSQL. Everything here can be rebuilt from the translations (`reindex_all`).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Avg, Count, F
from django.db.models.functions import Length

from lytte.knowledge.models import State, Translation, Visibility
from lytte.knowledge.search.analysis import Document, Known, analyse_document
from lytte.knowledge.search.models import SearchEntry, SearchTerm

CHUNK = 500
STATS_SECONDS = 60.0  # entries and their mean length change slowly; read at most this often

_stats: dict[tuple[str, str], tuple[float, int, float]] = {}


def stats(language: str) -> tuple[int, float]:
    """How many entries the language has, and their mean length in characters."""
    key = (connection.alias, language)
    cached = _stats.get(key)
    if cached and time.monotonic() - cached[0] < STATS_SECONDS:
        return cached[1], cached[2]
    row = (
        SearchEntry.objects.filter(language=language)
        .annotate(size=Length("title_terms") + Length("body_terms") + Length("part_terms"))
        .aggregate(n=Count("pk"), mean=Avg("size"))
    )
    entries, mean = row["n"] or 0, float(row["mean"] or 1.0)
    _stats[key] = (time.monotonic(), entries, mean)
    return entries, mean


def forget_stats() -> None:
    """After a change in this process (other processes read again within STATS_SECONDS)."""
    _stats.clear()


def term_documents(language: str, asked: Iterable[str]) -> dict[str, int]:
    """In how many of the language's entries each of these terms is; terms in none are left
    out. (A term is the stem of several words: the commonest word's count.)"""
    wanted = list(set(asked))
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                "SELECT term, MAX(documents) FROM knowledge_searchterm "  # noqa: S608 -- marks
                f"WHERE language = %s AND term IN ({marks}) GROUP BY term",
                [language, *chunk],
            )
            found.update(cursor.fetchall())
    return found


def known_terms(language: str) -> Known:
    """Which of some terms the vocabulary of `language` has (for splitting compounds)."""

    def known(candidates: Iterable[str]) -> set[str]:
        return set(term_documents(language, candidates))

    return known


def _entry(translation: Translation, document: Document) -> SearchEntry:
    return SearchEntry(
        translation_id=translation.pk,
        language=translation.language,
        public=translation.article.visibility == Visibility.PUBLIC,
        title_terms=" ".join(document.title),
        body_terms=" ".join(document.body),
        part_terms=" ".join(document.parts),
        words=" ".join(f"{word}/{term}" for word, term in sorted(document.words.items())),
    )


def _pairs(entry: SearchEntry | None) -> dict[str, str]:
    if entry is None or not entry.words:
        return {}
    return dict(pair.split("/", 1) for pair in entry.words.split())


def _count(language: str, pairs: dict[str, str], delta: int) -> None:
    """Add `delta` to the entry counts of these words, adding the words that are new."""
    if not pairs:
        return
    words = list(pairs)
    for start in range(0, len(words), CHUNK):
        chunk = words[start : start + CHUNK]
        rows = SearchTerm.objects.filter(language=language, word__in=chunk)
        rows.update(documents=F("documents") + delta)
        if delta > 0:
            have = set(rows.values_list("word", flat=True))
            SearchTerm.objects.bulk_create(
                SearchTerm(language=language, word=w, term=pairs[w], documents=delta)
                for w in chunk
                if w not in have
            )
    SearchTerm.objects.filter(language=language, documents__lte=0).delete()


def reindex(translation_id: int) -> None:
    """Bring the index up to date with this translation: (re)analyse it if published, drop it
    if it is not (draft, review, archived) or gone."""
    forget_stats()
    with transaction.atomic():
        old = SearchEntry.objects.filter(pk=translation_id).first()
        translation = (
            Translation.objects.select_related("article")
            .filter(pk=translation_id, state=State.PUBLISHED)
            .first()
        )
        if old is not None:
            _count(old.language, _pairs(old), -1)
        if translation is None:
            SearchEntry.objects.filter(pk=translation_id).delete()
            return
        language = translation.language
        document = analyse_document(
            translation.title, translation.body, language, known_terms(language)
        )
        entry = _entry(translation, document)
        _count(language, _pairs(entry), +1)
        entry.save()


def reindex_all() -> int:
    """Rebuild the index and vocabulary from the published translations; their number.
    Two passes: the first learns every language's vocabulary, so the second splits each
    compound against all the articles, not only those indexed before it."""
    translations = list(
        Translation.objects.select_related("article")
        .filter(state=State.PUBLISHED)
        .only("pk", "language", "title", "body", "article__visibility")
    )
    vocabulary: dict[str, set[str]] = {}
    counts: dict[str, Counter[tuple[str, str]]] = {}
    for translation in translations:
        first = analyse_document(translation.title, translation.body, translation.language, None)
        vocabulary.setdefault(translation.language, set()).update(first.title, first.body)
        counts.setdefault(translation.language, Counter()).update(first.words.items())
    entries = []
    for translation in translations:
        known = vocabulary[translation.language]
        document = analyse_document(
            translation.title, translation.body, translation.language, known.intersection
        )
        entries.append(_entry(translation, document))
    forget_stats()
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        SearchTerm.objects.all().delete()
        SearchEntry.objects.bulk_create(entries, batch_size=CHUNK)
        SearchTerm.objects.bulk_create(
            (
                SearchTerm(language=language, word=word, term=term, documents=n)
                for language, counter in counts.items()
                for (word, term), n in counter.items()
            ),
            batch_size=CHUNK * 4,
        )
    return len(entries)
