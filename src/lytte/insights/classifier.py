"""The contact-reason classifier: TF-IDF over words and character n-grams, and a linear model.

Optionally, a sentence embedding of each text (lytte.insights.embeddings) is appended to the
TF-IDF features, weighted, before the same linear model (decision 45); without one, the model
is TF-IDF alone. Language-independent by design: character n-grams (within word boundaries)
catch Nordic compounds ("fakturabeløpet", "laskutusosoite"), inflection ("fakturaen", "fakturan",
"laskussa") and misspellings without stemmers or stop-word lists for five languages. Features
are hashed, so the model's size does not grow with the vocabulary of the organization's
history. Pure scikit-learn: no Django here, so it can be trained and measured anywhere.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import joblib
import numpy as np
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)
from sklearn.pipeline import FeatureUnion, Pipeline

NUMBERS = re.compile(r"\d+")


def normalise(text: str) -> str:
    """Lower case, numbers as one token (order and invoice numbers say nothing of the reason),
    compatibility forms folded; Nordic letters are kept: "for" and "för" differ."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return NUMBERS.sub(" 0 ", text)


FOLDS = str.maketrans({"ø": "o", "æ": "ae", "å": "a", "ä": "a", "ö": "o", "õ": "o", "ü": "u"})


def folded(text: str) -> str:
    """`normalise`, and written as on a keyboard without Nordic letters ("onsker a flytte" for
    "ønsker å flytte"): a third view of the text, so both spellings meet."""
    text = normalise(text).translate(FOLDS)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _tfidf(preprocessor: Callable[[str], str], **options: Any) -> Pipeline:
    hashed = HashingVectorizer(
        preprocessor=preprocessor, n_features=2**18, alternate_sign=False, norm=None, **options
    )
    return Pipeline([("hash", hashed), ("tfidf", TfidfTransformer(sublinear_tf=True))])


def _pipeline() -> Pipeline:
    # Chosen by measurement on bench/data/reasons (docs/decisions/0012-reason-classifier.md).
    words = r"(?u)\b\w+\b"  # one-letter words too: "å", "ä", "i"
    return Pipeline(
        [
            (
                "features",
                FeatureUnion(
                    [
                        (
                            "words",
                            _tfidf(
                                normalise, analyzer="word", ngram_range=(1, 2), token_pattern=words
                            ),
                        ),
                        ("chars", _tfidf(normalise, analyzer="char_wb", ngram_range=(2, 5))),
                        ("folded", _tfidf(folded, analyzer="char_wb", ngram_range=(2, 5))),
                    ]
                ),
            ),
            (
                "model",
                SGDClassifier(
                    loss="log_loss",  # probabilities: the desk shows how sure a suggestion is
                    alpha=1e-4,
                    max_iter=50,
                    tol=1e-4,
                    class_weight="balanced",
                    random_state=0,
                ),
            ),
        ]
    )


@dataclass(frozen=True)
class Scored:
    reason: str  # the reason's code
    score: float  # 0..1, how sure the model is


# How much the embedding's columns weigh beside the three L2-normalised TF-IDF views: chosen on
# bench/data/reasons (decision 45; 1.0 and 2.0 equal overall, 1.0 better in Danish).
EMBEDDING_WEIGHT = 1.0


@dataclass
class ReasonClassifier:
    """A trained model and the reason codes it knows. `embedding` names the sentence-embedding
    model whose vectors it was trained with ("" for TF-IDF alone); they are its last columns.
    Such a model keeps `fallback`, the same linear model trained on the TF-IDF columns alone
    (today's model), for texts without a vector: the joint model without its embedding
    columns is far worse (decision 45)."""

    pipeline: Pipeline
    reasons: list[str]
    trained_on: int
    embedding: str = ""
    embedding_weight: float = 0.0
    embedding_dim: int = 0
    fallback: SGDClassifier | None = None
    # Per reason, the lowest score of a first suggestion at which that reason's held-out
    # precision reached `precision_target` (lytte.insights.confidence, decision 52); inf: never;
    # None: too few held-out texts to learn from. No table: trained before thresholds (class
    # defaults, so older pickles load unchanged). Without a threshold REASONS_PRESELECT applies.
    thresholds: dict[str, float | None] | None = None
    fallback_thresholds: dict[str, float | None] | None = None
    precision_target: float = 0.0

    def threshold(self, reason: str, with_vector: bool) -> float | None:
        """The score a first suggestion of `reason` needs to be confident, for the model that
        scores it (the fallback's own when there is no vector); None when it has none."""
        uses_fallback = self._model(with_vector) is self.fallback
        table = self.fallback_thresholds if uses_fallback else self.thresholds
        if table is None:
            return None
        return table.get(reason, math.inf)

    def scores(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> np.ndarray:
        """Probabilities of every reason (columns in `pipeline.classes_` order) for many texts."""
        features = _features(self, list(texts), vectors)
        probabilities: np.ndarray = self._model(vectors is not None).predict_proba(features)
        return probabilities

    def suggest(self, text: str, top: int = 3, vector: np.ndarray | None = None) -> list[Scored]:
        if not text.strip():
            return []
        scores = self.probabilities(text, vector)
        order = np.argsort(scores)[::-1][:top]
        classes = self.pipeline.classes_
        return [Scored(str(classes[i]), float(scores[i])) for i in order if scores[i] > 0]

    def probabilities(self, text: str, vector: np.ndarray | None = None) -> np.ndarray:
        """`pipeline.predict_proba` for one text, computed on the text's few non-zero features.
        The general path multiplies by the whole transposed weight matrix, copying it on every
        call (some 10 ms); the desk asks for one text at a time, as the agent types. A model
        trained with embeddings and given no `vector` scores with its TF-IDF-only fallback."""
        indices, values, offset = [], [], 0
        for _name, branch in self.pipeline.named_steps["features"].transformer_list:
            hashed = branch.named_steps["hash"].transform([text])
            idf = branch.named_steps["tfidf"].idf_
            data = (np.log(hashed.data) + 1.0) * idf[hashed.indices]  # sublinear tf-idf
            norm = np.sqrt(np.dot(data, data))
            indices.append(hashed.indices + offset)
            values.append(data / norm if norm else data)
            offset += hashed.shape[1]
        model = self._model(vector is not None)
        columns = np.concatenate(indices)
        decision = model.coef_[:, columns] @ np.concatenate(values) + model.intercept_
        if model is not self.fallback and self.embedding_dim and vector is not None:
            dense = model.coef_[:, offset : offset + self.embedding_dim]
            weighted = np.asarray(vector, dtype=np.float64) * self.embedding_weight
            decision = decision + dense @ weighted
        if decision.shape[0] == 1:  # two reasons: one decision function
            positive = 1.0 / (1.0 + np.exp(-decision[0]))
            return np.array([1.0 - positive, positive])
        probabilities: np.ndarray = 1.0 / (1.0 + np.exp(-decision))
        total = probabilities.sum()
        return probabilities / total if total else probabilities

    def predict(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> list[str]:
        features = _features(self, list(texts), vectors)
        model = self._model(vectors is not None)
        return [str(label) for label in model.predict(features)]

    def _model(self, with_vectors: bool) -> SGDClassifier:
        if self.embedding_dim and not with_vectors and self.fallback is not None:
            return self.fallback
        model: SGDClassifier = self.pipeline.named_steps["model"]
        return model

    def dumps(self) -> bytes:
        buffer = io.BytesIO()
        joblib.dump(self, buffer, compress=3)
        return buffer.getvalue()

    @staticmethod
    def loads(data: bytes) -> ReasonClassifier:
        loaded = joblib.load(io.BytesIO(data))
        if not isinstance(loaded, ReasonClassifier):
            raise TypeError("not a reason classifier")
        return loaded


def _features(
    classifier: ReasonClassifier, texts: list[str], vectors: np.ndarray | None
) -> sp.csr_matrix:
    tfidf = classifier.pipeline.named_steps["features"].transform(texts)
    if not classifier.embedding_dim or vectors is None:
        return tfidf
    return _stacked(tfidf, vectors, classifier.embedding_weight)


def _stacked(tfidf: sp.spmatrix, vectors: np.ndarray, weight: float) -> sp.csr_matrix:
    dense = sp.csr_matrix(np.asarray(vectors, dtype=np.float64) * weight)
    return sp.hstack([tfidf, dense], format="csr")


def train(
    texts: Sequence[str],
    reasons: Sequence[str],
    *,
    vectors: np.ndarray | None = None,
    embedding: str = "",
    weight: float = EMBEDDING_WEIGHT,
) -> ReasonClassifier:
    """Train on labelled texts, with their sentence embeddings (one row per text, made by the
    model named `embedding`) when given. Needs at least two reasons."""
    if len(set(reasons)) < 2:
        raise ValueError("Training needs texts of at least two reasons.")
    if vectors is not None and len(vectors) != len(texts):
        raise ValueError("One vector per text is needed.")
    pipeline = _pipeline()
    with warnings.catch_warnings():
        # Stopping at max_iter before the tolerance is reached costs nothing measurable here.
        warnings.simplefilter("ignore", ConvergenceWarning)
        if vectors is None:
            pipeline.fit(list(texts), list(reasons))
            return ReasonClassifier(pipeline, sorted(set(reasons)), len(texts))
        tfidf = pipeline.named_steps["features"].fit_transform(list(texts))
        fallback = clone(pipeline.named_steps["model"]).fit(tfidf, list(reasons))
        pipeline.named_steps["model"].fit(_stacked(tfidf, vectors, weight), list(reasons))
    return ReasonClassifier(
        pipeline,
        sorted(set(reasons)),
        len(texts),
        embedding=embedding,
        embedding_weight=weight,
        embedding_dim=int(vectors.shape[1]),
        fallback=fallback,
    )


@dataclass
class Evaluation:
    accuracy: float
    macro_f1: float
    per_reason: dict[str, tuple[float, float, float, int]]  # precision, recall, f1, support
    confusions: list[tuple[str, str, int]] = field(default_factory=list)  # true, predicted, n
    count: int = 0


def evaluate(
    classifier: ReasonClassifier,
    texts: Sequence[str],
    reasons: Sequence[str],
    vectors: np.ndarray | None = None,
) -> Evaluation:
    predicted = classifier.predict(texts, vectors)
    labels = sorted(set(reasons) | set(predicted))
    precision, recall, f1, support = precision_recall_fscore_support(
        reasons, predicted, labels=labels, zero_division=0
    )
    matrix = confusion_matrix(reasons, predicted, labels=labels)
    confusions = Counter(
        {
            (labels[i], labels[j]): int(matrix[i][j])
            for i in range(len(labels))
            for j in range(len(labels))
            if i != j and matrix[i][j]
        }
    )
    return Evaluation(
        accuracy=float(accuracy_score(reasons, predicted)),
        macro_f1=float(
            f1_score(
                reasons, predicted, labels=sorted(set(reasons)), average="macro", zero_division=0
            )
        ),
        per_reason={
            label: (float(precision[i]), float(recall[i]), float(f1[i]), int(support[i]))
            for i, label in enumerate(labels)
        },
        confusions=[(a, b, n) for (a, b), n in confusions.most_common(10)],
        count=len(texts),
    )
