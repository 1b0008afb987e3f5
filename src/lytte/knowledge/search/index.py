"""Keeping search's entries and vocabulary in step with the translations.

A translation is in the index while it is published; its entry holds the analysed terms the
database's full-text index reads (decision 30). The vocabulary counts, per language, the
entries each folded word is in: it splits compounds, finds typos' intended words and weighs
terms on PostgreSQL. Everything here can be rebuilt from the translations (`reindex_all`).

The vocabulary also counts, apart, the community's listed threads each word is in
(`SearchTerm.threads`, kept by community.search through `count_thread_words` and
`recount_thread_words`): a word customers use only in the forum is a typo's correction, but
splits no compound and weighs no article's term (those read `documents` only).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Avg, Count, F
from django.db.models.functions import Greatest, Length

from lytte.knowledge.models import State, Translation, Visibility
from lytte.knowledge.search import vectors
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
    out, those only the community's threads have too. (A term is the stem of several words:
    the commonest word's count.)"""
    wanted = list(set(asked))
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                "SELECT term, MAX(documents) FROM knowledge_searchterm "  # noqa: S608 -- marks
                f"WHERE language = %s AND term IN ({marks}) AND documents > 0 GROUP BY term",
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


def word_pairs(words: str) -> dict[str, str]:
    """An entry's stored `words` ("word/term word/term ...") as folded word -> term; the
    help centre's entries and the community's threads store them alike."""
    return dict(pair.split("/", 1) for pair in words.split())


# Adds a word or counts it once more, in one statement: the community's threads are indexed
# after their writes commit, many at once, and may bring the same new word together.
UPSERT = (
    "INSERT INTO knowledge_searchterm (language, word, term, documents, threads) VALUES {values} "
    "ON CONFLICT (language, word) DO UPDATE SET {column} = knowledge_searchterm.{column} "
    "+ excluded.{column}"
)


def _count(language: str, pairs: dict[str, str], delta: int, column: str = "documents") -> None:
    """Add `delta` to the `column` counts (help-centre entries, or community threads) of
    these words: words that are new are added, words counted by neither any more removed.
    In the words' order, so two writers lock their rows in the same order."""
    words = sorted(pairs)
    for start in range(0, len(words), CHUNK):
        chunk = words[start : start + CHUNK]
        if delta > 0:
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
            params: list[str | int] = []
            for word in chunk:
                counts = (delta, 0) if column == "documents" else (0, delta)
                params += [language, word, pairs[word], *counts]
            with connection.cursor() as cursor:
                cursor.execute(UPSERT.format(values=values, column=column), params)
            continue
        rows = SearchTerm.objects.filter(language=language, word__in=chunk)
        rows.update(**{column: Greatest(F(column) + delta, 0)})
        rows.filter(documents=0, threads=0).delete()


def count_thread_words(language: str, pairs: dict[str, str], delta: int) -> None:
    """A community thread's distinct words (folded word → term), counted once more (+1) or
    once less (-1) in the vocabulary of `language`."""
    _count(language, pairs, delta, column="threads")


def recount_thread_words(counts: dict[str, Counter[tuple[str, str]]]) -> None:
    """The community's threads' counts replaced by these: per language, how many threads
    each (word, term) is in. Words that only threads had and no longer have go."""
    with transaction.atomic():
        _replace_counts(counts, "threads")


def _replace_counts(counts: dict[str, Counter[tuple[str, str]]], column: str) -> None:
    """Replace every word's `column` count ("documents" or "threads") by `counts` (per
    language, (word, term) -> n), keeping the other column's: words only the other column
    counted stay, words neither counts any more go."""
    other = "threads" if column == "documents" else "documents"
    SearchTerm.objects.filter(**{other: 0}).delete()
    SearchTerm.objects.filter(**{f"{column}__gt": 0}).update(**{column: 0})
    SearchTerm.objects.bulk_create(
        (
            SearchTerm(language=language, word=word, term=term, **{column: n})
            for language, counter in counts.items()
            for (word, term), n in counter.items()
        ),
        batch_size=CHUNK * 4,
        update_conflicts=True,
        unique_fields=["language", "word"],
        update_fields=[column],
    )


def reindex(translation_id: int) -> None:
    """Bring the index up to date with this translation: (re)analyse it if published, drop it
    if it is not (draft, review, archived) or gone."""
    forget_stats()
    # The article's vector (hybrid search, decision 54) once the change is committed: embedding
    # takes tens of milliseconds, not to be held inside the editor's transaction.
    transaction.on_commit(lambda: vectors.refresh(translation_id), robust=True)
    with transaction.atomic():
        old = SearchEntry.objects.filter(pk=translation_id).first()
        translation = (
            Translation.objects.select_related("article")
            .filter(pk=translation_id, state=State.PUBLISHED)
            .first()
        )
        if old is not None:
            _count(old.language, word_pairs(old.words), -1)
        if translation is None:
            SearchEntry.objects.filter(pk=translation_id).delete()
            return
        language = translation.language
        document = analyse_document(
            translation.title, translation.body, language, known_terms(language)
        )
        entry = _entry(translation, document)
        _count(language, word_pairs(entry.words), +1)
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
        SearchEntry.objects.bulk_create(entries, batch_size=CHUNK)
        # The community's threads' counts stay: only the articles' are rebuilt.
        _replace_counts(counts, "documents")
    vectors.rebuild_all()
    return len(entries)
