"""A reader's query as groups of index terms: one group per word that is not a stopword,
holding its stems, the parts of a compound, and for a word the index has never seen the
words of the vocabulary (the help centre's, and the community's threads') within one or two
typing mistakes of it."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection

from lytte.knowledge.search.analysis import (
    COMPOUND_MIN,
    COMPOUNDING,
    LANGUAGES,
    best_split,
    compound_splits,
    fold,
    known_parts,
    stem,
    terms,
    words,
)
from lytte.knowledge.search.index import stats, term_documents
from lytte.knowledge.search.stopwords import STOPWORDS
from lytte.knowledge.search.synonyms import expansions

PREFIX_MIN = 3  # a word being typed finds the words it begins once it has this many letters
TYPO_MIN = 4  # shorter words are not corrected ("app" is not a typo of "apr")
CANDIDATES = 60  # vocabulary words sharing trigrams, checked for their edit distance
SIMILAR = 200  # SQLite: words sharing most trigrams, before their length is checked


@dataclass(frozen=True)
class Options:
    """What the analysis does beyond stems and folding (the evaluation turns them off)."""

    compounds: bool = True
    typos: bool = True
    synonyms: bool = True


@dataclass
class Group:
    word: str
    terms: set[str]
    prefix: bool = False  # the last word while typing: its terms match as prefixes
    synonyms: set[str] = field(default_factory=set)  # terms from the synonym list
    documents: int = 0  # entries with the word's commonest term (for its weight)
    weight: float = 1.0


@dataclass
class Query:
    language: str
    groups: list[Group] = field(default_factory=list)
    entries: int = 0  # entries in the language


def analyse(text: str, language: str, options: Options, *, prefix: bool = False) -> Query:
    """The query's groups in `language`. With `prefix`, the last word may be unfinished."""
    found = words(text)
    if prefix and found and not text.rstrip().endswith(found[-1]):
        prefix = False  # a space or a mark after the last word: it is finished
    if prefix and found and len(found[-1]) < PREFIX_MIN:
        found.pop()  # "hvordan b": every word with a b, nothing to suggest by yet
        prefix = False
    kept = [w for w in found if w not in STOPWORDS[language]]
    if prefix and found and found[-1] not in kept:
        kept.append(found[-1])  # "hvor" may become "hvordan" or "hvorfor"
    query = Query(language)
    query.groups = [Group(w, set(terms(w, language))) for w in dict.fromkeys(kept)]
    if not query.groups:
        return query
    if prefix and kept[-1] == found[-1]:
        last = query.groups[-1]
        last.prefix = True
        last.terms = {fold(last.word), stem(last.word, language)}
    whole = [g for g in query.groups if not g.prefix]
    documents = _vocabulary(whole, language, options)
    if options.compounds:
        _split(whole, language, documents)
    if options.synonyms:
        _expand(whole, language)
    _weigh(query, whole, options, documents)
    return query


def _vocabulary(groups: list[Group], language: str, options: Options) -> dict[str, int]:
    """In how many entries each term the analysis may ask about is (absent: in none), in one
    question: the words' terms, the parts of every cut of them, and their synonyms."""
    asked = {term for group in groups for term in group.terms}
    if options.compounds:
        for group in groups:
            if len(group.word) >= COMPOUND_MIN:
                pairs = compound_splits(group.word, language)
                asked.update(term for pair in pairs for term in pair)
    if options.synonyms:
        listed = expansions(language)
        asked.update(*(listed.get(term, ()) for term in list(asked)))
    return term_documents(language, asked)


def _split(groups: list[Group], language: str, documents: dict[str, int]) -> None:
    def known(candidates: Iterable[str]) -> set[str]:
        return documents.keys() & set(candidates)

    for group in groups:
        if language not in COMPOUNDING and known(group.terms):
            continue
        if len(group.word) >= COMPOUND_MIN:
            split = best_split(group.word, language, known)
            if split:
                group.terms.update(split)
            elif not known(group.terms):
                group.terms.update(known_parts(group.word, language, known))


def _expand(groups: list[Group], language: str) -> None:
    """Add the terms of each word's synonyms (the language's list, `synonyms.py`)."""
    listed = expansions(language)
    if not listed:
        return
    for group in groups:
        found = set().union(*(listed.get(term, ()) for term in group.terms)) - group.terms
        group.synonyms = found
        group.terms |= found


def _weigh(query: Query, groups: list[Group], options: Options, documents: dict[str, int]) -> None:
    """Typo corrections for words the index lacks, and each group's entry count and inverse
    document frequency."""
    language = query.language
    for group in groups:
        if not documents.keys() & group.terms and options.typos:
            for _word, term, n in corrections(fold(group.word), language):
                group.terms.add(term)
                if n:  # a word only threads have is in no entry: it does not weigh
                    documents[term] = max(n, documents.get(term, 0))
        # A word's own terms weigh it; its synonyms' only when the index lacks its own (a
        # rare word is not made common by a common synonym).
        own = [documents.get(t, 0) for t in group.terms - group.synonyms]
        counts = own if any(own) else [documents.get(t, 0) for t in group.terms]
        group.documents = max(counts, default=0)
    query.entries = stats(language)[0]
    for group in query.groups:
        n = group.documents if not group.prefix else 0
        group.weight = math.log(1 + (query.entries - n + 0.5) / (n + 0.5))


def distance(a: str, b: str, limit: int) -> int:
    """Edit distance (insert, delete, replace, swap two neighbours), or limit+1 if more."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return row[-1]


def corrections(word: str, language: str) -> list[tuple[str, str, int]]:
    """The vocabulary's (word, term, entries) nearest to an unknown folded word: within one
    edit for words of up to eight letters, two for longer ones; the three commonest of the
    help centre's words at their nearest, and the three commonest of the words only the
    community's threads have (their entries 0) at theirs, unless a help-centre word is
    nearer. The help centre's corrections are what they were without the threads' words;
    those only add terms that find threads (and articles of the same stem)."""
    if len(word) < TYPO_MIN or language not in LANGUAGES:
        return []
    limit = 1 if len(word) <= 8 else 2
    articles: list[tuple[int, int, str, str]] = []
    threads: list[tuple[int, int, str, str]] = []
    for candidate, term, documents, in_threads in _candidates(word, language, limit):
        d = distance(word, candidate, limit)
        if d <= limit:
            if documents:
                articles.append((d, -documents, candidate, term))
            else:
                threads.append((d, -in_threads, candidate, term))
    found = _nearest(articles)
    if threads and (not articles or min(threads)[0] <= min(articles)[0]):
        found += [(c, t, 0) for c, t, _n in _nearest(threads)]
    return found


def _nearest(scored: list[tuple[int, int, str, str]]) -> list[tuple[str, str, int]]:
    """The three commonest (word, term, count) of those at the nearest distance."""
    scored.sort()
    best = scored[0][0] if scored else 0
    return [(c, t, -n) for d, n, c, t in scored if d == best][:3]


def _candidates(word: str, language: str, limit: int) -> list[tuple[str, str, int, int]]:
    """Vocabulary words that share trigrams with `word` (FTS5 trigram table on SQLite,
    pg_trgm on PostgreSQL), or, without pg_trgm, that begin with its first two letters:
    (word, term, help-centre entries, community threads)."""
    low, high = len(word) - limit, len(word) + limit
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # The language's trigram table ranks its words by shared trigrams; the best are
            # joined to their rows (joined first, every match's row is read: ten times slower).
            grams = {word[i : i + 3] for i in range(len(word) - 2)}
            fts = f"knowledge_searchterm_fts_{language}"  # one of LANGUAGES, not input
            cursor.execute(
                "SELECT t.word, t.term, t.documents, t.threads FROM ("  # noqa: S608 -- see fts
                f"SELECT rowid AS id FROM {fts} WHERE {fts} MATCH %s ORDER BY rank LIMIT %s"
                ") AS best JOIN knowledge_searchterm t ON t.id = best.id "
                "WHERE length(t.word) BETWEEN %s AND %s",
                [" OR ".join(f'"{g}"' for g in sorted(grams)), SIMILAR, low, high],
            )
        elif _has_trigrams():
            cursor.execute(
                "SELECT word, term, documents, threads FROM knowledge_searchterm "
                "WHERE language = %s AND word %% %s AND length(word) BETWEEN %s AND %s "
                "ORDER BY similarity(word, %s) DESC LIMIT %s",
                [language, word, low, high, word, CANDIDATES],
            )
        else:
            cursor.execute(
                "SELECT word, term, documents, threads FROM knowledge_searchterm "
                "WHERE language = %s AND word LIKE %s AND length(word) BETWEEN %s AND %s "
                "LIMIT %s",
                [language, word[:2] + "%", low, high, CANDIDATES * 10],
            )
        return list(cursor.fetchall())


_TRIGRAMS: dict[str, bool] = {}


def _has_trigrams() -> bool:
    alias = connection.alias
    if alias not in _TRIGRAMS:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_indexes "
                "WHERE indexname LIKE 'knowledge\\_searchterm\\_trigrams%'"
            )
            _TRIGRAMS[alias] = cursor.fetchone()[0] > 0
    return _TRIGRAMS[alias]
