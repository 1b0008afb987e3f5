"""Vectors of one model and language held as one matrix per process (decision 54), for the
knowledge base's articles and the community's threads alike: read again when the rows'
count or latest change differs from what was read (one small aggregate query a search)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import Count, Max, QuerySet

# An item found by its vector alone (no word of the question in it) must be at least this
# similar. e5's cosines are bunched (0.75-0.90): on the demo, right answers are at 0.81-0.90
# (tenth percentile 0.835-0.854), the best article for a question about pizza or football at
# 0.78-0.86. So this drops only the farthest; off-topic questions may still find an article.
MIN_COSINE = 0.83


@dataclass(frozen=True)
class Matrix:
    """Item ids (ascending), a flag per item (public, solved) and the L2-normalised rows."""

    version: tuple[int, str]
    ids: np.ndarray
    flags: np.ndarray
    rows: np.ndarray

    def nearest(
        self, vector: np.ndarray, *, flagged_only: bool, limit: int, floor: float = MIN_COSINE
    ) -> list[tuple[int, float]]:
        """(id, cosine) of the `limit` nearest items at least `floor` similar, best first."""
        if not len(self.ids) or self.rows.shape[1] != len(vector) or limit <= 0:
            return []
        scores = self.rows @ vector.astype(np.float32)
        scores = np.where(scores >= floor, scores, -np.inf)
        if flagged_only:
            scores = np.where(self.flags, scores, -np.inf)
        if limit < len(scores):  # the best `limit` (a partition), then only they are sorted
            best = np.argpartition(-scores, limit)[:limit]
            order = best[np.lexsort((self.ids[best], -scores[best]))]
        else:
            order = np.lexsort((self.ids, -scores))
        return [(int(self.ids[i]), float(scores[i])) for i in order if np.isfinite(scores[i])]

    def cosines(self, vector: np.ndarray, ids: set[int]) -> dict[int, float]:
        """The cosine similarity of these items (those with a vector) to `vector`."""
        if not ids or not len(self.ids) or self.rows.shape[1] != len(vector):
            return {}
        wanted = np.array(sorted(ids), dtype=np.int64)
        at = np.searchsorted(self.ids, wanted)
        at = at[at < len(self.ids)]
        at = at[np.isin(self.ids[at], wanted)]
        scores = self.rows[at] @ vector.astype(np.float32)
        return {int(self.ids[i]): float(s) for i, s in zip(at, scores, strict=True)}


_matrices: dict[tuple[str, ...], Matrix] = {}
_lock = threading.Lock()


def load(key: tuple[str, ...], rows: QuerySet[Any], id_field: str, flag_field: str) -> Matrix:
    """`rows` (with `vector` and `changed_at`) as a Matrix, cached under `key`."""
    seen = rows.aggregate(n=Count("pk"), last=Max("changed_at"))
    version = (seen["n"] or 0, str(seen["last"]))
    key = (connection.alias, *key)
    cached = _matrices.get(key)
    if cached is not None and cached.version == version:
        return cached
    found = list(rows.order_by(id_field).values_list(id_field, flag_field, "vector"))
    blobs = [np.frombuffer(bytes(v), dtype="<f4") for _pk, _f, v in found]
    made = Matrix(
        version,
        np.array([pk for pk, _f, _v in found], dtype=np.int64),
        np.array([f for _pk, f, _v in found], dtype=bool),
        np.vstack(blobs) if blobs else np.zeros((0, 0), dtype=np.float32),
    )
    with _lock:
        _matrices[key] = made
    return made


def forget() -> None:
    with _lock:
        _matrices.clear()
