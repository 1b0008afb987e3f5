"""Searching the help centre: public articles of the URL's language, each search recorded for
the knowledge gaps, and the result a reader opened recorded against it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from lytte.knowledge.models import SearchQuery
from lytte.portal.tests.help_world import HelpCentre

pytestmark = pytest.mark.django_db


def _result_links(content: str) -> list[str]:
    return [
        part.split('"', 1)[0]
        for part in content.split('<ol class="search-hits"', 1)[1].split('<a href="')[1:]
    ]


def test_it_finds_public_articles_in_the_language_and_records_the_search(
    help_centre: HelpCentre,
) -> None:
    # "fakturaen" is written in the article: found with or without stemming.
    response = Client().get("/help/nb/search/", {"q": "fakturaen"})
    assert response.status_code == 200
    titles = [hit.title for hit in response.context["hits"]]
    assert "Faktura og betaling" in titles
    assert "Rutine for kreditering av faktura" not in titles  # internal
    assert "Ny fakturaløsning" not in titles  # a draft
    search = SearchQuery.objects.get()
    assert (search.source, search.language, search.query) == ("portal", "nb", "fakturaen")
    assert search.results == len(titles)
    assert search.customer is None


def test_opening_a_result_records_the_click_once(help_centre: HelpCentre) -> None:
    content = Client().get("/help/fi/search/", {"q": "laskun"}).content.decode()
    link = _result_links(content)[0].replace("&amp;", "&")
    assert urlsplit(link).path == "/help/fi/articles/lasku-ja-maksaminen/"
    assert Client().get(link).status_code == 200
    assert SearchQuery.objects.get().clicked == help_centre.invoice_fi
    Client().get(link.replace("lasku-ja-maksaminen", "toimitusajat"))
    assert SearchQuery.objects.get().clicked == help_centre.invoice_fi


def test_a_forged_search_id_records_nothing(help_centre: HelpCentre) -> None:
    Client().get("/help/fi/search/", {"q": "laskun"})
    search = SearchQuery.objects.get()
    for forged in (str(search.pk), f"{search.pk}:forged", "x"):
        Client().get("/help/fi/articles/lasku-ja-maksaminen/", {"s": forged})
    assert SearchQuery.objects.get().clicked is None


def test_no_result_is_recorded_and_offers_a_person(help_centre: HelpCentre) -> None:
    response = Client().get("/help/nb/search/", {"q": "strømbrudd"})
    assert response.status_code == 200
    assert response.context["hits"] == []
    assert SearchQuery.objects.get().results == 0
    assert b'aria-labelledby="contact-heading"' in response.content


def test_an_empty_query_shows_the_search_box_and_records_nothing(help_centre: HelpCentre) -> None:
    for query in ({}, {"q": ""}, {"q": "   "}):
        response = Client().get("/help/nb/search/", query)
        assert response.status_code == 200
        assert b'id="help-q"' in response.content
    assert not SearchQuery.objects.exists()


def test_a_query_too_long_is_refused(help_centre: HelpCentre) -> None:
    response = Client().get("/help/nb/search/", {"q": "faktura " * 40})
    assert response.status_code == 400
    assert b'id="help-q-errors"' in response.content
    assert not SearchQuery.objects.exists()


def test_suggestions_are_titles_of_public_articles_as_you_type(help_centre: HelpCentre) -> None:
    response = Client().get(
        "/help/fi/search/suggestions/", {"q": "toimitus"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert b'<a href="/help/fi/articles/toimitusajat/" data-suggestion>Toimitusajat</a>' in (
        response.content
    )
    internal = Client().get("/help/nb/search/suggestions/", {"q": "kreditering"})
    assert b"data-suggestion" not in internal.content
    assert not SearchQuery.objects.exists()  # only searches are recorded


def test_suggestions_for_nothing_or_too_much(help_centre: HelpCentre) -> None:
    assert Client().get("/help/nb/search/suggestions/", {"q": ""}).content.strip() == b""
    assert Client().get("/help/nb/search/suggestions/", {"q": "x" * 201}).status_code == 400


def test_the_search_link_is_in_the_search_page_of_each_language(help_centre: HelpCentre) -> None:
    content = Client().get("/help/nb/search/", {"q": "faktura"}).content.decode()
    assert '<a href="/help/fi/search/?q=faktura" hreflang="fi" lang="fi">' in content
    query = parse_qs(urlsplit(_result_links(content)[0].replace("&amp;", "&")).query)
    assert list(query) == ["s"]


def test_results_come_ten_a_page_and_further_pages_are_the_same_search(
    help_centre: HelpCentre,
) -> None:
    from lytte.knowledge.models import State
    from lytte.knowledge.services import create_article, save_translation, set_state

    for n in range(12):
        article = create_article(by=None, source_language="da", visibility="public")
        text = save_translation(
            article=article,
            language="da",
            title=f"Pakkeshop nummer {n}",
            body="Hent din pakke i en pakkeshop nær dig.",
            by=None,
        )
        set_state(text, State.PUBLISHED, by=None)
    first = Client().get("/help/da/search/", {"q": "pakkeshop"})
    assert len(first.context["hits"]) == 10
    more = first.content.decode().split('class="search-more" href="', 1)[1].split('"', 1)[0]
    second = Client().get("/help/da/search/" + more.replace("&amp;", "&"))
    assert second.status_code == 200
    assert len(second.context["hits"]) == 2
    assert "search-more" not in second.content.decode()
    titles = [hit.title for hit in first.context["hits"] + second.context["hits"]]
    assert len(set(titles)) == 12
    assert SearchQuery.objects.count() == 1  # one search, two pages
    link = _result_links(second.content.decode())[0].replace("&amp;", "&")
    Client().get(link)
    assert SearchQuery.objects.get().clicked is not None
    assert Client().get("/help/da/search/", {"q": "pakkeshop", "page": "9"}).status_code == 400
