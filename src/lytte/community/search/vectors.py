"""The threads' sentence embeddings, for the similar questions shown before posting when hybrid
search is on (decision 54): a listed thread's title and the start of its public posts, embedded
as a passage, one vector per embedding model; re-embedded only when that text changed. With
hybrid search off, or without the embeddings package, nothing is embedded or read."""

from __future__ import annotations

import numpy as np

from lytte.community.models import Thread
from lytte.community.search.backends import SOLVED
from lytte.community.search.models import ThreadVector
from lytte.insights.embeddings import Embedder, text_hash
from lytte.knowledge.search import hybrid
from lytte.knowledge.search.matrix import Matrix, load
from lytte.knowledge.search.vectors import BATCH, active_embedder, passage


def _save(thread: Thread, model: Embedder, text: str, vector: np.ndarray) -> None:
    ThreadVector.objects.update_or_create(
        thread=thread,
        model=model.name,
        defaults={
            "language": thread.language,
            "solved": thread.accepted_id is not None,
            "text_hash": text_hash(text),
            "vector": np.asarray(vector, dtype="<f4").tobytes(),
        },
    )


def refresh(thread: Thread | None, thread_id: int, body: str) -> None:
    """Bring the thread's vector up to date (`thread` None: not listed, or gone). A vector of
    another text goes even when no model is loaded now: after an erasure the scrubbed text
    is what may be kept, not a vector of the member's words."""
    if thread is None:
        ThreadVector.objects.filter(thread_id=thread_id).delete()
        return
    text = passage(thread.title, body)
    digest = text_hash(text)
    ThreadVector.objects.filter(thread_id=thread_id).exclude(text_hash=digest).delete()
    model = active_embedder()
    if model is None:
        return
    stored = ThreadVector.objects.filter(thread=thread, model=model.name).first()
    if stored is None:
        _save(thread, model, text, model.embed([text], passages=True)[0])
    elif stored.solved != (thread.accepted_id is not None):
        ThreadVector.objects.filter(pk=stored.pk).update(solved=thread.accepted_id is not None)


def rebuild(texts: dict[int, tuple[Thread, str]]) -> None:
    """After a full reindex: embed the listed threads (with their `passage`) whose text
    changed, drop the others."""
    model = active_embedder()
    if model is None:
        return
    stored = dict(
        ThreadVector.objects.filter(model=model.name).values_list("thread_id", "text_hash")
    )
    made = {pk: text for pk, (_thread, text) in texts.items()}
    stale = [pk for pk, text in made.items() if stored.get(pk) != text_hash(text)]
    for start in range(0, len(stale), BATCH):
        chunk = stale[start : start + BATCH]
        found = model.embed([made[pk] for pk in chunk], passages=True)
        for pk, vector in zip(chunk, found, strict=True):
            _save(texts[pk][0], model, made[pk], vector)
    ThreadVector.objects.exclude(model=model.name).delete()
    ThreadVector.objects.exclude(thread_id__in=list(made)).delete()


def matrix(model: str, language: str) -> Matrix:
    rows = ThreadVector.objects.filter(model=model, language=language)
    return load(("community", model, language), rows, "thread_id", "solved")


def fused(
    text: str, language: str, full_text: list[tuple[int, float]], *, solved_only: bool
) -> list[tuple[int, float]] | None:
    """The full-text ranking fused with the threads' vectors (min-max, as the knowledge
    search's), or None with hybrid search off or without embeddings."""
    model = hybrid.embedder_name()
    if model is None:
        return None
    vector = hybrid.query_vector(model, text)
    found = matrix(model, language)
    near = found.nearest(vector, flagged_only=solved_only, limit=hybrid.CANDIDATES)
    fused = hybrid.minmax(full_text, near, lambda ids: found.cosines(vector, ids))
    # Solved threads first, as in full-text ranking: the fused score times SOLVED too.
    solved = set(found.ids[found.flags].tolist())
    boosted = [(pk, score * SOLVED if pk in solved else score) for pk, score in fused]
    return sorted(boosted, key=lambda row: (-row[1], row[0]))
