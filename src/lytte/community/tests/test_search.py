"""Thread search: the knowledge base's Nordic analysis over threads' titles and public posts,
solved threads ranked higher; held or hidden text and an erased member's words are not found;
the index keeps up with the services' writes."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from lytte.accounts.models import User
from lytte.community import search, services
from lytte.community.models import Category, Member, Thread
from lytte.community.search.models import ThreadEntry
from lytte.knowledge import services as knowledge
from lytte.knowledge.models import State
from lytte.knowledge.search import Audience, search_articles
from lytte.knowledge.search.query import corrections
from lytte.privacy.services.erasure import erase_customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def now(django_capture_on_commit_callbacks: Any) -> Any:
    """Run the services' after-commit reindexing at once."""

    def run() -> Any:
        return django_capture_on_commit_callbacks(execute=True)

    return run


def _ask(
    member: Member, category: Category, title: str, body: str, now: Any, language: str = "nb"
) -> Thread:
    with now():
        return services.ask(
            member=member, category=category, language=language, title=title, body=body
        )


def _offered(typed: str, language: str) -> list[str]:
    """The words the vocabulary offers for a misspelt word (the help centre's search too)."""
    return [word for word, _term, _n in corrections(typed, language)]


def test_stems_compounds_and_solved_first(
    kari_member: Member, ola_member: Member, category: Category, now: Any
) -> None:
    unsolved = _ask(kari_member, category, "Strømregningen er feil", "Beløpet stemmer ikke.", now)
    solved = _ask(ola_member, category, "Feil på regningen", "Hvorfor er regningen feil?", now)
    with now():
        answer = services.reply(thread=solved, body="Ring oss.", member=kari_member)
        services.accept(post=answer, member=ola_member)

    found = search.search_threads("regningene feil", language="nb")
    assert found[0] == solved  # solved ranks higher
    assert unsolved in found
    # A reply's words are found too; "strømregning" finds its compound's parts' thread.
    assert search.search_threads("ring", language="nb") == [solved]
    assert search.search_threads("strømregningen", language="nb")[0] == unsolved
    assert search.search_threads("regningen", language="nb", solved_only=True) == [solved]
    assert search.search_threads("regningen", language="sv") == []
    assert search.search_threads("", language="nb") == []


def test_held_and_hidden_text_is_not_found(
    question: Thread, ola_member: Member, supervisor: User, now: Any
) -> None:
    search.reindex_all()
    with now():
        reply = services.reply(thread=question, body="Prøv kundeportalen.", member=ola_member)
    assert search.search_threads("kundeportalen", language="nb") == [question]
    with now():
        services.hide(post=reply, moderator=supervisor)
    assert search.search_threads("kundeportalen", language="nb") == []
    opening = question.posts.get(opening=True)
    with now():
        services.hide(post=opening, moderator=supervisor)
    assert search.search_threads("fakturaen", language="nb") == []
    assert not ThreadEntry.objects.exists()


def test_an_edit_is_found_and_the_old_text_is_not(
    question: Thread, kari_member: Member, now: Any
) -> None:
    search.reindex_all()
    opening = question.posts.get(opening=True)
    with now():
        services.edit(
            post=opening, body="Jeg mangler kvitteringen.", member=kari_member, title="Kvittering"
        )
    assert search.search_threads("kvitteringen", language="nb") == [question]
    assert search.search_threads("posten", language="nb") == []


def test_an_erased_members_words_leave_the_index(
    question: Thread, ola_member: Member, admin_user: User, now: Any
) -> None:
    with now():
        services.reply(thread=question, body="Sjekk eFaktura i nettbanken.", member=ola_member)
    assert search.search_threads("nettbanken", language="nb") == [question]
    with now():
        erase_customer(customer=ola_member.customer, erased_by=admin_user, reason="Asked")
    assert search.search_threads("nettbanken", language="nb") == []
    assert search.search_threads("fakturaen", language="nb") == [question]


@pytest.mark.parametrize(
    ("language", "title", "body", "typed", "meant"),
    [
        # Finnish slang for a mobile broadband stick, Norwegian for a home router box.
        ("fi", "Mokkula ei yhdistä", "Mokkulan valo vilkkuu punaisena.", "mokula", "mokkula"),
        ("nb", "Hjemmesentralen blinker", "Lampa er rød.", "hjemmesentarlen", "hjemmesentralen"),
    ],
)
def test_a_misspelt_word_only_a_thread_has_finds_the_thread(
    kari_member: Member,
    category: Category,
    now: Any,
    language: str,
    title: str,
    body: str,
    typed: str,
    meant: str,
) -> None:
    article = knowledge.create_article(by=None, source_language=language)
    words = {"fi": "Laskun maksaminen verkkopankissa", "nb": "Betaling av faktura i nettbanken"}
    text = knowledge.save_translation(
        article=article, language=language, title=words[language], body=words[language], by=None
    )
    knowledge.set_state(text, State.PUBLISHED, by=None)
    thread = _ask(kari_member, category, title, body, now, language=language)

    assert search.search_threads(typed, language=language) == [thread]
    assert _offered(typed, language) == [meant]  # the help centre's search offers it too
    assert search_articles(typed, language=language, audience=Audience.PUBLIC) == []
    # A rebuild counts the same words.
    search.reindex_all()
    assert search.search_threads(typed, language=language) == [thread]
    assert _offered(typed, language) == [meant]


def test_hidden_and_erased_words_are_not_offered(
    question: Thread,
    kari_member: Member,
    ola_member: Member,
    supervisor: User,
    admin_user: User,
    now: Any,
) -> None:
    search.reindex_all()
    with now():
        reply = services.reply(
            thread=question, body="Ruteren min heter Zyxelboks.", member=ola_member
        )
    other = _ask(kari_member, question.category, "Zyxelboks og faktura", "Hva nå?", now)
    assert _offered("zyxlboks", "nb") == ["zyxelboks"]
    with now():
        services.hide(post=reply, moderator=supervisor)
    # Still in the other thread: offered, and it finds that one.
    assert _offered("zyxlboks", "nb") == ["zyxelboks"]
    assert search.search_threads("zyxlboks", language="nb") == [other]
    with now():
        services.hide(post=other.posts.get(opening=True), moderator=supervisor)
    # The hidden opening post unlists the thread: its words are not offered any more.
    assert _offered("zyxlboks", "nb") == []
    assert search.search_threads("zyxlboks", language="nb") == []
    assert _offered("fakturaem", "nb") == ["fakturaen"]  # the listed thread's word stays

    with now():
        services.reply(thread=question, body="Prøv Nettbankhjelpen.", member=ola_member)
    assert _offered("nettbankhjelpem", "nb") == ["nettbankhjelpen"]
    with now():
        erase_customer(customer=ola_member.customer, erased_by=admin_user, reason="Asked")
    assert _offered("nettbankhjelpem", "nb") == []


def test_reindex_all(question: Thread) -> None:
    assert search.reindex_all() == 1
    assert search.search_threads("fakturaen", language="nb") == [question]


def test_the_reindex_command(question: Thread) -> None:
    out = StringIO()
    call_command("community", "reindex", stdout=out)
    assert out.getvalue().strip() == "Indexed 1 threads."
    assert search.search_threads("fakturaen", language="nb") == [question]


def test_one_search_box_finds_articles_and_threads(
    question: Thread, kari_member: Member, ola_member: Member, now: Any
) -> None:
    article = knowledge.create_article(by=None, source_language="nb")
    text = knowledge.save_translation(
        article=article,
        language="nb",
        title="Når kommer fakturaen?",
        body="Fakturaen kommer den 5.",
        by=None,
    )
    knowledge.set_state(text, State.PUBLISHED, by=None)
    search.reindex_all()  # the question fixture's thread
    category = question.category
    other = _ask(ola_member, category, "Fakturaen er for høy", "Beløpet på fakturaen.", now)
    with now():
        answer = services.reply(thread=other, body="Se vilkårene.", member=kari_member)
        services.accept(post=answer, member=ola_member)

    home = Client().get("/help/nb/community/").content.decode()
    assert 'id="community-search-form"' in home
    page = Client().get("/help/nb/community/search/", {"q": "fakturaene"})
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('id="community-found"') == 1  # one list for both
    article_at = html.index(f'href="/help/nb/articles/{text.slug}/"')
    solved_at = html.index(f'href="/help/nb/community/threads/{other.pk}/"')
    unsolved_at = html.index(f'href="/help/nb/community/threads/{question.pk}/"')
    assert solved_at < unsolved_at  # solved first
    assert article_at < unsolved_at  # each side's best weighs alike: the article leads
    assert 'name="robots" content="noindex"' in html
    empty = Client().get("/help/nb/community/search/").content.decode()
    assert 'id="community-search-status"' not in empty


def test_the_search_box_analyses_a_query_once_for_articles_and_threads(
    question: Thread, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lytte.community import finding
    from lytte.knowledge.search import query, ranking

    calls: list[str] = []

    def counted(text: str, language: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(text)
        return query.analyse(text, language, *args, **kwargs)

    monkeypatch.setattr(finding, "analyse", counted)
    monkeypatch.setattr(ranking, "analyse", counted)
    monkeypatch.setattr(search, "analyse", counted)
    search.reindex_all()
    found = finding.search_everything("fakturaene", "nb")

    assert [result.thread for result in found] == [question]
    assert calls == ["fakturaene"]  # its typo corrections are looked up once, not twice
