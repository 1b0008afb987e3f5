"""Reading an article: only published public translations, old links moved on, and a helpful
page where there is nothing to read."""

from __future__ import annotations

import pytest
from django.test import Client

from lytte.knowledge.models import State
from lytte.knowledge.services import set_state
from lytte.portal.tests.help_world import HelpCentre

pytestmark = pytest.mark.django_db


def test_it_shows_the_article_with_its_place_and_related_articles(help_centre: HelpCentre) -> None:
    response = Client().get("/help/nb/articles/faktura-og-betaling/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Faktura og betaling</h1>" in content
    assert "Fakturaen sendes på e-post" in content
    assert [name for _category, name in response.context["trail"]] == ["Faktura"]
    assert list(response.context["related"]) == [help_centre.due_date_nb]
    assert 'aria-labelledby="contact-heading"' in content


def test_its_translations_are_its_alternates_and_the_switcher_goes_to_them(
    help_centre: HelpCentre,
) -> None:
    content = Client().get("/help/nb/articles/faktura-og-betaling/").content.decode()
    assert 'hreflang="fi" href="http://testserver/help/fi/articles/lasku-ja-maksaminen/"' in content
    assert '<a href="/help/sv/articles/faktura-och-betalning/" hreflang="sv"' in content
    # No Danish translation: the switcher offers the Danish help centre, not an alternate.
    assert '<a href="/help/da/" hreflang="da"' in content
    assert 'rel="alternate" hreflang="da"' not in content


def test_an_old_slug_moves_permanently_to_the_current_one(help_centre: HelpCentre) -> None:
    response = Client().get("/help/nb/articles/fakturaen-din/?s=abc")
    assert response.status_code == 301
    assert response["Location"] == "/help/nb/articles/faktura-og-betaling/?s=abc"


@pytest.mark.parametrize(
    "path",
    [
        "/help/nb/articles/rutine-for-kreditering-av-faktura/",  # internal
        "/help/nb/articles/ny-fakturalsning/",  # a draft
        "/help/nb/articles/ny-fakturaløsning/",
        "/help/nb/articles/finnes-ikke/",
        "/help/fi/articles/rutine-for-kreditering-av-faktura/",
    ],
)
def test_what_a_customer_may_not_read_is_not_found(help_centre: HelpCentre, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 404
    content = response.content.decode()
    assert "Kun for ansatte" not in content
    assert "Snart kommer" not in content
    assert 'role="search"' in content
    assert 'aria-labelledby="contact-heading"' in content


def test_a_slug_of_another_language_is_not_found_but_leads_to_its_translations(
    help_centre: HelpCentre,
) -> None:
    response = Client().get("/help/fi/articles/faktura-og-betaling/")
    assert response.status_code == 404
    content = response.content.decode()
    assert '<a href="/help/fi/articles/lasku-ja-maksaminen/" hreflang="fi"' in content
    assert '<a href="/help/nb/articles/faktura-og-betaling/" hreflang="nb"' in content


def test_an_archived_translation_is_not_found(help_centre: HelpCentre) -> None:
    set_state(help_centre.delivery_fi, State.ARCHIVED, by=None)
    assert Client().get("/help/fi/articles/toimitusajat/").status_code == 404
    assert Client().get("/help/nb/articles/leveringstid/").status_code == 200


def test_an_internal_article_is_never_offered_as_a_translation(help_centre: HelpCentre) -> None:
    content = Client().get("/help/sv/articles/rutine-for-kreditering-av-faktura/").content
    assert b"rutine-for-kreditering" not in content.split(b"<main", 1)[1]


@pytest.mark.parametrize(
    ("path", "language", "heading"),
    [
        ("/help/nb/finnes/ikke/", "nb", "Vi fant ikke denne siden"),
        ("/help/fi/categories/ei-ole/", "fi", "Emme löytäneet tätä sivua"),
        ("/help/xx/", "nb", "Vi fant ikke denne siden"),  # no language of ours: the portal's
    ],
)
def test_a_missing_help_page_is_the_help_centres_in_its_language(
    help_centre: HelpCentre, settings: object, path: str, language: str, heading: str
) -> None:
    settings.PORTAL_PHONE = "+47 22 00 00 00"  # type: ignore[attr-defined]

    response = Client().get(path)

    assert response.status_code == 404
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert heading in page
    assert 'href="tel:+4722000000"' in page  # how to reach a person
    assert 'href="/login/' not in page  # not the staff's way out
    assert response["Content-Language"] == language


def test_a_missing_staff_page_keeps_the_staff_error_page(db: None) -> None:
    response = Client().get("/desk/finnes-ikke/")

    assert response.status_code == 404
    assert "/help/" not in response.content.decode()
