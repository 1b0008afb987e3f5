"""`lytte community reindex` rebuilds a large forum in batches: the same entries as indexing
each thread after its own change, with a few queries a thousand threads, not several a thread."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lytte.community import search, services
from lytte.community.models import Category, Member, Thread
from lytte.community.search.models import ThreadEntry
from lytte.knowledge import services as knowledge
from lytte.knowledge.models import State

pytestmark = pytest.mark.django_db

FIELDS = ("language", "solved", "title_terms", "body_terms", "part_terms", "words")


def _entries() -> dict[int, tuple[Any, ...]]:
    return {row[0]: row[1:] for row in ThreadEntry.objects.values_list("pk", *FIELDS)}


def test_a_rebuild_makes_the_entries_each_thread_got_with_a_few_queries(
    kari_member: Member,
    ola_member: Member,
    category: Category,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A help-centre word, so that compounds in the threads are split against the vocabulary.
    article = knowledge.create_article(by=None, source_language="nb")
    text = knowledge.save_translation(
        article=article,
        language="nb",
        title="Strømmåler og regning",
        body="Måleren viser strøm. Regningen kommer hver måned.",
        by=None,
    )
    knowledge.set_state(text, State.PUBLISHED, by=None)
    monkeypatch.setattr(services.posting, "THREADS_PER_HOUR", 100)
    monkeypatch.setattr(services.posting, "POSTS_PER_WINDOW", 100)
    texts = ["Strømregningen er feil", "Målerbytte i Tromsø", "Fakturaen kom ikke", "Hei æøå"]
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(12):
            thread = services.ask(
                member=kari_member,
                category=category,
                language="nb",
                title=f"{texts[number % 4]} {number}",
                body=f"{texts[(number + 1) % 4]}: strømmåleren og regningen.",
            )
            services.reply(thread=thread, body="Prøv strømmålerhjelpen.", member=ola_member)
    each = _entries()
    assert len(each) == 12

    with CaptureQueriesContext(connection) as queries:
        assert search.reindex_all() == 12
    assert _entries() == each
    assert len(queries) < 20  # one thread at a time took several queries a thread
    assert search.search_threads("strømregning", language="nb")
    assert Thread.objects.count() == 12
