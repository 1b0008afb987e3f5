"""Articles beside the case, in a real browser at 1280 and 390 px: the customer's email finds an
article before the agent types; what the agent types finds others; one click puts a public
article's link, or an internal article's text, into the email reply at the cursor. Screenshots
in artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from lytte.accounts.models import Team, User
from lytte.cases.models import Case
from lytte.customers.services import create_customer
from lytte.knowledge.models import SearchQuery, State, Translation, Visibility
from lytte.knowledge.services import create_article, save_translation, set_state
from lytte.mail.services import create_push_mailbox, receive_message
from lytte.platform.tests.browser import PHONE, screenshot, sideways_overflow, signed_in

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]
DESKTOP = {"width": 1280, "height": 900}


def publish(title: str, body: str, visibility: str = Visibility.PUBLIC) -> Translation:
    article = create_article(by=None, source_language="nb", visibility=visibility)
    translation = save_translation(article=article, language="nb", title=title, body=body, by=None)
    return set_state(translation, State.PUBLISHED, by=None)


@pytest.fixture
def articles(db: None) -> dict[str, Translation]:
    return {
        "parcel": publish(
            "Når kommer pakken?",
            "Pakken kommer vanligvis innen tre dager. Følg pakken med sporingsnummeret.",
        ),
        "address": publish(
            "Slik endrer du adressen på fakturaen",
            "Logg inn på **Min side**, velg *Faktura* og endre adressen på fakturaen.",
        ),
        "credit": publish(
            "Kreditere en faktura",
            "Bare teamledere krediterer en faktura.\n\n1. Finn fakturaen\n2. Skriv årsaken",
            visibility=Visibility.INTERNAL,
        ),
    }


@pytest.fixture
def emailed_case(team_oslo: Team) -> Case:
    """Kari wrote to the Oslo team's mailbox that her parcel has not come."""
    create_customer(name="Kari Nordmann", emails=["kari@example.no"])
    mailbox = create_push_mailbox(name="Kundeservice", address="kunde@lytte.test", team=team_oslo)[
        0
    ]
    message = EmailMessage()
    message["From"] = "Kari Nordmann <kari@example.no>"
    message["To"] = "kunde@lytte.test"
    message["Subject"] = "Hvor er pakken?"
    message["Message-ID"] = make_msgid()
    message.set_content("Hei! Pakken min har ikke kommet ennå. Hilsen Kari")
    case = receive_message(mailbox=mailbox, raw=message.as_bytes()).message.case
    assert case is not None
    return case


def _suggested(page: Page) -> object:
    return page.locator("#suggested-articles .article-title")


@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_agent_sees_articles_for_the_case_and_puts_one_into_the_reply(
    agent: User,
    articles: dict[str, Translation],
    emailed_case: Case,
    live_lytte: str,
    new_context: NewContext,
    screen: dict[str, int],
) -> None:
    page = signed_in(new_context(viewport=screen), live_lytte, agent).new_page()
    page.goto(f"{live_lytte}/desk/cases/{emailed_case.number}/")
    panel = page.locator("#suggested-articles")  # the region "Articles for this case"
    titles = panel.locator(".article-title")

    # Before the agent types: what the customer wrote.
    expect(titles).to_have_text(["Når kommer pakken?"])
    note = page.locator("form.log-form textarea[name=note]")
    expect(note).to_be_focused()  # the form is the agent's while suggestions load
    page.keyboard.type("Kunden vil også endre adressen på fakturaen")
    expect(titles.first).to_have_text("Slik endrer du adressen på fakturaen")
    screenshot(page, f"articles-suggested-{screen['width']}")
    assert sideways_overflow(page)["pixels"] <= 0

    reply = page.locator("#reply textarea[name=body]")
    page.locator("#reply summary").click()
    reply.fill("Hei Kari!\n\n")
    reply.press("End")
    address = articles["address"]
    panel.locator(f"[data-insert-article='{address.pk}']").click()
    expect(reply).to_have_value(
        f"Hei Kari!\n\n{address.title}: {live_lytte}/help/nb/articles/{address.slug}/"
    )

    note.fill("")
    note.press_sequentially("kreditere fakturaen", delay=20)
    expect(titles.first).to_have_text("Kreditere en faktura")
    credit = articles["credit"]
    reply.press("End")
    panel.locator(f"[data-insert-article='{credit.pk}']").click()
    expect(reply).to_have_value(
        f"Hei Kari!\n\n{address.title}: {live_lytte}/help/nb/articles/{address.slug}/\n\n"
        "Bare teamledere krediterer en faktura.\n\n1. Finn fakturaen\n2. Skriv årsaken"
    )
    screenshot(page, f"articles-inserted-{screen['width']}")
    assert sideways_overflow(page)["pixels"] <= 0

    used = SearchQuery.objects.filter(source="desk").order_by("pk")
    assert [search.clicked_id for search in used] == [address.pk, credit.pk]
    assert "fakturaen" in used[0].query

    # Reading one opens it beside the case, and that is recorded too.
    with page.context.expect_page() as opened:
        titles.first.click()
    assert opened.value.url.endswith(f"/desk/knowledge/articles/{credit.article_id}/nb/")
    for _ in range(50):
        if used.all().count() == 3:
            break
        page.wait_for_timeout(100)
    assert [search.clicked_id for search in used.all()] == [address.pk, credit.pk, credit.pk]
