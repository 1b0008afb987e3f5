"""Every staff page at 1280 and at 390 px, in Norwegian and in Swedish, in a real browser against
a real `lytte serve`: nothing reaches past a phone's edge, every figure and table cell shown on
a desktop is still shown on the phone, the top bar keeps to one row with the navigation behind
a menu button, a screen pop leaves the navigation and the search box free, and the save button
and a suggestion's confidence stay on one line. Screenshots of every page at both widths go to
artifacts/screenshots/ (phone-<language>-<who>-<page>-<width>.png)."""

from __future__ import annotations

import json
import random
import urllib.request
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import BrowserContext, Locator, Page, ViewportSize, expect

from lytte.accounts.models import Team, User
from lytte.accounts.services import create_api_token
from lytte.cases.models import Case, Channel, Contact, ContactReason, Direction, Status
from lytte.cases.services import log_contact, open_case, resolve, set_status
from lytte.cases.tests.factories import phoned_case
from lytte.customers.models import Customer
from lytte.customers.services import create_customer, create_organization
from lytte.insights.models import KeywordRule
from lytte.insights.rollups import mark_all_stale, refresh_stale
from lytte.insights.services import record_choice, sign_suggestion
from lytte.knowledge.models import Translation
from lytte.knowledge.tests.factories import invoice_article
from lytte.phone.tests.test_screen_pop_in_browser import pbx_token
from lytte.platform.tests.browser import PHONE, screenshot, signed_in
from lytte.portal.tests.help_world import HelpCentre, help_centre
from lytte.portal.tests.sessions import signed_in_customer

__all__ = ["help_centre", "pbx_token"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
NARROW: ViewportSize = {"width": PHONE["width"], "height": PHONE["height"]}  # 390 px
LIVE = 5_000  # ms a screen pop may take to show
SAID = "kunden vil si opp abonnementet sitt"  # a note the keyword rules suggest reasons for

CHECKS = (Path(__file__).parent / "page_checks.js").read_text(encoding="utf-8")


@pytest.fixture
def ragnhild(agent: User) -> Customer:
    return create_customer(
        name="Ragnhild Sølvberg-Kristiansen Østerbø", phones=["+47 415 55 123"], created_by=agent
    )


@pytest.fixture
def aleksandra(agent: User) -> Customer:
    cooperative = create_organization(
        name="Pohjois-Pohjanmaan Sähköosuuskunta Oy", org_number="2345678-9"
    )
    return create_customer(
        name="Aleksandra Kristiina Väisänen-Korhonen-Heikkilä",
        phones=["+358 40 123 4567"],
        emails=["aleksandra.vaisanen-korhonen@pohjois-pohjanmaan-sahkoosuuskunta.fi"],
        organization=cooperative,
        created_by=agent,
    )


@pytest.fixture
def her_call(agent: User, team_oslo: Team, aleksandra: Customer) -> Case:
    """The case Ingrid works on: a long Finnish subject, a call on its timeline."""
    subject = "Sähkölaskussa on kaksi kertaa sama kuukausimaksu ja asiakas haluaa hyvityksen"
    return phoned_case(aleksandra, agent, team_oslo, subject, assignee=agent)


def _eight_weeks_of_cases(team: Team, customers: list[Customer]) -> None:
    """Cases over eight weeks, most resolved, for the dashboards' figures and charts."""
    rng = random.Random(11)
    reasons = list(ContactReason.objects.filter(code__in=["invoice", "delivery", "fault"]))
    now = timezone.now()
    for n in range(40):
        case = open_case(
            channel=rng.choice([Channel.PHONE, Channel.EMAIL]),
            opened_by=None,
            customer=rng.choice(customers),
            team=team,
            subject=f"Henvendelse {n}",
            reason=rng.choice(reasons),
        )
        contact = log_contact(
            case=case, channel=case.channel, direction=Direction.INBOUND, logged_by=None, body="."
        ).contact
        when = now - timedelta(days=rng.randrange(56), hours=rng.randrange(8) + 1)
        Case.objects.filter(pk=case.pk).update(created_at=when)
        Contact.objects.filter(pk=contact.pk).update(started_at=when)
        if n % 3:
            resolve(case=case, resolved_by=None)
    mark_all_stale()
    while refresh_stale():
        pass


def _post(client: Client, url: str, **event: Any) -> None:
    assert client.post(url, json.dumps(event), content_type="application/json").status_code == 200


def _calls(token: str) -> None:
    """Through the CTI webhook: a missed call (on the call-back list) and an answered one."""
    client, url = Client(), f"/api/v1/cti/{token}"
    missed = {"callId": "m-1", "from": "+47 415 55 123", "to": "+4721000000", "direction": "in"}
    _post(client, url, event="newCall", **missed)
    _post(client, url, event="hangup", cause="cancel", **missed)
    taken = {"callId": "a-1", "from": "+358 40 123 4567", "to": "+4721000000", "direction": "in"}
    _post(client, url, event="newCall", **taken)
    _post(client, url, event="answer", answeringNumber="ingrid", **taken)
    _post(client, url, event="hangup", cause="normalClearing", **taken)


@pytest.fixture
def busy_desk(
    agent: User,
    supervisor: User,
    admin_user: User,
    team_oslo: Team,
    aleksandra: Customer,
    ragnhild: Customer,
    her_call: Case,
    pbx_token: str,
) -> None:
    """Something on every page: queues, figures, calls, suggestions chosen and API tokens."""
    _eight_weeks_of_cases(team_oslo, [aleksandra, ragnhild])
    open_case(
        channel=Channel.EMAIL,
        opened_by=None,
        customer=ragnhild,
        team=team_oslo,
        subject="Ønsker retur og kreditering av fraktkostnadene",
    )
    waiting = open_case(
        channel=Channel.PHONE,
        opened_by=agent,
        customer=ragnhild,
        team=team_oslo,
        assignee=agent,
        subject="Venter på svar fra lageret",
    )
    set_status(case=waiting, status=Status.PENDING, changed_by=agent)
    cancellation = ContactReason.objects.get(code="cancellation")
    for shown in (["cancellation", "invoice"], ["invoice", "cancellation"], ["fault", "delivery"]):
        record_choice(
            case=her_call,
            token=sign_suggestion(suggested=[(shown[0], 0.8), (shown[1], 0.1)], model_version=None),
            chosen=cancellation,
            agent=agent,
        )
    for persona in (agent, supervisor, admin_user):
        create_api_token(user=persona, name="Hovedbok-integrasjon (regnskap)")
    _calls(pbx_token)
    invoice_article()


Prepare = Callable[[Page], None]


def _browsing(new_context: NewContext, base_url: str, locale: str, person: User | None) -> Page:
    """A page at desktop width with the checks of page_checks.js, signed in as `person`."""
    context = new_context(locale=locale, viewport=DESKTOP)
    context.add_init_script(CHECKS)
    return (signed_in(context, base_url, person) if person else context).new_page()


def _ring(base_url: str, token: str, call_id: str) -> None:
    """A PBX posts newCall to the server: Ragnhild pops up on the desks of the Oslo team."""
    event = {"event": "newCall", "callId": call_id, "from": "+47 415 55 123", "to": "+4721000000"}
    request = urllib.request.Request(  # noqa: S310 -- http:// of the server this test started
        f"{base_url}/api/v1/cti/{token}",
        data=json.dumps({**event, "direction": "in"}).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 -- as above
        assert response.status == 200


def _popped(page: Page, base_url: str, token: str, call_id: str) -> Locator:
    """The desk, live, in `page`, and a call's pop on it."""
    page.goto(f"{base_url}/desk/")
    page.locator("body[data-live=on]").wait_for(state="attached")
    _ring(base_url, token, call_id)
    pop = page.locator("#screen-pops .pop")
    expect(pop).to_be_visible(timeout=LIVE)
    return pop


def _as_loaded(page: Page) -> None:
    """Nothing to do: the page is whole once loaded."""


def _with_suggestions(page: Page) -> None:
    page.locator("#id_note").press_sequentially(SAID, delay=10)
    expect(page.locator("#suggested-reasons .confidence").first).to_be_visible()


def _with_charts(page: Page) -> None:
    expect(page.locator("[data-drawn=yes]")).to_have_count(1, timeout=15_000)


def _pages(who: str, case: Case) -> dict[str, tuple[str, Prepare]]:
    """The pages each person visits, by screenshot name: (path, what to do once it is loaded)."""
    everyone: dict[str, tuple[str, Prepare]] = {
        "desk": ("/desk/", _as_loaded),
        "account": ("/account/", _as_loaded),
    }
    if who == "agent":
        return {
            **everyone,
            "desk-team": ("/desk/?queue=team", _as_loaded),
            "desk-unassigned": ("/desk/?queue=unassigned", _as_loaded),
            "desk-pending": ("/desk/?queue=pending", _as_loaded),
            "workspace": (f"/desk/cases/{case.number}/", _with_suggestions),
            "customer": (f"/desk/customers/{case.customer_id}/", _as_loaded),
            "new-case": ("/desk/new/?address=%2B358401234567", _as_loaded),
            "search": ("/desk/search/?q=V%C3%A4is%C3%A4nen", _as_loaded),
            "calls": ("/desk/calls/", _as_loaded),
            "call-settings": ("/desk/calls/settings/", _as_loaded),
            "chats": ("/desk/chats/", _as_loaded),
            **_knowledge_pages(),
        }
    if who == "supervisor":
        return {
            **everyone,
            "insights": ("/insights/", _with_charts),
            "insights-cases": ("/insights/cases/", _as_loaded),
            "today": ("/insights/live/", _as_loaded),
            "reason-suggestions": ("/insights/reasons/", _as_loaded),
            "knowledge-gaps": ("/insights/knowledge/", _as_loaded),
            "insights-feedback": ("/insights/feedback/", _as_loaded),
            "customer": (f"/desk/customers/{case.customer_id}/", _as_loaded),
        }
    return everyone


def _help_pages(language: str, help_centre: HelpCentre) -> dict[str, str]:
    """The public help centre's pages in `language`, by screenshot name."""
    article = {"nb": help_centre.invoice_nb, "sv": help_centre.invoice_sv}[language]
    return {
        "home": f"/help/{language}/",
        "category": f"/help/{language}/categories/invoices/",
        "article": f"/help/{language}/articles/{article.slug}/",
        "search": f"/help/{language}/search/?q=faktura",
        "no-results": f"/help/{language}/search/?q=str%C3%B6mavbrott",
        "not-found": f"/help/{language}/articles/finnes-ikke/",
    }


def _community_pages(language: str, asker: Customer, staff: User) -> tuple[dict, dict]:
    """The community's pages in `language`: those anyone reads, and those of a signed-in
    member, by screenshot name. A solved question with long Nordic words, a staff reply."""
    from lytte.community import services as community
    from lytte.community.models import Category

    category, _ = Category.objects.get_or_create(
        slug="strom", defaults={"name": "Electricity", "name_nb": "Strøm", "name_sv": "El"}
    )
    member = community.choose_display_name(asker, f"Sähkö-Aleksandra {language}")
    helper = community.choose_display_name(
        create_customer(name="Åsa Öberg", emails=[f"asa.{language}@example.se"]), f"Åsa {language}"
    )
    thread = community.ask(
        member=member,
        category=category,
        language=language,
        title="Strømregningen viser dobbelt månedsavgift for nettleieavtalen min",
        body="Fakturaen for mars har **to** linjer med samme månedsavgift. Hvorfor?",
    )
    answer = community.reply(
        thread=thread, member=helper, body="Det skjedde meg også: kundeservice krediterte den."
    )
    community.reply(thread=thread, staff=staff, body="Vi har rettet feilen i faktureringen.")
    community.accept(post=answer, member=member)
    base = f"/help/{language}/community"
    public = {
        "community": f"{base}/",
        "community-category": f"{base}/categories/{category.slug}/",
        "community-thread": f"{base}/threads/{thread.pk}/",
        "community-search": f"{base}/search/?q=m%C3%A5nedsavgift",
        "community-member": f"{base}/members/{helper.pk}/",
    }
    signed_in = {"community-ask": f"{base}/ask/", "community-follows": f"{base}/follows/"}
    return public, signed_in


def _knowledge_pages() -> dict[str, tuple[str, Prepare]]:
    article = Translation.objects.get(slug="endre-fakturaadresse").article_id
    base = f"/desk/knowledge/articles/{article}"
    return {
        "knowledge": ("/desk/knowledge/", _as_loaded),
        "knowledge-read": (f"{base}/nb/", _as_loaded),
        "knowledge-edit": (f"{base}/nb/edit/", _as_loaded),
        "knowledge-history": (f"{base}/nb/history/", _as_loaded),
        "knowledge-translations": (f"{base}/translations/?language=fi", _as_loaded),
        "knowledge-settings": (f"{base}/", _as_loaded),
    }


def _narrowed(page: Page) -> None:
    """From 1280 to 390 px, once what redraws on a resize (the charts) has redrawn."""
    page.set_viewport_size(NARROW)
    # Polled from here: wait_for_function evaluates its predicate as a string inside the page,
    # which the Content-Security-Policy (no eval) refuses. Too wide for good: the check says
    # by how much.
    for _ in range(20):
        if page.evaluate("document.documentElement.scrollWidth <= innerWidth"):
            return
        page.wait_for_timeout(100)


def _at_both_widths(page: Page, name: str) -> dict[str, Any]:
    """Screenshots at 1280 and 390 px, and what is wrong at either."""
    page.set_viewport_size(DESKTOP)
    page.evaluate("lytte.markShown()")
    wide = page.evaluate("lytte.check()")
    screenshot(page, f"{name}-1280")
    _narrowed(page)
    narrow = page.evaluate("lytte.check()")
    screenshot(page, f"{name}-390")
    problems = {
        "figures or cells hidden at 390 px": narrow["missing"],
        "pixels past the right edge at 390 px": max(narrow["overflow"], 0),
        "rows of the top bar at 1280 px": wide["barRows"] if wide["barRows"] > 1 else 0,
        "rows of the top bar at 390 px": narrow["barRows"] if narrow["barRows"] > 1 else 0,
        "covered by the screen pop at 390 px": page.evaluate("lytte.covered()"),
    }
    return {problem: found for problem, found in problems.items() if found}


@pytest.mark.parametrize("locale", ["nb-NO", "sv-SE"])
def test_every_page_fits_a_390_px_phone_and_shows_every_figure_and_cell_it_shows_at_1280_px(
    locale: str,
    busy_desk: None,
    her_call: Case,
    pbx_token: str,
    agent: User,
    supervisor: User,
    admin_user: User,
    help_centre: HelpCentre,
    live_lytte: str,
    new_context: NewContext,
) -> None:
    language = locale[:2]
    problems: dict[str, Any] = {}
    for who, person in {"agent": agent, "supervisor": supervisor, "admin": admin_user}.items():
        page = _browsing(new_context, live_lytte, locale, person)
        for name, (path, prepare) in _pages(who, her_call).items():
            page.set_viewport_size(DESKTOP)
            page.goto(f"{live_lytte}{path}")
            prepare(page)
            if found := _at_both_widths(page, f"phone-{language}-{who}-{name}"):
                problems[f"{who} {path}"] = found
        page.context.close()

    page = _browsing(new_context, live_lytte, locale, None)
    page.goto(f"{live_lytte}/login/")
    if found := _at_both_widths(page, f"phone-{language}-login"):
        problems["/login/"] = found
    for name, path in _help_pages(language, help_centre).items():
        page.set_viewport_size(DESKTOP)
        page.goto(f"{live_lytte}{path}")
        if found := _at_both_widths(page, f"phone-{language}-help-{name}"):
            problems[path] = found
    # The customer portal: its sign-in, and the pages of the case's customer, signed in.
    page.goto(f"{live_lytte}/help/{language}/sign-in/")
    if found := _at_both_widths(page, f"phone-{language}-portal-sign-in"):
        problems[f"/help/{language}/sign-in/"] = found
    community, as_member = _community_pages(language, her_call.customer, agent)
    for name, path in community.items():
        page.set_viewport_size(DESKTOP)
        page.goto(f"{live_lytte}{path}")
        if found := _at_both_widths(page, f"phone-{language}-help-{name}"):
            problems[path] = found
    signed_in_customer(page.context, live_lytte, her_call.customer)
    for name, path in {
        "cases": f"/help/{language}/cases/",
        "case": f"/help/{language}/cases/{her_call.number}/",
        "new-case": f"/help/{language}/cases/new/",
        **as_member,
    }.items():
        page.set_viewport_size(DESKTOP)
        page.goto(f"{live_lytte}{path}")
        if found := _at_both_widths(page, f"phone-{language}-portal-{name}"):
            problems[path] = found

    page = _browsing(new_context, live_lytte, locale, agent)
    _popped(page, live_lytte, pbx_token, f"pop-{language}")
    if found := _at_both_widths(page, f"phone-{language}-agent-screen-pop"):
        problems["screen pop"] = found
    assert problems == {}


def test_a_screen_pop_leaves_the_navigation_and_the_search_box_free_at_1280_and_390_px(
    agent: User, ragnhild: Customer, pbx_token: str, live_lytte: str, new_context: NewContext
) -> None:
    page = _browsing(new_context, live_lytte, "nb-NO", agent)
    pop = _popped(page, live_lytte, pbx_token, "pop-1")
    expect(pop.locator(".pop-name")).to_have_text("Ragnhild Sølvberg-Kristiansen Østerbø")
    assert page.evaluate("lytte.covered()") == []

    _narrowed(page)
    assert page.evaluate("lytte.covered()") == []
    expect(page.locator(".menu-toggle")).to_be_visible()
    expect(pop.get_by_role("button", name="Åpne sak")).to_be_in_viewport()
    page.locator(".menu-toggle").click()
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
    assert page.evaluate("lytte.covered()") == []
    screenshot(page, "phone-nb-screen-pop-menu-open-390")


def _tab_to(page: Page, selector: str) -> None:
    """Press Tab until `selector` has the focus, as someone without a mouse does."""
    for _press in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def test_at_390_px_the_top_bar_is_one_row_whose_menu_opens_by_keyboard_and_reaches_log_out(
    admin_user: User, live_lytte: str, new_context: NewContext
) -> None:
    page = _browsing(new_context, live_lytte, "sv-SE", admin_user)
    page.goto(f"{live_lytte}/account/")
    menu, links = page.locator(".menu-toggle"), page.locator("#main-nav")
    expect(menu).to_be_hidden()  # a desktop has room for the links
    expect(links.get_by_role("button", name="Logga ut")).to_be_visible()

    _narrowed(page)
    expect(menu).to_have_accessible_name("Meny")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(links).to_be_hidden()
    assert page.evaluate("lytte.check()")["barRows"] == 1
    _tab_to(page, ".menu-toggle")
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(links).to_be_visible()
    screenshot(page, "phone-sv-menu-open-390")
    page.keyboard.press("Escape")
    expect(links).to_be_hidden()
    expect(menu).to_be_focused()

    page.keyboard.press("Space")
    _tab_to(page, "#main-nav button[type=submit]")
    expect(links.get_by_role("button", name="Logga ut")).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_lytte}/login/")


@pytest.fixture
def moving_abroad() -> ContactReason:
    """A reason with a long name the keyword rules suggest: its confidence is at the line's end."""
    reason = ContactReason.objects.create(
        code="cancellation-moving-abroad",
        parent=ContactReason.objects.get(code="cancellation"),
        name="Cancelling because of a move abroad",
        name_nb="Oppsigelse fordi kunden flytter til utlandet",
    )
    KeywordRule.objects.create(reason=reason, keywords="flytter\nutlandet\nsi opp")
    return reason


def test_the_save_button_and_a_suggestions_confidence_stay_on_one_line_on_a_phone(
    her_call: Case,
    moving_abroad: ContactReason,
    agent: User,
    live_lytte: str,
    new_context: NewContext,
) -> None:
    page = _browsing(new_context, live_lytte, "nb-NO", agent)
    page.set_viewport_size(NARROW)
    page.goto(f"{live_lytte}/desk/cases/{her_call.number}/")
    page.locator("#id_note").press_sequentially(
        "kunden flytter til utlandet og vil si opp", delay=10
    )

    suggested = page.locator("#suggested-reasons .reason-option", has_text="flytter til utlandet")
    expect(suggested.locator(".confidence")).to_have_text("75 %")
    screenshot(page, "phone-nb-save-and-confidence-390")
    save = page.locator("form.log-form > button[type=submit]")
    assert save.inner_text().split() == ["Lagre", "Ctrl+Enter"]
    for where in (save, *page.locator("#suggested-reasons .confidence").all()):
        assert where.evaluate("(el) => lytte.lines(el)") == 1, where.inner_text()


def test_search_results_as_you_type_open_across_a_390_px_phone_below_the_bar(
    aleksandra: Customer, agent: User, live_lytte: str, new_context: NewContext
) -> None:
    page = _browsing(new_context, live_lytte, "sv-SE", agent)
    page.set_viewport_size(NARROW)
    page.goto(f"{live_lytte}/desk/")
    page.locator("#desk-search").press_sequentially("väisänen", delay=20)

    results = page.locator("#search-results .results")
    expect(results).to_contain_text("Aleksandra Kristiina Väisänen-Korhonen-Heikkilä")
    screenshot(page, "phone-sv-search-as-you-type-390")
    box, bar = results.bounding_box(), page.locator(".topbar").bounding_box()
    assert box is not None
    assert bar is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= NARROW["width"]
    assert box["width"] > NARROW["width"] * 0.9  # the whole width, not the search box's
    assert box["y"] >= bar["y"] + bar["height"] - 1
    assert page.evaluate("lytte.check()")["overflow"] <= 0
