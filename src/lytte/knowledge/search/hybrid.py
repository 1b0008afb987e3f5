"""Hybrid ranking (decision 54): the full-text search's BM25 and the cosine similarity of the
query's and the articles' sentence embeddings, each normalised per query, fused.

Candidates are the full-text search's best CANDIDATES and the vectors' best CANDIDATES. Min-max
fusion (the one used): each score scaled to 0-1 over the candidates (BM25 from 0, as a
candidate the full-text search did not find has none), then TEXT_WEIGHT · text + (1 -
TEXT_WEIGHT) · vector. Reciprocal rank fusion (measured, not used): the sum of 1 / (RRF_K +
rank) over both lists. The query's vector is cached (LRU); each search's time is recorded.
"""

from __future__ import annotations

import logging
import statistics
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from lytte.knowledge.search import vectors
from lytte.knowledge.search.backends import rank
from lytte.knowledge.search.query import Query

logger = logging.getLogger(__name__)

CANDIDATES = 50
TEXT_WEIGHT = 0.4  # measured 0.3-0.7 on the evaluation questions (decision 54)
RRF_K = 60
# Cosines are scaled over at least this range: with few candidates a difference of 0.01
# would otherwise swing the vector part from 0 to 1 (e5's cosines are bunched, 0.75-0.90).
MIN_SPAN = 0.05
MINMAX, RRF = "minmax", "rrf"
QUERY_CACHE = 2048  # query vectors kept per process (384 floats each: about 3 MB)

# (milliseconds, whether the query's vector was cached) of the latest hybrid searches
_timings: deque[tuple[float, bool]] = deque(maxlen=1000)
_timings_lock = threading.Lock()


def embedder_name() -> str | None:
    """The model hybrid search uses now, or None: full-text alone. Without embeddings, the
    one line in the log is the embedder's ("... knowledge search full-text alone")."""
    model = vectors.active_embedder()
    return model.name if model is not None else None


@lru_cache(maxsize=QUERY_CACHE)
def query_vector(model: str, text: str) -> np.ndarray:
    """The query's embedding ("query: "), cached by model and text."""
    loaded = vectors.active_embedder()
    if loaded is None or loaded.name != model:
        raise LookupError(f"The embedding model {model} is not loaded.")
    vector: np.ndarray = loaded.embed([text])[0]
    vector.setflags(write=False)
    return vector


def ranked_ids(
    text: str,
    query: Query,
    model: str,
    *,
    public_only: bool,
    limit: int,
    parts: bool = True,
    method: str = MINMAX,
    text_weight: float = TEXT_WEIGHT,
) -> list[tuple[int, float]]:
    """(translation id, fused score) of the best `limit` translations in the query's
    language, best first."""
    started = time.perf_counter()
    hits_before = query_vector.cache_info().hits
    wanted = max(limit, CANDIDATES)
    full_text = rank(query, public_only=public_only, limit=wanted, parts=parts)
    vector = query_vector(model, text)
    near = vectors.nearest(vector, model, query.language, public_only=public_only, limit=wanted)
    if method == RRF:
        fused = rrf(full_text, near)
    else:
        found = vectors.matrix(model, query.language)
        fused = minmax(full_text, near, lambda ids: found.cosines(vector, ids), text_weight)
    elapsed = (time.perf_counter() - started) * 1000
    cached = query_vector.cache_info().hits > hits_before
    with _timings_lock:
        _timings.append((elapsed, cached))
    logger.debug(
        "Hybrid search (%s) in %.1f ms%s.", query.language, elapsed, " (cached)" if cached else ""
    )
    return fused[:limit]


def _order(scores: dict[int, float]) -> list[tuple[int, float]]:
    return sorted(scores.items(), key=lambda row: (-row[1], row[0]))


def rrf(
    full_text: Sequence[tuple[int, float]], near: Sequence[tuple[int, float]]
) -> list[tuple[int, float]]:
    scores: dict[int, float] = {}
    for found in (full_text, near):
        for position, (pk, _score) in enumerate(found, start=1):
            scores[pk] = scores.get(pk, 0.0) + 1 / (RRF_K + position)
    return _order(scores)


def minmax(
    full_text: Sequence[tuple[int, float]],
    near: Sequence[tuple[int, float]],
    cosine_of: Callable[[set[int]], dict[int, float]],
    text_weight: float = TEXT_WEIGHT,
    min_span: float = MIN_SPAN,
) -> list[tuple[int, float]]:
    """Min-max fusion of the full-text and vector candidates; `cosine_of` gives the cosines
    of the full-text candidates the vectors did not find."""
    bm25 = dict(full_text)
    candidates = list(dict.fromkeys([pk for pk, _s in full_text] + [pk for pk, _s in near]))
    cosine = dict(near) | cosine_of(set(candidates) - dict(near).keys())
    top = max(bm25.values(), default=0.0)
    low = min((cosine.get(pk, 0.0) for pk in candidates), default=0.0)
    high = max((cosine.get(pk, 0.0) for pk in candidates), default=0.0)
    span = max(high - low, min_span)
    scores = {
        pk: text_weight * (bm25.get(pk, 0.0) / top if top > 0 else 0.0)
        + (1 - text_weight) * ((cosine.get(pk, low) - low) / span if span > 0 else 0.0)
        for pk in candidates
    }
    return _order(scores)


def latency(*, cached: bool) -> tuple[int, float, float]:
    """How many of the latest hybrid searches were timed whose query vector was (not) cached,
    and their p50 and p95 in milliseconds."""
    with _timings_lock:
        taken = [ms for ms, hit in _timings if hit is cached]
    if len(taken) < 2:
        return len(taken), (taken[0] if taken else 0.0), (taken[0] if taken else 0.0)
    cuts = statistics.quantiles(taken, n=20)
    return len(taken), statistics.median(taken), cuts[18]


def forget() -> None:
    """Forget the cached query vectors and the timings (tests, after a model change)."""
    query_vector.cache_clear()
    with _timings_lock:
        _timings.clear()
