"""When a reason suggestion is confident (decision 52): per-reason thresholds learnt at training.

Some reasons are easy ("cancel my subscription"), some are not ("other", "question",
"complaint", "order"; a sarcastic complaint reads as praise). One threshold for all either
preselects wrong reasons for the hard ones or holds back right ones for the easy ones. So every
training also holds a fifth of the texts out, scores them with a model trained on the rest, and
learns per reason the lowest score of a first suggestion at which that reason's precision on the
held-out texts reaches the target (LYTTE_REASONS_PRECISION). Under it, or under the one setting
for all reasons (REASONS_PRESELECT, which it only ever raises), or for a reason that never
reaches the target, the suggestion is no confident one: the desk shows the likeliest reasons as
"maybe" and chooses none.

Pure scikit-learn and numpy, as the classifier: no Django here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import train_test_split

from lytte.insights.classifier import (
    EMBEDDING_WEIGHT,
    Evaluation,
    ReasonClassifier,
    evaluate,
    train,
)

# 19 first suggestions in 20 right on the held-out texts (LYTTE_REASONS_PRECISION, decision 52).
PRECISION_TARGET = 0.95
# A threshold is learnt from at least this many held-out first suggestions of the reason: one
# or two right ones prove nothing.
MINIMUM_COVERED = 5
HELD_OUT = 0.2
# REASONS_PRESELECT's default: the one threshold for all reasons before these (decision 14).
PRESELECT = 0.5


def thresholds(
    predicted: Sequence[str],
    scores: Sequence[float],
    truth: Sequence[str],
    reasons: Sequence[str],
    *,
    target: float = PRECISION_TARGET,
    minimum: int = MINIMUM_COVERED,
) -> dict[str, float | None]:
    """Per reason, the lowest score at which first suggestions of that reason scoring at least
    it were right at least `target` of the time, over at least `minimum` of them; inf when no
    score does (the reason is then never suggested with confidence); None when the reason had
    fewer than `minimum` first suggestions at all: too little to learn from, so the one setting
    for all reasons applies (REASONS_PRESELECT), as before thresholds."""
    found: dict[str, float | None] = {}
    for reason in reasons:
        rows = sorted(
            (
                (float(score), guess == true)
                for guess, score, true in zip(predicted, scores, truth, strict=True)
                if guess == reason
            ),
            reverse=True,
        )
        found[reason] = _lowest(rows, target, minimum) if len(rows) >= minimum else None
    return found


def _lowest(rows: list[tuple[float, bool]], target: float, minimum: int) -> float:
    """`rows`: (score, right) best first. The lowest score whose prefix (every row scoring at
    least it, ties together) is precise enough and large enough."""
    best, right = math.inf, 0
    for at, (score, correct) in enumerate(rows):
        right += correct
        tied_with_next = at + 1 < len(rows) and rows[at + 1][0] == score
        if not tied_with_next and at + 1 >= minimum and right >= target * (at + 1) - 1e-9:
            best = score
    return best


@dataclass(frozen=True)
class Coverage:
    """How many texts got a confident first suggestion, and how many of those were right."""

    count: int
    covered: int
    correct: int

    @property
    def coverage(self) -> float:
        return self.covered / self.count if self.count else 0.0

    @property
    def accuracy(self) -> float:
        """Accuracy on the covered texts only."""
        return self.correct / self.covered if self.covered else 0.0


def confident(score: float, threshold: float | None, preselect: float = PRESELECT) -> bool:
    """At or over the one setting for all reasons (REASONS_PRESELECT, decision 14) and over
    the reason's learnt threshold, when it has one. The learnt threshold only ever raises the
    bar: under the setting, the held-out fifth is too small to trust for lowering it (a
    sarcastic complaint the model reads as praise scores high for praise, decision 52)."""
    return score >= preselect and (threshold is None or score >= threshold)


def first_suggestions(
    classifier: ReasonClassifier, texts: Sequence[str], vectors: np.ndarray | None = None
) -> tuple[list[str], list[float]]:
    """The first suggestion of each text and its score, as the desk would get them."""
    if not texts:
        return [], []
    scores = classifier.scores(texts, vectors)
    best = scores.argmax(axis=1)
    classes = classifier.pipeline.classes_
    return [str(classes[i]) for i in best], [float(scores[n, i]) for n, i in enumerate(best)]


def coverage(
    classifier: ReasonClassifier,
    texts: Sequence[str],
    truth: Sequence[str],
    vectors: np.ndarray | None = None,
    *,
    preselect: float = PRESELECT,
) -> Coverage:
    """Confident first suggestions (`confident`), and how many of them were right."""
    predicted, scores = first_suggestions(classifier, texts, vectors)
    covered = correct = 0
    for guess, score, true in zip(predicted, scores, truth, strict=True):
        if confident(score, classifier.threshold(guess, vectors is not None), preselect):
            covered += 1
            correct += guess == true
    return Coverage(len(predicted), covered, correct)


@dataclass
class Calibrated:
    classifier: ReasonClassifier  # trained on every text, with thresholds
    held_out: Evaluation  # the model trained on four fifths, on the fifth held out
    coverage: Coverage  # ... and its confident first suggestions there


def train_calibrated(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    vectors: np.ndarray | None = None,
    embedding: str = "",
    weight: float = EMBEDDING_WEIGHT,
    target: float = PRECISION_TARGET,
    preselect: float = PRESELECT,
    seed: int = 0,
) -> Calibrated:
    """Train on four fifths, measure on the fifth held out and learn the thresholds there (for
    the fallback too, scored without vectors), then train on everything and keep them."""
    rows = list(range(len(texts)))
    try:
        fit, test = train_test_split(rows, test_size=HELD_OUT, random_state=seed, stratify=labels)
    except ValueError:  # a reason with a single text: no stratified split
        fit, test = train_test_split(rows, test_size=HELD_OUT, random_state=seed)
    part = train(
        [texts[i] for i in fit],
        [labels[i] for i in fit],
        vectors=None if vectors is None else vectors[fit],
        embedding=embedding,
        weight=weight,
    )
    test_texts, truth = [texts[i] for i in test], [labels[i] for i in test]
    test_vectors = None if vectors is None else vectors[test]
    reasons = sorted(set(labels))
    part.thresholds = thresholds(
        *first_suggestions(part, test_texts, test_vectors), truth, reasons, target=target
    )
    if vectors is not None:
        part.fallback_thresholds = thresholds(
            *first_suggestions(part, test_texts, None), truth, reasons, target=target
        )
    held_out = evaluate(part, test_texts, truth, test_vectors)
    covered = coverage(part, test_texts, truth, test_vectors, preselect=preselect)
    classifier = train(texts, labels, vectors=vectors, embedding=embedding, weight=weight)
    classifier.thresholds = part.thresholds
    classifier.fallback_thresholds = part.fallback_thresholds
    classifier.precision_target = target
    return Calibrated(classifier, held_out, covered)
