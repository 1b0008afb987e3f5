"""Search on the real database (SQLite, or PostgreSQL with LYTTE_DATABASE_URL): what is
found, by whom, in which language, and that the index follows every change."""

from __future__ import annotations

import pytest

from lytte.knowledge.models import Article, State, Translation, Visibility
from lytte.knowledge.search import Audience, reindex, reindex_all, search_articles, suggest
from lytte.knowledge.search.index import count_thread_words, recount_thread_words, term_documents
from lytte.knowledge.search.models import SearchEntry, SearchTerm
from lytte.knowledge.search.query import corrections
from lytte.knowledge.services import create_article, save_translation, set_state

pytestmark = pytest.mark.django_db

PUBLIC, STAFF = Audience.PUBLIC, Audience.STAFF


def _article(
    texts: dict[str, tuple[str, str]],
    *,
    visibility: str = Visibility.PUBLIC,
    state: str = State.PUBLISHED,
) -> Article:
    article = create_article(by=None, source_language="nb", visibility=visibility)
    for language, (title, body) in texts.items():
        translation = save_translation(
            article=article, language=language, title=title, body=body, by=None
        )
        set_state(translation, state, by=None)
    return article


@pytest.fixture
def articles() -> dict[str, Article]:
    return {
        "invoice": _article(
            {
                "nb": ("Endre adresse på faktura", "Du kan endre adressen på fakturaen din."),
                "en": ("Change your invoice address", "Change the address on your invoice."),
            }
        ),
        "delivery": _article(
            {
                "nb": ("Levering og frakt", "Levering tar to til fem dager. Ødegård lager."),
                "da": ("Levering og fragt", "Vi leverer på to til fem hverdage."),
                "sv": ("Leverans och frakt", "Leveransen tar två till fem dagar."),
                "fi": ("Toimitus ja rahti", "Toimitus kestää kahdesta viiteen päivää."),
            }
        ),
        "password": _article(
            {"en": ("Reset your password", "Forgot your password? Ask for a reset link.")}
        ),
        "late": _article({"fi": ("Tilaus myöhässä", "Jos tilauksesi on myöhässä, odota.")}),
        "internal": _article(
            {"nb": ("Interne rutiner for faktura", "Kun for agenter: faktura.")},
            visibility=Visibility.INTERNAL,
        ),
        "draft": _article({"nb": ("Faktura i utkast", "Et utkast om faktura.")}, state=State.DRAFT),
    }


def _titles(query: str, language: str | None = "nb", audience: Audience = PUBLIC) -> list[str]:
    return [hit.title for hit in search_articles(query, language=language, audience=audience)]


def test_inflected_forms_find_each_other(articles: dict[str, Article]) -> None:
    assert _titles("fakturaen") == ["Endre adresse på faktura"]
    assert _titles("fakturaer")[0] == "Endre adresse på faktura"
    assert _titles("leveransen", "sv") == ["Leverans och frakt"]
    assert _titles("invoices", "en") == ["Change your invoice address"]


def test_a_compound_finds_the_article_about_its_parts(articles: dict[str, Article]) -> None:
    assert _titles("fakturaadresse")[0] == "Endre adresse på faktura"
    assert _titles("leveringstid") == ["Levering og frakt"]
    assert _titles("toimitusaika", "fi") == ["Toimitus ja rahti"]


def test_words_without_nordic_letters_and_typos_still_find(articles: dict[str, Article]) -> None:
    assert _titles("odegard") == ["Levering og frakt"]
    assert _titles("tilaus myohassa", "fi") == ["Tilaus myöhässä"]
    assert _titles("levring") == ["Levering og frakt"]
    assert _titles("pasword", "en") == ["Reset your password"]
    assert _titles("leverig", "da") == ["Levering og fragt"]


def test_the_threads_words_are_corrections_after_the_help_centres(
    articles: dict[str, Article],
) -> None:
    # The community counts its threads' words (community.search): a forum-only word, and a
    # forum's own typo of a help-centre word.
    count_thread_words("nb", {"levring": "levring", "ruterboks": "ruterboks"}, +1)
    offered = [word for word, _term, _n in corrections("ruterbok", "nb")]
    assert offered == ["ruterboks"]
    # The help centre's correction stays, first: a forum's typo does not hide it.
    assert [word for word, _term, _n in corrections("levring", "nb")] == ["levering", "levring"]
    assert _titles("levring") == ["Levering og frakt"]
    # Words only threads have weigh no article's term and split no compound.
    assert term_documents("nb", ["ruterboks", "levering"]) == {"levering": 1}
    # A rebuild of the articles keeps the threads' counts; unpublishing keeps their words.
    reindex_all()
    assert [word for word, _term, _n in corrections("ruterbok", "nb")] == ["ruterboks"]
    count_thread_words("nb", {"levering": "levering"}, +1)
    translation = Translation.objects.get(article=articles["delivery"], language="nb")
    set_state(translation, State.ARCHIVED, by=None)
    assert SearchTerm.objects.get(language="nb", word="levering").documents == 0
    assert [word for word, _term, _n in corrections("leverimg", "nb")] == ["levering"]
    # The last thread with a word takes it away; a recount keeps only what it is given.
    count_thread_words("nb", {"ruterboks": "ruterboks"}, -1)
    assert corrections("ruterbok", "nb") == []
    recount_thread_words({})
    assert corrections("leverimg", "nb") == []
    assert SearchTerm.objects.filter(language="nb", word="faktura").exists()


def test_only_published_and_for_customers_only_public(articles: dict[str, Article]) -> None:
    assert "Faktura i utkast" not in _titles("faktura", audience=STAFF)
    assert _titles("faktura") == ["Endre adresse på faktura"]
    assert set(_titles("faktura", audience=STAFF)) == {
        "Endre adresse på faktura",
        "Interne rutiner for faktura",
    }


def test_the_language_filters_and_none_searches_every_language(
    articles: dict[str, Article],
) -> None:
    assert _titles("levering", "da") == ["Levering og fragt"]
    assert set(_titles("levering", None)) == {"Levering og frakt", "Levering og fragt"}
    assert _titles("levering", "xx") == []


def test_the_title_ranks_above_the_body(articles: dict[str, Article]) -> None:
    _article({"nb": ("Pakkeshop", "Ikke levering, men en levering til hentested.")})
    hits = search_articles("levering", language="nb", audience=PUBLIC)
    assert [h.title for h in hits] == ["Levering og frakt", "Pakkeshop"]
    assert hits[0].score > hits[1].score > 0


def test_the_snippet_is_plain_text_around_the_match() -> None:
    filler = "Tekst om noe helt annet. " * 20
    _article({"nb": ("Lang artikkel", filler + "Se **fakturaen** i [appen](../app/).")})
    (hit,) = search_articles("fakturaen", language="nb", audience=PUBLIC)
    assert "Se fakturaen i appen." in hit.snippet  # no gap where the markup was
    assert "*" not in hit.snippet
    assert "../app/" not in hit.snippet
    assert hit.snippet.startswith("… ")


def test_an_edit_and_unpublishing_reach_the_index(articles: dict[str, Article]) -> None:
    translation = Translation.objects.get(article=articles["invoice"], language="nb")
    save_translation(
        article=articles["invoice"],
        language="nb",
        title="Kvittering",
        body="Om kvittering.",
        by=None,
    )
    assert _titles("faktura") == []
    assert _titles("kvittering") == ["Kvittering"]
    set_state(translation, State.ARCHIVED, by=None)
    assert _titles("kvittering") == []
    assert not SearchEntry.objects.filter(pk=translation.pk).exists()
    assert not SearchTerm.objects.filter(language="nb", word="kvittering").exists()


def test_a_deleted_translation_is_gone_and_reindex_of_nothing_is_harmless(
    articles: dict[str, Article],
) -> None:
    translation = Translation.objects.get(article=articles["password"], language="en")
    translation.delete()
    reindex(translation.pk)
    assert _titles("password", "en") == []


def test_the_index_can_be_rebuilt(articles: dict[str, Article]) -> None:
    SearchEntry.objects.all().delete()
    assert _titles("faktura") == []
    assert reindex_all() == 9  # published translations
    assert _titles("fakturaen") == ["Endre adresse på faktura"]


def test_suggest_reads_the_last_word_as_the_start_of_one(articles: dict[str, Article]) -> None:
    assert [h.title for h in suggest("fakt", language="nb", audience=PUBLIC)] == [
        "Endre adresse på faktura"
    ]
    assert [h.title for h in suggest("endre adr", language="nb", audience=PUBLIC)] == [
        "Endre adresse på faktura"
    ]
    assert [h.title for h in suggest("pass", language="en", audience=PUBLIC)] == [
        "Reset your password"
    ]
    # One or two letters of a new word suggest nothing more than the words before them.
    assert [h.title for h in suggest("levering t", language="nb", audience=PUBLIC)] == [
        h.title for h in suggest("levering", language="nb", audience=PUBLIC)
    ]
    assert suggest("fa", language="nb", audience=PUBLIC) == []


@pytest.mark.parametrize(
    "query", ["", "   ", "og i", '"*"', "NEAR(a b)", "a' OR 1=1 --", "x" * 900, "a\x00b", "ö"]
)
def test_any_text_is_a_query_and_none_fails(articles: dict[str, Article], query: str) -> None:
    assert isinstance(search_articles(query, language="nb", audience=PUBLIC), list)
    assert isinstance(suggest(query, language="nb", audience=PUBLIC), list)


def test_in_a_large_help_centre_title_matches_are_never_left_unscored(monkeypatch) -> None:
    # A large help centre scores at most SCORED matches of a word: here 2 of 8, as if the
    # word were in thousands of articles. The one titled with it is found first all the same,
    # and a word only in a body is still found.
    from lytte.knowledge.search import backends

    monkeypatch.setattr(backends, "LARGE", 1)
    monkeypatch.setattr(backends, "SCORED", 2)
    for n in range(7):
        _article({"nb": (f"Kundeklubb {n}", f"Betaling skjer ved kjøp. Bonus nummer {n}.")})
    _article({"nb": ("Betaling med kort", "Vi tar Visa og Mastercard, uten kortgebyr.")})
    hits = search_articles("betaling", language="nb", audience=PUBLIC, limit=5)
    assert hits[0].title == "Betaling med kort"
    found = search_articles("kortgebyr", language="nb", audience=PUBLIC, limit=5)
    assert [hit.title for hit in found] == ["Betaling med kort"]


def test_on_postgresql_a_new_entry_is_in_the_search_indexes_at_once() -> None:
    # A GIN index's pending list (the default) is read in full by every search until a vacuum
    # merges it: after an import, searches read hundreds of pages instead of a few. Every GIN
    # index of the search tables, whatever migration made it, writes into the index itself.
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's GIN indexes")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, coalesce(array_to_string(c.reloptions, ','), '') "
            "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_am a ON a.oid = c.relam "
            "WHERE a.amname = 'gin' AND t.relname IN "
            "('knowledge_searchentry', 'knowledge_searchterm')"
        )
        indexes = dict(cursor.fetchall())
    assert len(indexes) >= 15  # per language: whole entries, titles, the words' trigrams
    assert {name: options for name, options in indexes.items() if options != "fastupdate=off"} == {}
