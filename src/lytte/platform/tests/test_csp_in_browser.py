"""Every page, in a real browser against a real `lytte serve`, under the Content-Security-Policy
(lytte.platform.headers): no page breaks it. Each violation is caught twice over, by a
`securitypolicyviolation` listener added before the page's own scripts and by the browser's
console. To cover a new page, add it to PAGES (who, path, what to do once it is loaded)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, expect

from lytte.accounts.models import User
from lytte.cases.models import Case
from lytte.knowledge.models import Translation
from lytte.phone.tests.test_screen_pop_in_browser import pbx_token
from lytte.platform.tests.browser import screenshot, signed_in
from lytte.platform.tests.test_pages_at_phone_width import (
    aleksandra,
    busy_desk,
    her_call,
    ragnhild,
)
from lytte.portal.tests.help_world import HelpCentre, help_centre
from lytte.portal.tests.sessions import signed_in_customer

__all__ = ["aleksandra", "busy_desk", "help_centre", "her_call", "pbx_token", "ragnhild"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]
Prepare = Callable[[Page], None]

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile}:${e.lineNumber} (${e.sample})`);
});
"""


def _loaded(page: Page) -> None:
    """Nothing more to do: the page is whole once loaded."""


def _typing_a_note(page: Page) -> None:
    """htmx swaps in reason suggestions as the agent types."""
    page.locator("#id_note").press_sequentially("kunden vil si opp abonnementet sitt", delay=10)
    expect(page.locator("#suggested-reasons .confidence").first).to_be_visible()


def _searching(page: Page) -> None:
    page.locator("#desk-search").fill("")
    page.locator("#desk-search").press_sequentially("Väisänen", delay=20)
    expect(page.locator("#search-results a").first).to_be_visible()


def _suggesting(page: Page) -> None:
    """htmx swaps in the help centre's suggestions as the customer types."""
    page.locator("#help-q").press_sequentially("fakturaen", delay=20)
    expect(page.locator("#help-suggestions [data-suggestion]").first).to_be_visible()


def _answering(page: Page) -> None:
    """ "Was this helpful?" answered in place, by htmx."""
    page.locator("button[name=helpful][value=yes]").click()
    expect(page.locator("#feedback [role=status]")).to_be_visible()


def _previewing(page: Page) -> None:
    """htmx swaps in the preview as the editor types; "Insert" puts a file's Markdown in."""
    body = page.locator("textarea[name=body]")
    body.press("Control+End")
    body.press_sequentially("\n\n## Ny overskrift", delay=10)
    expect(page.locator("#kb-preview h2").last).to_have_text("Ny overskrift")
    page.locator("[data-insert]").first.click()
    expect(page.locator("#kb-preview img")).to_have_count(1)


def _finding_related(page: Page) -> None:
    page.locator("#kb-related-search").press_sequentially("faktura", delay=10)
    expect(page.locator("#kb-related-found li").first).to_be_visible()


def _article_id() -> int:
    return Translation.objects.get(slug="endre-fakturaadresse").article_id


def _live(page: Page) -> None:
    page.locator("body[data-live=on]").wait_for(state="attached")


def _charts_drawn(page: Page) -> None:
    expect(page.locator("[data-drawn=yes]")).to_have_count(1, timeout=15_000)


def _api_docs_drawn(page: Page) -> None:
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=15_000)


def _admin_drawn(page: Page) -> None:
    expect(page.locator("#content")).to_be_visible()


CASE = "{case}"  # replaced by the busy desk's case number
CUSTOMER = "{customer}"  # replaced by that case's customer
ARTICLE = "{article}"  # replaced by the busy desk's knowledge article
# (who, path, prepare): who is agent, supervisor, admin, anonymous, or the case's customer.
PAGES: list[tuple[str, str, Prepare]] = [
    ("anonymous", "/login/", _loaded),
    ("anonymous", "/nowhere/", _loaded),  # 404
    ("anonymous", "/help/nb/", _suggesting),
    ("anonymous", "/help/nb/categories/invoices/", _loaded),
    ("anonymous", "/help/nb/articles/faktura-og-betaling/", _answering),
    ("anonymous", "/help/fi/search/?q=laskun", _loaded),
    ("anonymous", "/help/fi/articles/faktura-og-betaling/", _loaded),  # 404, its translations
    ("anonymous", "/help/nb/sign-in/", _loaded),
    ("agent", "/desk/", _live),
    ("agent", "/desk/?queue=team", _loaded),
    ("agent", f"/desk/cases/{CASE}/", _typing_a_note),
    ("agent", "/desk/new/?address=%2B358401234567", _loaded),
    ("agent", "/desk/search/?q=V%C3%A4is%C3%A4nen", _searching),
    ("agent", "/desk/calls/", _loaded),
    ("agent", f"/desk/customers/{CUSTOMER}/", _loaded),
    ("agent", "/account/", _loaded),
    ("agent", "/account/two-factor/", _loaded),  # the QR code, an inline SVG
    ("agent", "/desk/cases/999999/", _loaded),  # 404
    ("agent", "/insights/", _loaded),  # 403
    ("agent", "/desk/knowledge/", _loaded),
    ("agent", f"/desk/knowledge/articles/{ARTICLE}/nb/", _loaded),
    ("agent", f"/desk/knowledge/articles/{ARTICLE}/nb/edit/", _previewing),
    ("agent", f"/desk/knowledge/articles/{ARTICLE}/nb/history/", _loaded),
    ("agent", f"/desk/knowledge/articles/{ARTICLE}/translations/?language=fi", _loaded),
    ("agent", f"/desk/knowledge/articles/{ARTICLE}/", _finding_related),
    ("supervisor", "/insights/", _charts_drawn),
    ("supervisor", "/insights/cases/", _loaded),
    ("supervisor", "/insights/live/", _loaded),
    ("supervisor", "/insights/reasons/", _loaded),
    ("supervisor", "/insights/knowledge/", _loaded),
    ("supervisor", f"/desk/customers/{CUSTOMER}/", _loaded),  # with its access log
    ("admin", "/admin/", _admin_drawn),
    ("admin", "/admin/accounts/user/", _admin_drawn),
    ("admin", "/admin/cases/case/", _admin_drawn),
    ("admin", "/admin/accounts/user/add/", _admin_drawn),
    ("admin", "/api/v1/docs", _api_docs_drawn),
    ("admin", "/account/", _loaded),
    ("admin", f"/desk/customers/{CUSTOMER}/erase/", _loaded),
    # The case's customer, signed in to the portal (decision 33).
    ("customer", "/help/nb/cases/", _loaded),
    ("customer", f"/help/nb/cases/{CASE}/", _loaded),
    ("customer", "/help/nb/cases/new/", _loaded),
]


def _browser_for(
    new_context: NewContext, base_url: str, person: User | None, console: list[str]
) -> Page:
    context = new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(LISTEN)
    if person is not None:
        signed_in(context, base_url, person)
    page = context.new_page()

    def heard(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            console.append(message.text)

    page.on("console", heard)
    return page


def test_no_page_breaks_the_content_security_policy(
    busy_desk: None,
    her_call: Case,
    agent: User,
    supervisor: User,
    admin_user: User,
    help_centre: HelpCentre,
    live_lytte: str,
    new_context: NewContext,
) -> None:
    people: dict[str, User | None] = {
        "anonymous": None,
        "agent": agent,
        "supervisor": supervisor,
        "admin": admin_user,
    }
    broken: dict[str, Any] = {}
    pages: dict[str, tuple[Page, list[str]]] = {}
    for who, path, prepare in PAGES:
        if who not in pages:
            console: list[str] = []
            pages[who] = (_browser_for(new_context, live_lytte, people.get(who), console), console)
            if who == "customer":
                signed_in_customer(pages[who][0].context, live_lytte, her_call.customer)
        page, heard = pages[who]
        filled = path.replace(CASE, str(her_call.number))
        filled = filled.replace(CUSTOMER, str(her_call.customer_id))
        filled = filled.replace(ARTICLE, str(_article_id()))
        page.goto(live_lytte + filled)
        prepare(page)
        found = [*page.evaluate("window.__violations"), *heard]
        heard.clear()
        screenshot(page, f"csp-{who}-{filled.strip('/').replace('/', '-').split('?')[0]}")
        if found:
            broken[f"{who} {path}"] = found
    assert broken == {}
