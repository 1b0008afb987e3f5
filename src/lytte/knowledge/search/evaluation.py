"""Measuring search against questions whose answer is known: recall@1, @3, @10 and the mean
reciprocal rank, for the real search and, to compare, for search without compound splitting
and for plain BM25 on unstemmed words (what search would be without any of the analysis)."""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lytte.knowledge.search import Audience
from lytte.knowledge.search.analysis import LANGUAGES, plain_text, words
from lytte.knowledge.search.query import Options
from lytte.knowledge.search.ranking import Mode, ranked
from lytte.knowledge.selectors import public_translations

COLUMNS = ("question", "title")
K1, B = 1.2, 0.75
TITLE_BOOST = 5  # the same weight the real search gives a title word


class EvaluationError(ValueError):
    """The questions cannot be read: the message says why, in one sentence."""


@dataclass(frozen=True)
class Scores:
    questions: int
    recall_1: float
    recall_3: float
    recall_10: float
    mrr: float


def read_questions(path: Path) -> list[tuple[str, str]]:
    """(question, title) rows of a CSV file with the columns question,title."""
    if not path.is_file():
        raise EvaluationError(f"There is no file {path}.")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not set(COLUMNS) <= set(reader.fieldnames):
            found = ", ".join(reader.fieldnames or []) or "none"
            raise EvaluationError(f"{path} needs the columns question,title (it has: {found}).")
        rows = [(row["question"] or "", row["title"] or "") for row in reader]
    rows = [(q.strip(), t.strip()) for q, t in rows if q and q.strip()]
    if not rows:
        raise EvaluationError(f"{path} has no questions.")
    return rows


def language_of(path: Path, language: str | None) -> str:
    """The language asked for, or the one the file is named after (nb.csv)."""
    code = language or path.stem.split(".")[0]
    if code not in LANGUAGES:
        raise EvaluationError(
            f"Unknown language {code!r}: name one of {', '.join(LANGUAGES)} with --language."
        )
    return code


Ranker = Callable[[str], list[str]]  # a question → the titles found, best first


def score(questions: Sequence[tuple[str, str]], search: Ranker) -> Scores:
    ranks = []
    for question, title in questions:
        titles = search(question)[:10]
        ranks.append(titles.index(title) + 1 if title in titles else 0)
    n = len(ranks)
    return Scores(
        n,
        sum(0 < r <= 1 for r in ranks) / n,
        sum(0 < r <= 3 for r in ranks) / n,
        sum(0 < r <= 10 for r in ranks) / n,
        sum(1 / r for r in ranks if r) / n,
    )


def real(language: str, options: Options | None = None, mode: Mode = Mode.AUTO) -> Ranker:
    """The search the help centre uses (customers' audience), with these options; `mode`
    names a ranking (full-text, vector, hybrid) instead of the one the settings choose."""

    def search(question: str) -> list[str]:
        hits = ranked(
            question,
            language=language,
            audience=Audience.PUBLIC,
            limit=10,
            options=options,
            mode=mode,
        )
        return [hit.title for hit in hits]

    return search


def plain_bm25(language: str) -> Ranker:
    """BM25 over the lower-cased words as written: no stems, folding, stopwords, compounds
    or typos; a title word counts TITLE_BOOST times, as in the real search."""
    documents = []
    for title, body in public_translations().filter(language=language).values_list("title", "body"):
        counts = Counter(words(title) * TITLE_BOOST + words(plain_text(body)))
        documents.append((title, counts, sum(counts.values())))
    if not documents:
        return lambda question: []
    average = sum(length for _t, _c, length in documents) / len(documents)
    frequency: Counter[str] = Counter()
    for _title, counts, _length in documents:
        frequency.update(counts.keys())
    n = len(documents)

    def search(question: str) -> list[str]:
        scored = []
        for title, counts, length in documents:
            total = 0.0
            for word in set(words(question)):
                tf = counts.get(word, 0)
                if tf:
                    idf = math.log(1 + (n - frequency[word] + 0.5) / (frequency[word] + 0.5))
                    total += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average))
            if total > 0:
                scored.append((-total, title))
        return [title for _score, title in sorted(scored)[:10]]

    return search
