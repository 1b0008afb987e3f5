"""The help centre in a real browser against a real `lytte serve`: a customer reads an article
and says whether it helped, searches in Norwegian and in Finnish with suggestions chosen by
keyboard, and always sees how to reach a person; on a 390 px phone nothing reaches sideways.

The words searched for are written in the articles ("fakturaen", "laskun", "toimitus"), so
these tests hold for the seam's plain matching and for the Nordic search (stemming) alike.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from lytte.knowledge.models import Feedback, SearchQuery
from lytte.platform.tests.browser import PHONE, screenshot, sideways_overflow
from lytte.portal.tests.help_world import HelpCentre

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]
BUSINESS = {
    "LYTTE_PORTAL_NAME": "Fjordkraft",
    "LYTTE_PORTAL_PHONE": "+47 22 00 00 00",
    "LYTTE_PORTAL_EMAIL": "kundeservice@fjordkraft.test",
    "LYTTE_PORTAL_HOURS": "Hverdager kl. 8 til 16",
}


@pytest.fixture(scope="module", autouse=True)
def business() -> Iterator[None]:
    """The business's name and ways to reach it, for the server this module starts."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in BUSINESS.items():
            patch.setitem(os.environ, name, value)
        yield


def _contact_box_is_there(page: Page) -> None:
    box = page.get_by_role("complementary").filter(has=page.locator("#contact-heading"))
    expect(box).to_be_visible()
    expect(box.get_by_role("link", name="+47 22 00 00 00")).to_have_attribute(
        "href", "tel:+4722000000"
    )
    expect(box.get_by_role("link", name="kundeservice@fjordkraft.test")).to_be_visible()
    expect(box).to_contain_text("Hverdager kl. 8 til 16")


def _choose_suggestion(page: Page, typed: str, title: str) -> None:
    """Type into the search box, wait for `title` among the suggestions, and open it with the
    arrow keys and Enter, as someone without a mouse does."""
    box = page.get_by_role("searchbox")
    box.press_sequentially(typed, delay=40)
    suggestions = page.locator("#help-suggestions [data-suggestion]")
    expect(suggestions.filter(has_text=title)).to_be_visible()
    titles = suggestions.all_inner_texts()
    for _step in range(titles.index(title) + 1):
        page.keyboard.press("ArrowDown")
    expect(suggestions.filter(has_text=title)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_reading_an_article_and_saying_it_helped(
    help_centre: HelpCentre, live_lytte: str, new_context: NewContext
) -> None:
    page = new_context().new_page()
    page.goto(f"{live_lytte}/help/")
    expect(page).to_have_url(f"{live_lytte}/help/nb/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    page.locator(".category-grid a", has_text="Faktura").click()
    page.get_by_role("link", name="Faktura og betaling").click()
    expect(page.locator(".article-body")).to_contain_text("Fakturaen sendes på e-post")
    expect(page.locator("nav.breadcrumb")).to_contain_text("Faktura")
    _contact_box_is_there(page)
    screenshot(page, "help-nb-article")

    page.locator("#feedback textarea").fill("Fant KID-nummeret, takk")
    expect(page.locator("#feedback textarea")).to_have_accessible_name(re.compile(r"\S"))
    page.locator("#feedback button[value=yes]").click()
    thanks = page.locator("#feedback").get_by_role("status")
    expect(thanks).to_be_visible()
    expect(thanks).to_be_focused()
    screenshot(page, "help-nb-article-thanked")
    feedback = Feedback.objects.get()
    assert (feedback.translation, feedback.helpful) == (help_centre.invoice_nb, True)
    assert feedback.comment == "Fant KID-nummeret, takk"


def test_saying_an_article_did_not_help_without_javascript(
    help_centre: HelpCentre, live_lytte: str, new_context: NewContext
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{live_lytte}/help/fi/articles/toimitusajat/")
    page.locator("#feedback button[value=no]").click()
    expect(page).to_have_url(
        f"{live_lytte}/help/fi/articles/toimitusajat/?feedback=thanks#feedback"
    )
    expect(page.locator("#feedback").get_by_role("status")).to_be_visible()
    assert Feedback.objects.get().helpful is False


def test_searching_in_norwegian_with_suggestions_and_results(
    help_centre: HelpCentre, live_lytte: str, new_context: NewContext
) -> None:
    page = new_context().new_page()
    page.goto(f"{live_lytte}/help/nb/")
    _choose_suggestion(page, "fakturaen", "Faktura og betaling")
    assert not SearchQuery.objects.exists()  # a suggestion opened is not a search

    page.locator(".portal-brand").click()
    page.get_by_role("searchbox").fill("fakturaen")
    page.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(f"{live_lytte}/help/nb/search/?q=fakturaen")
    results = page.locator(".search-hits a")
    expect(results.filter(has_text="Faktura og betaling")).to_be_visible()
    expect(page.locator(".search-hits")).not_to_contain_text("Rutine for kreditering")
    _contact_box_is_there(page)
    screenshot(page, "help-nb-search-results")
    results.filter(has_text="Faktura og betaling").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Faktura og betaling")
    search = SearchQuery.objects.get()
    assert (search.source, search.language, search.query) == ("portal", "nb", "fakturaen")
    assert search.clicked == help_centre.invoice_nb


def test_searching_in_finnish_with_suggestions_chosen_by_keyboard(
    help_centre: HelpCentre, live_lytte: str, new_context: NewContext
) -> None:
    page = new_context(locale="fi-FI").new_page()
    page.goto(f"{live_lytte}/help/")
    expect(page).to_have_url(f"{live_lytte}/help/fi/")
    _choose_suggestion(page, "laskun", "Lasku ja maksaminen")
    expect(page.locator(".article-body")).to_contain_text("Saat laskun")

    page.goto(f"{live_lytte}/help/fi/")
    page.get_by_role("searchbox").press_sequentially("toimitus", delay=40)
    expect(page.locator("#help-suggestions [data-suggestion]").first).to_be_visible()
    screenshot(page, "help-fi-suggestions")
    page.keyboard.press("Escape")
    expect(page.locator("#help-suggestions [data-suggestion]")).to_have_count(0)
    expect(page.get_by_role("searchbox")).to_be_focused()
    expect(page.get_by_role("searchbox")).to_have_value("toimitus")
    page.get_by_role("searchbox").press("Enter")
    expect(page.locator(".search-hits a").filter(has_text="Toimitusajat")).to_be_visible()
    assert SearchQuery.objects.get().query == "toimitus"


def test_a_search_that_finds_nothing_still_offers_a_person(
    help_centre: HelpCentre, live_lytte: str, new_context: NewContext
) -> None:
    page = new_context().new_page()
    page.goto(f"{live_lytte}/help/nb/search/?q=str%C3%B8mbrudd")
    expect(page.get_by_role("status")).to_contain_text("0")
    expect(page.locator(".search-hits")).to_have_count(0)
    _contact_box_is_there(page)
    screenshot(page, "help-nb-no-results")
    assert SearchQuery.objects.get().results == 0


def test_the_help_centre_fits_a_390_px_phone(
    help_centre: HelpCentre, live_lytte: str, new_context: NewContext
) -> None:
    page = new_context(viewport=PHONE).new_page()
    problems = {}
    for name, path in {
        "home": "/help/nb/",
        "category": "/help/nb/categories/invoices/",
        "article": "/help/nb/articles/faktura-og-betaling/",
        "search": "/help/fi/search/?q=laskun",
        "no-results": "/help/fi/search/?q=s%C3%A4hk%C3%B6katko",
        "not-found": "/help/fi/articles/faktura-og-betaling/",
    }.items():
        page.goto(f"{live_lytte}{path}")
        screenshot(page, f"help-phone-{name}-390")
        if (overflow := sideways_overflow(page))["pixels"] > 0:
            problems[path] = overflow
        expect(page.locator(".contact-box")).to_be_visible()
    assert problems == {}
