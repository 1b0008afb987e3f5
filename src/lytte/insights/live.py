"""The model the desk suggests with: loaded once per process, reloaded when a new version is
activated (the active version is looked up through the cache, so every process notices within
seconds, at once with the shared Redis cache)."""

from __future__ import annotations

import logging
import threading

import numpy as np
from django.core.cache import cache

from lytte.insights.classifier import ReasonClassifier
from lytte.insights.embeddings import embedder
from lytte.insights.models import ReasonModel

logger = logging.getLogger(__name__)

ACTIVE_KEY = "insights:active-reason-model"
_lock = threading.Lock()
_loaded: tuple[int, ReasonClassifier] | None = None


def active_version() -> int | None:
    version = cache.get(ACTIVE_KEY)
    if version is None:
        version = ReasonModel.objects.filter(active=True).values_list("pk", flat=True).first() or 0
        cache.set(ACTIVE_KEY, version, 10)
    return int(version) or None


def forget_active_version() -> None:
    cache.delete(ACTIVE_KEY)


def live_model() -> tuple[int, ReasonClassifier] | None:
    """(version, classifier) of the active model, or None before the first training. While a
    new version loads, other requests go on with the one they have."""
    global _loaded
    version = active_version()
    current = _loaded
    if version is None:
        return None
    if current is not None and current[0] == version:
        return current
    if not _lock.acquire(blocking=current is None):
        return current
    try:
        if _loaded is not None and _loaded[0] == version:
            return _loaded
        artifact = ReasonModel.objects.filter(pk=version).values_list("artifact", flat=True).first()
        if artifact is None:
            return current
        _loaded = (version, ReasonClassifier.loads(bytes(artifact)))
        return _loaded
    finally:
        _lock.release()


_warned: set[str] = set()


def vector_for(classifier: ReasonClassifier, text: str) -> np.ndarray | None:
    """The text's sentence embedding when the live model was trained with one and the same
    embedding model is loaded here; otherwise None, and the model scores on its TF-IDF columns
    alone until the next training (said once per process in the log)."""
    if not classifier.embedding:
        return None
    loaded = embedder()
    # A model trained before texts were cut to their first tokens (`texts_name`) reads cut
    # texts too until the nightly training: one text's time is bounded either way.
    if loaded is not None and classifier.embedding in {loaded.texts_name, loaded.name}:
        vector: np.ndarray = loaded.embed([text])[0]
        return vector
    if classifier.embedding not in _warned:
        _warned.add(classifier.embedding)
        logger.warning(
            "The reason model was trained with sentence embeddings %s, which are not loaded "
            "here (%s): suggestions use its TF-IDF part until the next training.",
            classifier.embedding,
            loaded.texts_name if loaded else "none",
        )
    return None
