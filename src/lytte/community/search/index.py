"""Keeping the threads' search entries in step: a listed thread with a title is in the index,
with its title and the text of its public posts analysed by the knowledge base's Nordic
analysis (folding, Snowball stems, compound parts against the help centre's vocabulary).

Each entry's distinct words are counted in the knowledge vocabulary's `threads` (typos are
corrected to the forum's words too, issue 16), exactly, at every reindex of the thread: its old
entry's words are counted once less, its new one's once more, and a thread that is no longer
listed (its opening post held or hidden, merged away) or whose posts were hidden or erased
takes its words with it at once. Not later, at a rebuild: a hidden thread's unique word (a
name, say) must not be offered as a correction meanwhile, nor an erased member's. A thread
row deleted outright (the services never do) cascades its entry away uncounted: its words
stay counted until `reindex_all` (`lytte community reindex`), which recounts them all."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from django.db import transaction

from lytte.community.models import Post, PostState, Thread
from lytte.community.search import vectors
from lytte.community.search.models import ThreadEntry
from lytte.knowledge.search.analysis import Known, analyse_document
from lytte.knowledge.search.index import (
    count_thread_words,
    known_terms,
    recount_thread_words,
    term_documents,
    word_pairs,
)
from lytte.knowledge.search.vectors import active_embedder, passage

BODY_MAX = 20_000  # characters of a thread's posts indexed: a long thread's start says most
CHUNK = 1000


def _entry(thread: Thread, body: str, known: Known | None = None) -> ThreadEntry:
    document = analyse_document(
        thread.title, body[:BODY_MAX], thread.language, known or known_terms(thread.language)
    )
    return ThreadEntry(
        thread_id=thread.pk,
        language=thread.language,
        solved=thread.accepted_id is not None,
        title_terms=" ".join(document.title),
        body_terms=" ".join(document.body),
        part_terms=" ".join(document.parts),
        words=" ".join(f"{word}/{term}" for word, term in sorted(document.words.items())),
    )


def _bodies(thread_ids: list[int]) -> dict[int, str]:
    """The indexed text of each of these threads (its shown posts' texts in order), read in
    one query."""
    parts: dict[int, list[str]] = {pk: [] for pk in thread_ids}
    rows = (
        Post.objects.filter(
            thread_id__in=thread_ids, state=PostState.VISIBLE, erased_at__isnull=True
        )
        .order_by("thread_id", "created_at", "pk")
        .values_list("thread_id", "body")
    )
    for thread_id, body in rows.iterator(chunk_size=CHUNK * 10):
        parts[thread_id].append(body)
    return {pk: "\n\n".join(texts) for pk, texts in parts.items()}


class Vocabulary:
    """`known_terms` for a whole reindex: each candidate part of a compound is asked of the
    database once per language, not once per thread (the help centre's vocabulary does not
    change meanwhile: the rebuild recounts only the threads' counts)."""

    def __init__(self) -> None:
        self.answers: dict[str, dict[str, bool]] = {}

    def known(self, language: str) -> Known:
        answers = self.answers.setdefault(language, {})

        def known(candidates: Iterable[str]) -> set[str]:
            wanted = set(candidates)
            new = [term for term in wanted if term not in answers]
            if new:
                found = term_documents(language, new)
                answers.update((term, term in found) for term in new)
            return {term for term in wanted if answers[term]}

        return known


def _batches(threads: Iterator[Thread]) -> Iterator[list[Thread]]:
    batch: list[Thread] = []
    for thread in threads:
        batch.append(thread)
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def reindex_thread(thread_id: int) -> None:
    """(Re)analyse the thread if it is listed and titled; drop its entry if not, or gone."""
    with transaction.atomic():
        # Locked: two replies' reindexes of one thread count its words one after the other.
        thread = Thread.objects.select_for_update().filter(pk=thread_id).first()
        old = ThreadEntry.objects.filter(pk=thread_id).first()
        if old is not None:
            count_thread_words(old.language, word_pairs(old.words), -1)
        if thread is None or not thread.listed or not thread.title:
            ThreadEntry.objects.filter(pk=thread_id).delete()
            vectors.refresh(None, thread_id, "")
            return
        body = _bodies([thread.pk])[thread.pk]
        entry = _entry(thread, body)
        count_thread_words(entry.language, word_pairs(entry.words), +1)
        entry.save()
    vectors.refresh(thread, thread_id, body)  # outside the transaction: tens of milliseconds


def changed(thread_id: int) -> None:
    """Reindex the thread once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: reindex_thread(thread_id))


def reindex_all() -> int:
    """Rebuild every thread's entry and recount their words; how many were indexed. A
    thousand threads at a time: their posts in one query, the vocabulary's answers kept."""
    count = 0
    words: dict[str, Counter[tuple[str, str]]] = {}
    vocabulary = Vocabulary()
    with transaction.atomic():
        ThreadEntry.objects.all().delete()
        threads = Thread.objects.filter(listed=True).exclude(title="").order_by("pk")
        # The passages to embed, only where a model will embed them (hybrid search on).
        embedding = active_embedder() is not None
        texts: dict[int, tuple[Thread, str]] = {}
        for batch in _batches(threads.iterator(chunk_size=CHUNK)):
            bodies = _bodies([thread.pk for thread in batch])
            entries = []
            for thread in batch:
                body = bodies[thread.pk]
                if embedding:
                    texts[thread.pk] = (thread, passage(thread.title, body))
                entry = _entry(thread, body, vocabulary.known(thread.language))
                words.setdefault(entry.language, Counter()).update(word_pairs(entry.words).items())
                entries.append(entry)
            ThreadEntry.objects.bulk_create(entries)
            count += len(entries)
        recount_thread_words(words)
    vectors.rebuild(texts)
    return count
