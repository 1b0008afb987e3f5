"""Per-reason confidence thresholds (decision 52): learnt at training on held-out texts, so a
suggestion under its reason's threshold is "maybe", never chosen for the agent, and the API
says so in a field added beside the old ones."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from django.test import Client

from lytte.accounts.models import Team, User
from lytte.api.tests.conftest import ApiClient, as_agent, client_for
from lytte.cases.models import Case, Channel, ContactReason
from lytte.cases.services import open_case
from lytte.insights.classifier import ReasonClassifier, train
from lytte.insights.confidence import (
    confident,
    coverage,
    first_suggestions,
    thresholds,
    train_calibrated,
)
from lytte.insights.selectors import suggest
from lytte.insights.services import train_model
from lytte.insights.tests.conftest import labelled
from lytte.insights.tests.test_embeddings import Counting, categorised, no_package, run, write
from lytte.insights.tests.test_suggestions import store

__all__ = ["as_agent", "client_for", "no_package"]

INVOICE = "faktura med feil beløp igjen"


# Learning the thresholds ----------------------------------------------------------------------


def test_the_threshold_is_the_lowest_score_at_which_the_reason_is_precise_enough() -> None:
    # invoice: right down to 0.5, then wrong; delivery: always right; other: never 9 in 10.
    predicted = ["invoice"] * 12 + ["delivery"] * 6 + ["other"] * 10
    scores = [0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4]
    scores += [0.9, 0.8, 0.7, 0.6, 0.5, 0.3]
    scores += [0.99, 0.98, 0.97, 0.96, 0.95, 0.94, 0.93, 0.92, 0.91, 0.90]
    truth = ["invoice"] * 10 + ["delivery", "other"]
    truth += ["delivery"] * 6
    truth += ["invoice", "other"] * 5

    found = thresholds(
        predicted, scores, truth, ["invoice", "delivery", "other", "fault"], target=0.9
    )

    # 10 right of 11 at 0.45 (0.909); 10 of 12 at 0.4 (0.833): 0.45 is the lowest.
    assert found["invoice"] == pytest.approx(0.45)
    assert found["delivery"] == pytest.approx(0.3)
    assert found["other"] == math.inf  # its scores never reach the precision target
    # Never a first suggestion on the held-out texts: nothing learnt, the one setting applies.
    assert found["fault"] is None
    assert confident(0.6, found["invoice"], preselect=0.5)
    assert not confident(0.44, found["invoice"], preselect=0.0)
    assert not confident(0.49, found["delivery"], preselect=0.5)  # never under the setting
    assert not confident(0.999, found["other"], preselect=0.0)
    assert confident(0.5, found["fault"], preselect=0.5)


def test_too_few_held_out_suggestions_prove_nothing_and_ties_go_together() -> None:
    few = thresholds(["order"] * 4, [0.9, 0.8, 0.7, 0.6], ["order"] * 4, ["order"])
    assert few["order"] is None

    # Six at 0.6, one of them wrong: at 0.6 the precision is 9/10 (the six go together).
    tied = thresholds(
        ["order"] * 10,
        [0.9, 0.8, 0.7, 0.65] + [0.6] * 6,
        ["order"] * 9 + ["other"],
        ["order"],
        target=0.9,
    )
    assert tied["order"] == pytest.approx(0.6)
    stricter = thresholds(
        ["order"] * 10,
        [0.9, 0.8, 0.7, 0.65] + [0.6] * 6,
        ["order"] * 8 + ["other"] * 2,
        ["order"],
        target=0.9,
    )
    assert stricter["order"] == math.inf  # 0.65 covers too few, 0.6 only 8 in 10
    assert thresholds(["order"] * 5, [0.5] * 5, ["order"] * 5, ["order"], target=1.0) == {
        "order": 0.5
    }


def test_training_learns_a_threshold_per_reason_and_a_confused_reason_is_never_confident() -> None:
    texts, labels = labelled(copies=8)
    # A reason whose texts are the invoice texts again: its first suggestions are right about
    # half of the time, so it never reaches the target and is never confident.
    copies = [text for text, code in zip(texts, labels, strict=True) if code == "invoice"]
    texts += copies
    labels += ["copy-of-invoice"] * len(copies)

    calibrated = train_calibrated(texts, labels, target=0.9)

    classifier = calibrated.classifier
    assert classifier.precision_target == 0.9
    assert set(classifier.thresholds or {}) == set(classifier.reasons)
    assert classifier.threshold("copy-of-invoice", False) == math.inf
    assert (classifier.threshold("delivery", False) or 1.0) < 1.0
    assert classifier.threshold("no-such-reason", False) == math.inf
    assert 0.0 < calibrated.coverage.coverage < 1.0
    assert calibrated.coverage.accuracy >= 0.9 > calibrated.held_out.accuracy
    predicted, _scores = first_suggestions(classifier, texts)
    rows = [i for i, code in enumerate(predicted) if code == "copy-of-invoice"]
    assert rows
    assert coverage(classifier, [texts[i] for i in rows], [labels[i] for i in rows]).covered == 0


def test_a_model_with_embeddings_learns_its_fallbacks_thresholds_too() -> None:
    texts, labels = labelled(copies=8)
    vectors = Counting()(texts)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)

    classifier = train_calibrated(
        texts, labels, vectors=vectors, embedding="test-trigrams/1"
    ).classifier

    assert classifier.thresholds is not None
    assert classifier.fallback_thresholds is not None
    assert classifier.threshold("delivery", True) == classifier.thresholds["delivery"]
    assert classifier.threshold("delivery", False) == classifier.fallback_thresholds["delivery"]
    classifier.fallback_thresholds["delivery"] = math.inf
    assert classifier.threshold("delivery", False) == math.inf
    assert classifier.threshold("delivery", True) != math.inf


def test_a_model_trained_before_thresholds_keeps_the_one_setting(
    db: None, small_model: ReasonClassifier, settings: object
) -> None:
    old = train(*labelled())  # as unpickled from before: no thresholds
    assert old.threshold("invoice", False) is None
    store(old)

    settings.REASONS_PRESELECT = 0.0  # type: ignore[attr-defined]
    assert suggest(INVOICE).confident
    settings.REASONS_PRESELECT = 1.01  # type: ignore[attr-defined]
    found = suggest(INVOICE)
    assert not found.confident
    assert found.sure is None
    assert found.items[0].reason.code == "invoice"


# Where suggestions are used ------------------------------------------------------------------


def with_threshold(value: float, settings: object, preselect: float = 0.0) -> ReasonClassifier:
    settings.REASONS_PRESELECT = preselect  # type: ignore[attr-defined]
    classifier = train(*labelled())
    classifier.thresholds = dict.fromkeys(classifier.reasons, 0.0)
    classifier.thresholds["invoice"] = value
    classifier.precision_target = 0.9
    store(classifier)
    return classifier


def test_under_its_threshold_the_first_suggestion_is_shown_but_not_chosen(
    db: None, settings: object
) -> None:
    with_threshold(math.inf, settings)

    found = suggest(INVOICE)

    assert found.items[0].reason.code == "invoice"  # still shown, as a possibility
    assert not found.confident
    assert found.sure is None


def test_at_its_threshold_the_first_suggestion_is_confident(db: None, settings: object) -> None:
    with_threshold(0.0, settings)

    found = suggest(INVOICE)

    assert found.confident
    assert found.sure is not None
    assert found.sure.code == "invoice"


def test_a_learnt_threshold_never_lowers_the_preselect_setting(db: None, settings: object) -> None:
    with_threshold(0.0, settings, preselect=1.01)

    assert not suggest(INVOICE).confident


def test_the_api_adds_confident_beside_the_fields_it_had(
    as_agent: ApiClient, settings: object
) -> None:
    with_threshold(math.inf, settings)
    unsure = as_agent.send("post", "reasons/suggest", {"text": INVOICE}).json()
    assert set(unsure) == {"suggestions", "model_version", "confident"}
    assert unsure["confident"] is False
    assert unsure["suggestions"][0]["reason"]["code"] == "invoice"
    assert set(unsure["suggestions"][0]) == {"reason", "score", "source"}

    with_threshold(0.0, settings)
    assert as_agent.send("post", "reasons/suggest", {"text": INVOICE}).json()["confident"] is True


def test_the_openapi_schema_describes_confident(client: Client, agent: User) -> None:
    client.force_login(agent)
    schema = client.get("/api/v1/openapi.json").json()
    out = schema["components"]["schemas"]["SuggestOut"]
    assert out["properties"]["confident"]["type"] == "boolean"
    assert set(out["required"]) >= {"suggestions", "confident"}


@pytest.fixture
def case(team_oslo: Team) -> Case:
    return open_case(channel=Channel.PHONE, opened_by=None, subject="Oppringning", team=team_oslo)


def test_the_desk_says_there_is_no_confident_suggestion_and_chooses_none(
    client: Client, agent: User, case: Case, settings: object
) -> None:
    client.force_login(agent)
    with_threshold(math.inf, settings)

    fragment = client.get(
        f"/desk/cases/{case.number}/reason-suggestions/", {"note": INVOICE}
    ).content.decode()

    invoice = ContactReason.objects.get(code="invoice")
    assert 'id="no-confident-suggestion"' in fragment
    assert "Ikke noe sikkert forslag" in fragment or "No confident suggestion" in fragment
    assert f'id="suggested-reason-{invoice.pk}"' in fragment
    assert "checked" not in fragment
    assert "reason-option suggested maybe" in fragment


def test_the_desk_chooses_a_confident_suggestion(
    client: Client, agent: User, case: Case, settings: object
) -> None:
    client.force_login(agent)
    with_threshold(0.0, settings)

    fragment = client.get(
        f"/desk/cases/{case.number}/reason-suggestions/", {"note": INVOICE}
    ).content.decode()

    invoice = ContactReason.objects.get(code="invoice")
    assert "no-confident-suggestion" not in fragment
    chosen = fragment.split(f'id="suggested-reason-{invoice.pk}"')[1].split(">")[0]
    assert "checked" in chosen


# Training from the database, and `lytte reasons evaluate` ---------------------------------------


def test_a_trained_model_keeps_its_thresholds_and_says_what_they_cover(
    no_package: None, team_oslo: Team, settings: object, client: Client, supervisor: User
) -> None:
    settings.REASONS_MIN_EXAMPLES = 10  # type: ignore[attr-defined]
    settings.REASONS_PRECISION = 0.8  # type: ignore[attr-defined]
    categorised(*labelled(copies=2), team_oslo)

    result = train_model()

    assert result.model is not None
    metrics = result.model.metrics
    assert metrics["precision_target"] == 0.8
    # Reasons with too few held-out texts to learn from are left out (REASONS_PRESELECT).
    assert set(metrics["thresholds"]) <= set(result.model.reasons)
    assert all(v is None or 0 <= v <= 1 for v in metrics["thresholds"].values())
    assert 0 <= metrics["coverage"] <= 1
    assert 0 <= metrics["covered_accuracy"] <= 1
    loaded = ReasonClassifier.loads(bytes(result.model.artifact))
    assert loaded.precision_target == 0.8
    assert loaded.thresholds is not None
    client.force_login(supervisor)
    assert 'id="model-confidence"' in client.get("/insights/reasons/").content.decode()


def test_evaluate_reports_coverage_and_accuracy_on_the_confident_ones(
    db: None, no_package: None, tmp_path: Path
) -> None:
    texts, labels = labelled(copies=2)
    out = run(
        "evaluate",
        str(write(tmp_path / "test.csv", *labelled(copies=1, seed=7))),
        "--train",
        str(write(tmp_path / "train.csv", texts, labels)),
    )

    assert "confident suggestions (precision target 0.95): coverage / accuracy on them" in out
    assert "threshold" in out
    table = out.split("coverage / accuracy on them\n")[1].splitlines()
    assert table[0].split() == ["model", "all", "nb"]
    cells = table[1].split()
    assert cells[0] == "TF-IDF"
    covered, accuracy = (float(v) for v in cells[1].split("/"))
    assert 0 < covered <= 1
    assert 0 < accuracy <= 1
