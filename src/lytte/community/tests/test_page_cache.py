"""A thread's page for signed-out readers from the cache (decision 58): the second reader gets
the first one's copy without a rendering; whatever changes on the thread shows at once; anyone
signed in, a query, or a message waiting never gets, nor makes, the cached copy."""

from __future__ import annotations

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lytte.accounts.models import User
from lytte.community import services, views
from lytte.community.models import Category, Member, Post, Thread
from lytte.community.views import REPLIES_PER_PAGE
from lytte.portal.tests.sessions import portal_client

QUESTION = "Fakturaen kom ikke i posten"
FINGERPRINT_QUERIES = 3  # the merge check, the thread, its posts and votes (one statement)


def _url(thread: Thread) -> str:
    return f"/help/{thread.language}/community/threads/{thread.pk}/"


def _read(thread: Thread, client: Client | None = None, **query: str) -> HttpResponse:
    response = (client or Client()).get(_url(thread), query)
    assert response.status_code == 200
    return response


def _cached(response: HttpResponse) -> bool:
    """Served from the cache: no template was rendered for it."""
    return not response.templates  # type: ignore[attr-defined]


def _answer(thread: Thread, member: Member, body: str) -> Post:
    return services.reply(thread=thread, member=member, body=body)


def test_the_second_signed_out_reader_gets_the_first_ones_page(
    question: Thread, ola_member: Member
) -> None:
    _answer(question, ola_member, "Sjekk eFaktura i nettbanken, så dukker den opp der.")
    first = _read(question)
    with CaptureQueriesContext(connection) as queries:
        second = _read(question, Client(HTTP_ACCEPT_LANGUAGE="en"))

    assert not _cached(first)
    assert _cached(second)
    assert len(queries) == FINGERPRINT_QUERIES
    assert second.content == first.content
    assert QUESTION in second.content.decode()
    assert "Sjekk eFaktura i nettbanken" in second.content.decode()


def test_the_cached_page_keeps_the_headers_and_holds_nothing_of_the_reader(
    question: Thread,
) -> None:
    first, second = _read(question), _read(question)

    assert _cached(second)
    for name in ("Cache-Control", "Vary", "Content-Language", "Content-Type"):
        assert second.get(name) == first.get(name), name
    assert "no-cache" in second["Cache-Control"]  # never_cache: the browser keeps no copy
    assert "Expires" in second
    page = first.content.decode()
    assert "csrfmiddlewaretoken" not in page
    assert "Logg inn for å svare." in page
    assert not first.cookies
    assert not second.cookies


def test_what_changes_on_the_thread_shows_at_once(
    question: Thread, ola_member: Member, kari_member: Member, supervisor: User
) -> None:
    answer = _answer(question, ola_member, "Prøv å logge inn på nytt, så går det.")
    _read(question)

    reply = _answer(question, kari_member, "Takk, det hjalp ikke helt.")
    assert "Takk, det hjalp ikke helt." in _read(question).content.decode()

    services.edit(post=answer, member=ola_member, body="Logg inn og sjekk «Mine fakturaer».")
    assert "Mine fakturaer" in _read(question).content.decode()

    services.hide(post=reply, moderator=supervisor)
    page = _read(question).content.decode()
    assert "Takk, det hjalp ikke helt." not in page
    assert "Dette innlegget ble skjult av en moderator." in page

    services.toggle_vote(post=answer, member=kari_member)
    assert "1 stemme" in _read(question).content.decode()

    services.accept(post=answer, member=kari_member)
    page = _read(question)
    assert not _cached(page)
    assert "community-post-accepted" in page.content.decode()
    assert _cached(_read(question))


def test_a_vote_taken_back_and_another_given_shows(
    question: Thread, ola_member: Member, kari_member: Member
) -> None:
    first = _answer(question, ola_member, "Første forslag: tøm nettleserens hurtigbuffer.")
    second = _answer(question, ola_member, "Andre forslag: bruk en annen nettleser.")
    services.toggle_vote(post=first, member=kari_member)
    _read(question)

    services.toggle_vote(post=first, member=kari_member)  # back: the count stays at one vote
    services.toggle_vote(post=second, member=kari_member)
    page = _read(question)

    assert not _cached(page)
    html = page.content.decode()
    assert html.index(f'id="post-{first.pk}"') < html.index("0 stemmer") < html.index("1 stemme")


def test_members_and_staff_never_get_nor_make_the_cached_page(
    question: Thread, ola_member: Member, agent: User
) -> None:
    ola = portal_client(ola_member.customer)
    staff = Client()
    staff.force_login(agent)

    for client in (ola, staff):  # first: they make nothing a signed-out reader gets
        page = _read(question, client)
        assert not _cached(page)
        assert 'id="reply-form"' in page.content.decode()
    anonymous = _read(question)
    assert not _cached(anonymous)
    assert 'id="reply-form"' not in anonymous.content.decode()

    for client in (ola, staff):  # then: with a cached copy there, they still get their own
        page = _read(question, client)
        assert not _cached(page)
        assert 'id="reply-form"' in page.content.decode()


def test_a_query_or_a_waiting_message_bypasses_the_cache(
    question: Thread, ola_member: Member
) -> None:
    answer = _answer(question, ola_member, "Ring kundeservice på 22 33 44 55.")
    _read(question)

    assert not _cached(_read(question, quote=str(answer.pk)))
    assert not _cached(_read(question, flagged=str(answer.pk)))
    assert not _cached(_read(question, page="01"))
    told = Client()
    cookie = CookieStorage(HttpRequest())._encode([Message(constants.INFO, "Du er logget ut.")])  # type: ignore[attr-defined]
    told.cookies["messages"] = cookie
    page = _read(question, told)
    assert not _cached(page)
    assert "Du er logget ut." in page.content.decode()
    assert _cached(_read(question))


def test_languages_and_pages_are_kept_apart(
    question: Thread, ola_member: Member, category: Category
) -> None:
    swedish = services.ask(
        member=ola_member,
        category=category,
        language="sv",
        title="Fakturan kom inte med posten",
        body="Jag har inte fått fakturan för maj.",
    )
    Post.objects.bulk_create(
        Post(thread=question, author=ola_member, body=f"Svar nummer {n}: æøå.", created_at=when)
        for n, when in enumerate([question.created_at] * (REPLIES_PER_PAGE + 5), 1)
    )
    pages = [_read(question), _read(question, page="2"), _read(swedish)]
    again = [_read(question), _read(question, page="2"), _read(swedish)]

    assert all(_cached(page) for page in again)
    assert [page.content for page in again] == [page.content for page in pages]
    assert len({page.content for page in pages}) == 3
    assert "Logga in för att svara." in again[2].content.decode()
    assert "Logg inn for å svare." in again[1].content.decode()
    assert 'rel="prev"' in again[1].content.decode()
    assert 'rel="prev"' not in again[0].content.decode()


def test_a_page_past_the_end_is_shown_and_not_kept(question: Thread) -> None:
    assert not _cached(_read(question, page="7"))
    assert not _cached(_read(question, page="7"))


def test_a_page_that_asks_for_a_csrf_token_is_never_kept(
    question: Thread, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should the signed-out page ever get a form, its token is one reader's: not kept."""
    rendering = views._thread_page

    def with_a_form(request: HttpRequest, found: Thread) -> HttpResponse:
        get_token(request)
        return rendering(request, found)

    monkeypatch.setattr(views, "_thread_page", with_a_form)

    assert not _cached(_read(question))
    assert not _cached(_read(question))
