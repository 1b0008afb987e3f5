"""The help centre's front page and its topics: what a customer may read, counted, in the URL's
language, with the business's look and a way to reach a person."""

from __future__ import annotations

import pytest
from django.test import Client

from lytte.knowledge.services import record_click, record_search
from lytte.portal.tests.help_world import HelpCentre

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_topics_with_their_public_articles_counted(
    help_centre: HelpCentre,
) -> None:
    response = Client().get("/help/nb/")
    assert response.status_code == 200
    assert response["Content-Language"] == "nb"
    topics = [(node.name, node.count) for node in response.context["categories"]]
    # Faktura: its own article and the one under Betaling; not the internal one nor the draft.
    assert topics == [("Faktura", 2), ("Levering", 1)]
    assert b'<html lang="nb">' in response.content


def test_topics_without_an_article_in_the_language_are_left_out(help_centre: HelpCentre) -> None:
    topics = [node.name for node in Client().get("/help/sv/").context["categories"]]
    assert topics == ["Fakturor"]


def test_popular_articles_are_the_ones_opened_most_from_search(help_centre: HelpCentre) -> None:
    for _ in range(2):
        search = record_search(source="portal", language="nb", query="levering", results=1)
        record_click(search_id=search.pk, translation=help_centre.delivery_nb)
    popular = list(Client().get("/help/nb/").context["popular"])
    assert popular[0] == help_centre.delivery_nb
    assert help_centre.internal_nb not in popular
    assert help_centre.draft_nb not in popular


def test_a_category_shows_its_subtopics_and_articles(help_centre: HelpCentre) -> None:
    response = Client().get("/help/nb/categories/invoices/")
    assert response.status_code == 200
    assert [node.name for node in response.context["children"]] == ["Betaling"]
    assert list(response.context["articles"]) == [help_centre.invoice_nb]
    sub = Client().get("/help/nb/categories/payment/")
    assert [name for _category, name in sub.context["trail"]] == ["Faktura"]
    assert list(sub.context["articles"]) == [help_centre.due_date_nb]


def test_an_unknown_category_is_not_found(help_centre: HelpCentre) -> None:
    assert Client().get("/help/nb/categories/nowhere/").status_code == 404


def test_every_page_links_the_same_page_in_the_other_languages(help_centre: HelpCentre) -> None:
    content = Client().get("/help/fi/categories/delivery/").content.decode()
    assert '<a href="/help/sv/categories/delivery/" hreflang="sv" lang="sv">' in content
    assert 'hreflang="nb" href="http://testserver/help/nb/categories/delivery/"' in content
    assert 'href="/help/fi/categories/delivery/" hreflang="fi" lang="fi" aria-current="page"' in (
        content
    )


def test_the_business_name_colour_and_contact_are_on_every_page(
    help_centre: HelpCentre, settings: object
) -> None:
    settings.PORTAL_NAME = "Fjordkraft"  # type: ignore[attr-defined]
    settings.PORTAL_COLOR = "#ffd200"  # type: ignore[attr-defined]  # a light yellow
    settings.PORTAL_PHONE = "+47 22 00 00 00"  # type: ignore[attr-defined]
    settings.PORTAL_EMAIL = "kundeservice@fjordkraft.test"  # type: ignore[attr-defined]
    settings.PORTAL_HOURS = "Hverdager kl. 8 til 16"  # type: ignore[attr-defined]
    for path in ("/help/nb/", "/help/nb/categories/invoices/"):
        content = Client().get(path).content.decode()
        assert "Fjordkraft" in content
        # Dark text on the light yellow, and links in dark ink rather than yellow on white.
        assert "--brand: #ffd200; --on-brand: #000000; --brand-link: #1d2733;" in content
        assert '<a href="tel:+4722000000">+47 22 00 00 00</a>' in content
        assert '<a href="mailto:kundeservice@fjordkraft.test">' in content
        assert "Hverdager kl. 8 til 16" in content


def test_a_colour_that_is_not_a_colour_is_not_written_into_the_page(
    help_centre: HelpCentre, settings: object
) -> None:
    settings.PORTAL_COLOR = "red;}</style><script>alert(1)</script>"  # type: ignore[attr-defined]
    content = Client().get("/help/nb/").content.decode()
    assert "<script>alert" not in content
    assert "--brand: #1f5f8b; --on-brand: #ffffff; --brand-link: #1f5f8b;" in content


def test_a_logo_on_another_site_is_not_fetched(help_centre: HelpCentre, settings: object) -> None:
    settings.PORTAL_LOGO_URL = "https://cdn.example.com/logo.png"  # type: ignore[attr-defined]
    assert b"cdn.example.com" not in Client().get("/help/nb/").content
    settings.PORTAL_LOGO_URL = "/static/brand/logo.svg"  # type: ignore[attr-defined]
    assert b'src="/static/brand/logo.svg"' in Client().get("/help/nb/").content
