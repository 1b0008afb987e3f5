"""The articles' sentence embeddings for hybrid search (decision 54).

Each published translation has one vector per embedding model: its title and the start of
its body, embedded as a passage (e5's "passage: "; queries are embedded with "query: "). A save
re-embeds a translation only when that text changed (its hash); `rebuild_all` (run by
`reindex_all`) embeds what is missing and drops vectors of unpublished translations and of
other models. With hybrid search off, or without the embeddings package, nothing is embedded.

Search reads a language's vectors as one matrix (`matrix.py`), kept per process and read
again when the language's vectors changed.
"""

from __future__ import annotations

import numpy as np
from django.conf import settings

from lytte.insights.embeddings import OFF, Embedder, embedder, text_hash
from lytte.knowledge.models import State, Translation, Visibility
from lytte.knowledge.search.analysis import plain_text
from lytte.knowledge.search.matrix import Matrix, load
from lytte.knowledge.search.matrix import forget as forget_matrices
from lytte.knowledge.search.models import SearchVector

BODY_START = 1000  # characters of the body embedded after the title (e5 reads 512 tokens)
BATCH = 32


def hybrid_on() -> bool:
    """Whether the setting asks for hybrid search (the embedder may still be missing)."""
    return str(getattr(settings, "SEARCH_HYBRID", "off")).strip().casefold() not in OFF


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
    drop it if it is not published (or gone). Stale vectors go (and the visibility follows)
    even when no model is loaded now: turned on again, search must not find an archived
    article by an old vector."""
    model = active_embedder()
    mine = SearchVector.objects.filter(translation_id=translation_id)
    if model is None and not mine.exists():
        return
    translation = (
        Translation.objects.select_related("article")
        .filter(pk=translation_id, state=State.PUBLISHED)
        .first()
    )
    if translation is None:
        mine.delete()
        return
    text = passage(translation.title, translation.body)
    digest = text_hash(text)
    public = translation.article.visibility == Visibility.PUBLIC
    mine.exclude(text_hash=digest).delete()
    mine.exclude(public=public).update(public=public)
    if model is None or mine.filter(model=model.name).exists():
        return
    vector = model.embed([text], passages=True)[0]
    SearchVector.objects.create(
        translation=translation, model=model.name, **_row(translation, digest, vector)
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
    forget_matrices()
    return len(stale)


def matrix(model: str, language: str) -> Matrix:
    """The language's vectors, read again only when they changed since the last search."""
    rows = SearchVector.objects.filter(model=model, language=language)
    return load(("knowledge", model, language), rows, "translation_id", "public")


def nearest(
    vector: np.ndarray, model: str, language: str, *, public_only: bool, limit: int
) -> list[tuple[int, float]]:
    """(translation id, cosine similarity) of the `limit` nearest translations at least
    MIN_COSINE similar, best first."""
    return matrix(model, language).nearest(vector, flagged_only=public_only, limit=limit)


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
