"""Keeping the threads' search entries in step: a listed thread with a title is in the index,
with its title and the text of its public posts analysed by the knowledge base's Nordic
analysis (folding, Snowball stems, compound parts against the help centre's vocabulary)."""

from __future__ import annotations

from django.db import transaction

from lytte.community.models import PostState, Thread
from lytte.community.search.models import ThreadEntry
from lytte.knowledge.search.analysis import analyse_document
from lytte.knowledge.search.index import known_terms

BODY_MAX = 20_000  # characters of a thread's posts indexed: a long thread's start says most
CHUNK = 1000


def _entry(thread: Thread, body: str) -> ThreadEntry:
    document = analyse_document(
        thread.title, body[:BODY_MAX], thread.language, known_terms(thread.language)
    )
    return ThreadEntry(
        thread_id=thread.pk,
        language=thread.language,
        solved=thread.accepted_id is not None,
        title_terms=" ".join(document.title),
        body_terms=" ".join(document.body),
        part_terms=" ".join(document.parts),
    )


def _body(thread: Thread) -> str:
    texts = thread.posts.filter(state=PostState.VISIBLE, erased_at__isnull=True).values_list(
        "body", flat=True
    )
    return "\n\n".join(texts)


def reindex_thread(thread_id: int) -> None:
    """(Re)analyse the thread if it is listed and titled; drop its entry if not, or gone."""
    with transaction.atomic():
        thread = Thread.objects.filter(pk=thread_id, listed=True).exclude(title="").first()
        if thread is None:
            ThreadEntry.objects.filter(pk=thread_id).delete()
            return
        _entry(thread, _body(thread)).save()


def changed(thread_id: int) -> None:
    """Reindex the thread once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: reindex_thread(thread_id))


def reindex_all() -> int:
    """Rebuild every thread's entry; how many were indexed."""
    count = 0
    with transaction.atomic():
        ThreadEntry.objects.all().delete()
        ids = Thread.objects.filter(listed=True).exclude(title="").values_list("pk", flat=True)
        batch: list[ThreadEntry] = []
        for thread in Thread.objects.filter(pk__in=ids).iterator(chunk_size=CHUNK):
            batch.append(_entry(thread, _body(thread)))
            if len(batch) >= CHUNK:
                ThreadEntry.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        ThreadEntry.objects.bulk_create(batch)
        count += len(batch)
    return count
