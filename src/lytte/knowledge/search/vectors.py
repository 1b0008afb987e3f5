"""The articles' sentence embeddings for hybrid search (decision 54).

Each published translation has one vector per embedding model: its title and the start of
its body, embedded as a passage (e5's "passage: "; queries are embedded with "query: "). A save
re-embeds a translation only when that text changed (its hash); `rebuild_all` (run by
`reindex_all`) embeds what is missing and drops vectors of unpublished translations and of
other models. With hybrid search off, or without the embeddings package, nothing is embedded.

Search reads a language's vectors as one matrix, kept per process and read again when the
language's vectors changed (their count and latest change, one small query per search).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db.models import Count, Max

from lytte.insights.embeddings import OFF, Embedder, embedder, text_hash
from lytte.knowledge.models import State, Translation, Visibility
from lytte.knowledge.search.analysis import plain_text
from lytte.knowledge.search.models import SearchVector

BODY_START = 1000  # characters of the body embedded after the title (e5 reads 512 tokens)
BATCH = 32
# An article found by its vector alone (no word of the question in it) must be at least this
# similar. e5's cosines are bunched (0.75-0.90): on the demo, right answers are at 0.81-0.90
# (tenth percentile 0.835-0.854), the best article for a question about pizza or football at
# 0.78-0.86. So this drops only the farthest; off-topic questions may still find an article.
MIN_COSINE = 0.83


def hybrid_on() -> bool:
    """Whether the setting asks for hybrid search (the embedder may still be missing)."""
    return str(getattr(settings, "SEARCH_HYBRID", "on")).strip().casefold() not in OFF


def active_embedder() -> Embedder | None:
    """The embedding model hybrid search uses now; None: full-text alone."""
    return embedder() if hybrid_on() else None


def passage(title: str, body: str) -> str:
    """What is embedded of a translation: its title, then the start of its body."""
    start = " ".join(plain_text(body).split())[:BODY_START]
    return f"{title.strip()}\n{start}".strip()


def _row(translation: Translation, digest: str, vector: np.ndarray) -> dict[str, object]:
    return {
        "language": translation.language,
        "public": translation.article.visibility == Visibility.PUBLIC,
        "text_hash": digest,
        "vector": np.asarray(vector, dtype="<f4").tobytes(),
    }


def refresh(translation_id: int) -> None:
    """Bring this translation's vector up to date: embed it if published and its text changed,
    drop it if it is not published (or gone)."""
    model = active_embedder()
    if model is None:
        return
    translation = (
        Translation.objects.select_related("article")
        .filter(pk=translation_id, state=State.PUBLISHED)
        .first()
    )
    if translation is None:
        SearchVector.objects.filter(translation_id=translation_id).delete()
        return
    text = passage(translation.title, translation.body)
    digest = text_hash(text)
    stored = SearchVector.objects.filter(translation=translation, model=model.name).first()
    if stored is not None and stored.text_hash == digest:
        public = translation.article.visibility == Visibility.PUBLIC
        if stored.public != public:  # the article's visibility changed, not its text
            SearchVector.objects.filter(pk=stored.pk).update(public=public)
        return
    vector = model.embed([text], passages=True)[0]
    SearchVector.objects.update_or_create(
        translation=translation,
        model=model.name,
        defaults=_row(translation, digest, vector),
    )


def rebuild_all() -> int:
    """Embed every published translation whose vector is missing or stale, drop the rest;
    how many were embedded (0 with hybrid search off or without embeddings)."""
    model = active_embedder()
    if model is None:
        return 0
    translations = list(
        Translation.objects.select_related("article")
        .filter(state=State.PUBLISHED)
        .only("pk", "language", "title", "body", "article__visibility")
    )
    stored = dict(
        SearchVector.objects.filter(model=model.name).values_list("translation_id", "text_hash")
    )
    texts = {t.pk: passage(t.title, t.body) for t in translations}
    stale = [t for t in translations if stored.get(t.pk) != text_hash(texts[t.pk])]
    for start in range(0, len(stale), BATCH):
        chunk = stale[start : start + BATCH]
        made = model.embed([texts[t.pk] for t in chunk], passages=True)
        for translation, vector in zip(chunk, made, strict=True):
            SearchVector.objects.update_or_create(
                translation=translation,
                model=model.name,
                defaults=_row(translation, text_hash(texts[translation.pk]), vector),
            )
    public = {t.pk for t in translations if t.article.visibility == Visibility.PUBLIC}
    rows = SearchVector.objects.filter(model=model.name)
    rows.filter(translation_id__in=public).exclude(public=True).update(public=True)
    rows.exclude(translation_id__in=public).exclude(public=False).update(public=False)
    SearchVector.objects.exclude(model=model.name).delete()
    rows.exclude(translation_id__in=list(texts)).delete()
    _matrices.clear()
    return len(stale)


@dataclass(frozen=True)
class Matrix:
    """A language's vectors of one model: translation ids, whether public, and the rows."""

    version: tuple[int, str]
    ids: np.ndarray
    public: np.ndarray
    rows: np.ndarray


_matrices: dict[tuple[str, str, str], Matrix] = {}
_lock = threading.Lock()


def matrix(model: str, language: str) -> Matrix:
    """The language's vectors, read again only when they changed since the last search."""
    from django.db import connection

    rows = SearchVector.objects.filter(model=model, language=language)
    seen = rows.aggregate(n=Count("pk"), last=Max("changed_at"))
    version = (seen["n"] or 0, str(seen["last"]))
    key = (connection.alias, model, language)
    cached = _matrices.get(key)
    if cached is not None and cached.version == version:
        return cached
    found = list(rows.order_by("translation_id").values_list("translation_id", "public", "vector"))
    made = Matrix(
        version,
        np.array([pk for pk, _p, _v in found], dtype=np.int64),
        np.array([p for _pk, p, _v in found], dtype=bool),
        _stack(bytes(v) for _pk, _p, v in found),
    )
    with _lock:
        _matrices[key] = made
    return made


def _stack(blobs: Iterable[bytes]) -> np.ndarray:
    rows = [np.frombuffer(blob, dtype="<f4") for blob in blobs]
    return np.vstack(rows) if rows else np.zeros((0, 0), dtype=np.float32)


def nearest(
    vector: np.ndarray,
    model: str,
    language: str,
    *,
    public_only: bool,
    limit: int,
    floor: float = MIN_COSINE,
) -> list[tuple[int, float]]:
    """(translation id, cosine similarity) of the `limit` nearest translations at least
    `floor` similar, best first."""
    found = matrix(model, language)
    if not len(found.ids) or found.rows.shape[1] != len(vector):
        return []
    scores = found.rows @ vector.astype(np.float32)
    scores = np.where(scores >= floor, scores, -np.inf)
    if public_only:
        scores = np.where(found.public, scores, -np.inf)
    if limit < len(scores):  # the best `limit` first (a partition), then only they are sorted
        best = np.argpartition(-scores, limit)[:limit]
        order = best[np.lexsort((found.ids[best], -scores[best]))]
    else:
        order = np.lexsort((found.ids, -scores))
    return [(int(found.ids[i]), float(scores[i])) for i in order if np.isfinite(scores[i])]


def cosines(vector: np.ndarray, model: str, language: str, ids: set[int]) -> dict[int, float]:
    """The cosine similarity of these translations (those with a vector) to `vector`."""
    found = matrix(model, language)
    if not ids or not len(found.ids) or found.rows.shape[1] != len(vector):
        return {}
    wanted = np.array(sorted(ids), dtype=np.int64)
    at = np.searchsorted(found.ids, wanted)
    at = at[(at < len(found.ids))]
    at = at[np.isin(found.ids[at], wanted)]
    scores = found.rows[at] @ vector.astype(np.float32)
    return {int(found.ids[i]): float(s) for i, s in zip(at, scores, strict=True)}


def neighbours(translation_id: int, *, public_only: bool, limit: int) -> list[int]:
    """The translations of the same language most like this one by their vectors, best first
    (not itself); none with hybrid search off, without embeddings, or without its vector."""
    model = active_embedder()
    own = (
        SearchVector.objects.filter(translation_id=translation_id, model=model.name).first()
        if model is not None
        else None
    )
    if model is None or own is None:
        return []
    vector = np.frombuffer(bytes(own.vector), dtype="<f4")
    found = nearest(vector, model.name, own.language, public_only=public_only, limit=limit + 1)
    return [pk for pk, _score in found if pk != translation_id][:limit]
