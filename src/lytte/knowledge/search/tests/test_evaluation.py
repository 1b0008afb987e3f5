"""The demo knowledge base against its evaluation questions: the targets of issue 14
(recall@3 ≥ 0.85 per language, and better than plain unstemmed BM25)."""

from __future__ import annotations

import pytest

from lytte.knowledge.search import evaluation
from lytte.knowledge.search.analysis import LANGUAGES
from lytte.knowledge.search.tests.articles import DEMO, QUESTIONS, load_demo

READY = [
    code
    for code in LANGUAGES
    if (DEMO / f"{code}.csv").is_file() and (QUESTIONS / f"{code}.csv").is_file()
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", READY)
def test_search_beats_plain_bm25(language: str) -> None:
    load_demo([language])
    questions = evaluation.read_questions(QUESTIONS / f"{language}.csv")
    found = evaluation.score(questions, evaluation.real(language))
    plain = evaluation.score(questions, evaluation.plain_bm25(language))
    assert found.questions >= 40
    assert found.mrr > plain.mrr
    assert found.recall_3 >= plain.recall_3
    assert found.recall_10 > plain.recall_10


@pytest.mark.django_db
@pytest.mark.parametrize("language", READY)
def test_search_finds_the_answer_in_the_top_three(language: str) -> None:
    load_demo([language])
    questions = evaluation.read_questions(QUESTIONS / f"{language}.csv")
    assert evaluation.score(questions, evaluation.real(language)).recall_3 >= 0.85


def test_every_question_names_a_title_of_its_language() -> None:
    import csv

    for language in READY:
        with (DEMO / f"{language}.csv").open(encoding="utf-8") as handle:
            titles = {row["title"] for row in csv.DictReader(handle)}
        for _question, title in evaluation.read_questions(QUESTIONS / f"{language}.csv"):
            assert title in titles, (language, title)
