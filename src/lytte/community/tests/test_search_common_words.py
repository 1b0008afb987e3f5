"""A word in very many threads (decision 57): a query whose words are all common scores only
the newest threads with them; one with a rarer word scores every thread that has that word."""

from __future__ import annotations

from typing import Any

import pytest

from lytte.community import search, services
from lytte.community.models import Category, Member, Thread
from lytte.community.search import backends

pytestmark = pytest.mark.django_db


@pytest.fixture
def threads(
    kari_member: Member,
    category: Category,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> list[Thread]:
    """Four threads about invoices, oldest first; only the oldest is about a power cut."""
    monkeypatch.setattr(services.posting, "THREADS_PER_HOUR", 10)
    bodies = [
        "Fakturaen gjelder strømbrudd i Tromsø.",
        "Fakturaen er for høy.",
        "Fakturaen kom to ganger.",
        "Fakturaen mangler.",
    ]
    made = []
    for number, body in enumerate(bodies):
        with django_capture_on_commit_callbacks(execute=True):
            made.append(
                services.ask(
                    member=kari_member,
                    category=category,
                    language="nb",
                    title=f"Spørsmål {number}",
                    body=body,
                )
            )
    return made


@pytest.fixture
def common(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a large forum: a word in more than two threads is common, two are scanned."""
    monkeypatch.setattr(backends, "COMMON", 2)
    monkeypatch.setattr(backends, "SCAN", 2)
    monkeypatch.setattr(backends, "NEWEST", 2)


def test_a_small_forum_scores_every_match(threads: list[Thread]) -> None:
    assert set(search.search_threads("fakturaen", language="nb")) == set(threads)


@pytest.mark.parametrize("span", [100, 0.01], ids=["among-the-newest-ids", "fewer-there-so-all"])
def test_only_common_words_score_the_newest_threads_with_them(
    threads: list[Thread], common: None, span: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PostgreSQL looks among the newest ids first, then among all if too few are there.
    monkeypatch.setattr(backends, "SPAN", span)
    assert set(search.search_threads("fakturaen", language="nb")) == set(threads[-2:])
    assert set(search.search_threads("fakturaen", language="sv")) == set()  # per language


def test_a_rarer_word_finds_its_old_thread_among_common_ones(
    threads: list[Thread], common: None
) -> None:
    found = search.search_threads("fakturaen strømbrudd", language="nb")
    assert found[0] == threads[0]


def test_the_plan_reads_the_vocabularys_counts(threads: list[Thread], common: None) -> None:
    from lytte.knowledge.search.query import Options, analyse

    query = analyse("fakturaen strømbrudd", "nb", Options())
    plan = backends.plan("nb", [group for group in query.groups if group.terms])
    assert not plan.newest
    assert [group.word for group in plan.rare] == ["strømbrudd"]


def test_the_plan_counts_the_matches_unless_a_word_is_being_typed(
    threads: list[Thread], common: None
) -> None:
    from lytte.knowledge.search.query import Options, analyse

    typed = analyse("fakturaen strømb", "nb", Options(), prefix=True)
    plan = backends.plan("nb", [group for group in typed.groups if group.terms])
    assert plan.matches is None  # a prefix may match very many words: walked from the newest
    whole = analyse("fakturaen", "nb", Options())
    assert backends.plan("nb", [g for g in whole.groups if g.terms]).matches == len(threads)


def test_a_word_being_typed_finds_the_newest_threads_too(
    threads: list[Thread], common: None
) -> None:
    from lytte.knowledge.search.query import Options, analyse

    typed = analyse("fakturae", "nb", Options(), prefix=True)
    found = backends.rank(typed, solved_only=False, limit=10)
    assert {pk for pk, _score in found} == {thread.pk for thread in threads[-2:]}
