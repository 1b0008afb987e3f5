"""Stored sentence embeddings of the texts the reason model trains on (decision 45): a retrain
embeds only texts no vector is stored for, and vectors whose text is gone are dropped."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence

import numpy as np

from lytte.insights.embeddings import Embedder, text_hash
from lytte.insights.models import TextEmbedding

logger = logging.getLogger(__name__)
BATCH = 256  # texts embedded, and rows written, at a time


def vectors_for(texts: Sequence[str], embedder: Embedder) -> np.ndarray:
    """One float32 row per text: stored ones read, the others embedded and stored."""
    hashes = [text_hash(text) for text in texts]
    stored = _stored(embedder.texts_name, set(hashes))
    missing: dict[str, str] = {}
    for text, key in zip(texts, hashes, strict=True):
        if key not in stored and key not in missing:
            missing[key] = text
    if missing:
        started = time.perf_counter()
        keys = list(missing)
        for at in range(0, len(keys), BATCH):
            chunk = keys[at : at + BATCH]
            made = embedder.embed([missing[key] for key in chunk])
            TextEmbedding.objects.bulk_create(
                [
                    TextEmbedding(model=embedder.texts_name, text_hash=key, vector=_bytes(row))
                    for key, row in zip(chunk, made, strict=True)
                ],
                ignore_conflicts=True,  # another worker stored it meanwhile: the same vector
            )
            stored.update(zip(chunk, made, strict=True))
        logger.info(
            "Embedded %s new text(s) in %.1f s; %s had a stored vector.",
            len(keys),
            time.perf_counter() - started,
            len(set(hashes)) - len(keys),
        )
    matrix = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for i, key in enumerate(hashes):
        matrix[i] = stored[key]
    return matrix


def _stored(model: str, hashes: set[str]) -> dict[str, np.ndarray]:
    found: dict[str, np.ndarray] = {}
    keys = list(hashes)
    for at in range(0, len(keys), 500):  # within every database's limit of query parameters
        rows = TextEmbedding.objects.filter(model=model, text_hash__in=keys[at : at + 500])
        for key, vector in rows.values_list("text_hash", "vector"):
            found[key] = np.frombuffer(bytes(vector), dtype="<f4")
    return found


def _bytes(row: np.ndarray) -> bytes:
    return np.asarray(row, dtype="<f4").tobytes()


def forget_texts(texts: Iterable[str]) -> int:
    """Drop the vectors of these texts, of every model (erasure)."""
    keys = list({text_hash(text) for text in texts if text})
    deleted = 0
    for at in range(0, len(keys), 500):
        deleted += TextEmbedding.objects.filter(text_hash__in=keys[at : at + 500]).delete()[0]
    return deleted


def keep_only(texts: Sequence[str], model: str) -> int:
    """After a training: drop the vectors of texts no longer trained on, and of other models."""
    deleted: int = TextEmbedding.objects.exclude(model=model).delete()[0]
    keep = {text_hash(text) for text in texts}
    gone = [
        pk
        for pk, key in TextEmbedding.objects.filter(model=model).values_list("pk", "text_hash")
        if key not in keep
    ]
    for at in range(0, len(gone), 500):
        deleted += TextEmbedding.objects.filter(pk__in=gone[at : at + 500]).delete()[0]
    return deleted
