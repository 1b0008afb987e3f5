"""The classifier learns reasons from labelled texts in any of the five languages."""

from __future__ import annotations

import pytest

from lytte.insights.classifier import ReasonClassifier, evaluate, train
from lytte.insights.tests.conftest import labelled


def test_it_learns_reasons_well_enough_on_texts_it_has_not_seen() -> None:
    train_texts, train_labels = labelled(copies=4, seed=1)
    test_texts, test_labels = labelled(copies=2, seed=99)  # other typos, other dropped words

    result = evaluate(train(train_texts, train_labels), test_texts, test_labels)

    assert result.accuracy >= 0.9
    assert result.macro_f1 >= 0.9
    assert set(result.per_reason) == {"invoice", "delivery", "fault", "cancellation"}


def test_it_suggests_the_right_reason_first_in_each_language(small_model: ReasonClassifier) -> None:
    examples = {
        "faktura med feil beløp igjen": "invoice",  # Norwegian
        "jeg har ikke modtaget min pakke": "delivery",  # Danish
        "internet fungerar inte hemma": "fault",  # Swedish
        "haluan irtisanoa sopimuksen": "cancellation",  # Finnish
        "I want to cancel the subscription": "cancellation",  # English
    }
    for text, reason in examples.items():
        suggestions = small_model.suggest(text)
        assert suggestions[0].reason == reason, (text, suggestions)
        assert 0 < suggestions[0].score <= 1
        assert len(suggestions) <= 3


def test_a_model_survives_being_stored_and_loaded(small_model: ReasonClassifier) -> None:
    stored = small_model.dumps()

    loaded = ReasonClassifier.loads(stored)

    assert loaded.suggest("pakken kom aldri") == small_model.suggest("pakken kom aldri")
    assert len(stored) < 20_000_000


def test_empty_text_gets_no_suggestions(small_model: ReasonClassifier) -> None:
    assert small_model.suggest("   ") == []


def test_the_fast_path_for_one_text_agrees_with_the_pipeline(small_model: ReasonClassifier) -> None:
    for text in ["faktura feil", "Pakken min kom aldri 📦", "ei toimi", "x", "Å"]:
        fast = small_model.probabilities(text)
        general = small_model.pipeline.predict_proba([text])[0]
        assert fast == pytest.approx(general, abs=1e-9), text
