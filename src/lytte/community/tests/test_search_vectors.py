"""Similar questions before posting with hybrid search on (decision 54): threads found by
meaning through their vectors, kept in step with posting, accepting and erasure; with
embeddings off, thread search is full-text as before and nothing is embedded."""

from __future__ import annotations

from typing import Any

import pytest

from lytte.accounts.models import User
from lytte.community import search, services
from lytte.community.models import Category, Member, Thread
from lytte.community.search.models import ThreadVector
from lytte.community.selectors import similar_threads
from lytte.insights import embeddings
from lytte.knowledge.search.tests.stand_in import Meanings, fixture_model  # noqa: F401 (`model`)
from lytte.privacy.services.erasure import erase_customer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _hybrid_on(settings: Any) -> None:
    """Hybrid search is off by default (decision 54); these tests are about it on."""
    settings.SEARCH_HYBRID = "on"


@pytest.fixture
def now(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _ask(member: Member, category: Category, title: str, body: str, now: Any) -> Thread:
    with now():
        return services.ask(member=member, category=category, language="nb", title=title, body=body)


def _solve(thread: Thread, by: Member, asker: Member, now: Any) -> None:
    with now():
        answer = services.reply(thread=thread, body="Takk, det ordnet seg.", member=by)
        services.accept(post=answer, member=asker)


def test_a_solved_question_is_found_by_meaning_before_posting(
    model: Meanings, kari_member: Member, ola_member: Member, category: Category, now: Any
) -> None:
    refund = _ask(kari_member, category, "Refusjon av kjøpet", "Når kommer refusjonen?", now)
    _solve(refund, ola_member, kari_member, now)
    _ask(ola_member, category, "Refusjon for frakt", "Refunder frakten?", now)  # unsolved
    assert search.search_threads("pengene tilbake", language="nb") != []
    assert similar_threads("når får jeg pengene tilbake", "nb") == [refund]
    assert ThreadVector.objects.get(thread=refund).solved


def test_an_erased_members_words_no_longer_find_the_thread_by_meaning(
    model: Meanings,
    kari_member: Member,
    ola_member: Member,
    category: Category,
    admin_user: User,
    now: Any,
) -> None:
    thread = _ask(kari_member, category, "Et spørsmål om kjøpet", "Hva gjør jeg nå?", now)
    with now():
        services.reply(thread=thread, body="Be om refusjon, da refunderer de.", member=ola_member)
    assert search.search_threads("pengene tilbake", language="nb") == [thread]
    with now():
        erase_customer(customer=ola_member.customer, erased_by=admin_user, reason="Asked")
    assert search.search_threads("pengene tilbake", language="nb") == []


def test_without_embeddings_nothing_is_embedded_and_search_is_full_text(
    settings: Any, kari_member: Member, category: Category, now: Any
) -> None:
    settings.EMBEDDINGS = "off"
    embeddings.forget_loaded()
    thread = _ask(kari_member, category, "Refusjon av kjøpet", "Når kommer refusjonen?", now)
    assert search.search_threads("pengene tilbake", language="nb") == []
    assert search.search_threads("refusjon", language="nb") == [thread]
    assert not ThreadVector.objects.exists()
    embeddings.forget_loaded()


def test_erasure_drops_the_vector_even_when_embeddings_are_gone_by_then(
    model: Meanings,
    settings: Any,
    kari_member: Member,
    ola_member: Member,
    category: Category,
    admin_user: User,
    now: Any,
) -> None:
    thread = _ask(kari_member, category, "Et spørsmål om kjøpet", "Hva gjør jeg nå?", now)
    with now():
        services.reply(thread=thread, body="Be om refusjon.", member=ola_member)
    assert ThreadVector.objects.filter(thread=thread).exists()
    settings.EMBEDDINGS = "off"  # the package removed, or turned off, before the erasure
    embeddings.forget_loaded()
    with now():
        erase_customer(customer=ola_member.customer, erased_by=admin_user, reason="Asked")
    assert not ThreadVector.objects.filter(thread=thread).exists()
