"""Every contact gets a reason, in a real browser at 1280 and 390 px, in Norwegian and Swedish: the
pop offers the caller's case about the same reason first, a new case second; the note's sure
suggestion is chosen so Ctrl+Enter saves a categorised call; a note without a reason is refused
until the agent picks one or ticks "no reason yet". Screenshots in artifacts/screenshots/."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel, Status
from lytte.cases.services import set_status
from lytte.cases.tests.factories import earlier_case, reason, taken_call
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.phone.models import AgentPhone
from lytte.phone.services import create_integration
from lytte.phone.tests.cti import cti_event
from lytte.platform.tests.browser import (
    PHONE,
    live_page,
    screenshot,
    sideways_overflow,
    signed_in,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]
LIVE = 5_000  # ms a screen pop may take to show
DESKTOP = {"width": 1280, "height": 900}
# Per language: what the agent reads and types. Each sure note hits two keyword rules of its
# reason (no model is trained here), the unsure one none.
WORDS = {
    "nb": {
        "locale": "nb-NO",
        "continue": "Fortsett sak",
        "new": "Ny sak",
        "no subject": "(uten emne)",
        "delivery note": "Pakken kom ikke i dag heller, sporingen står stille",
        "unsure note": "Kunden ringte og la på før vi fikk snakket ferdig",
        "refused": "Velg en henvendelsesårsak, eller kryss av for «Ingen årsak ennå».",
        "no reason yet": "Ingen årsak ennå",
        "cancel note": "Vil si opp avtalen, bindingstiden er ute",
    },
    "sv": {
        "locale": "sv-SE",
        "continue": "Fortsätt ärende",
        "new": "Nytt ärende",
        "no subject": "(inget ämne)",
        "delivery note": "Paketet har inte kommit, spårningen står still",
        "unsure note": "Kunden ringde och lade på innan vi var klara",
        "refused": "Välj en kontaktorsak, eller kryssa i ”Ingen orsak än”.",
        "no reason yet": "Ingen orsak än",
        "cancel note": "Vill säga upp avtalet, bindningstiden är slut",
    },
}
SCREENS = [
    pytest.param("nb", DESKTOP, id="nb-1280"),
    pytest.param("sv", PHONE, id="sv-390"),
]


@pytest.fixture
def pbx_token(team_oslo: Team) -> str:
    _integration, token = create_integration(name="Sentralbord Oslo", team=team_oslo)
    return token


@pytest.fixture
def soren(agent: User, team_oslo: Team) -> Customer:
    """Søren paid an invoice a month ago and wrote about a lost parcel last week (still open)."""
    customer = create_customer(name="Søren Ærlig-Åkerø", phones=["+47 913 45 678"])
    invoice = earlier_case(customer, team_oslo, "Purring på betalt faktura", "invoice", days_ago=30)
    set_status(case=invoice, status=Status.RESOLVED, changed_by=None)
    earlier_case(customer, team_oslo, "Pakken har ikke kommet", "delivery", days_ago=7)
    return customer


def _fits(page: Page) -> None:
    overflow = sideways_overflow(page)
    assert overflow["pixels"] <= 0, overflow


@pytest.mark.parametrize(("language", "screen"), SCREENS)
def test_a_pop_offers_the_case_about_the_same_reason_and_a_new_call_is_categorised_in_two_keys(
    agent: User,
    soren: Customer,
    pbx_token: str,
    live_lytte: str,
    new_context: NewContext,
    language: str,
    screen: dict[str, int],
) -> None:
    words = WORDS[language]
    parcel = Case.objects.get(subject="Pakken har ikke kommet")
    context = new_context(locale=words["locale"], viewport=screen)
    page = live_page(signed_in(context, live_lytte, agent), f"{live_lytte}/desk/")
    call = {"callId": f"c-{language}", "from": "913 45 678", "to": "+4721000000", "direction": "in"}

    cti_event(live_lytte, pbx_token, event="newCall", **call)

    pop = page.locator("#screen-pops .pop")
    expect(pop.locator(".pop-name")).to_have_text("Søren Ærlig-Åkerø", timeout=LIVE)
    expect(pop.locator(f"a[href='/desk/cases/{parcel.number}/']")).to_be_visible()
    offers = pop.locator("form.pop-actions button[type=submit]")
    expect(offers).to_have_text([f"{words['continue']} #{parcel.number}", words["new"]])
    screenshot(page, f"reasons-pop-{language}-{screen['width']}")
    _fits(page)
    offers.nth(1).click()  # a new matter, as it turns out

    expect(page).to_have_url(re.compile(r"/desk/cases/\d+/$"))
    expect(page.locator("#case-title")).to_contain_text(words["no subject"])
    expect(page.locator("form.log-form textarea[name=note]")).to_be_focused()
    page.keyboard.type(words["delivery note"])  # 1: the note field has the focus
    expect(page.locator(f"#suggested-reason-{reason('delivery').pk}")).to_be_checked()
    screenshot(page, f"reasons-preselected-{language}-{screen['width']}")
    page.keyboard.press("Control+Enter")  # 2

    expect(page.locator("#timeline")).to_contain_text(words["delivery note"])
    expect(page.locator("#case-title")).to_contain_text(words["delivery note"])
    expect(page.locator(".current-reason")).to_be_visible()
    screenshot(page, f"reasons-saved-{language}-{screen['width']}")
    _fits(page)
    new = Case.objects.exclude(customer=None).exclude(pk=parcel.pk).get(reason=reason("delivery"))
    assert new.subject == words["delivery note"]
    assert new.contacts.get(channel=Channel.PHONE).reason == reason("delivery")
    assert parcel.contacts.count() == 0


@pytest.fixture
def soren_on_the_line(agent: User, team_oslo: Team, soren: Customer) -> Case:
    return taken_call(soren, team_oslo, agent)


@pytest.mark.parametrize(("language", "screen"), SCREENS)
def test_a_note_without_a_reason_is_refused_until_the_agent_picks_one_or_says_there_is_none_yet(
    agent: User,
    soren_on_the_line: Case,
    live_lytte: str,
    new_context: NewContext,
    language: str,
    screen: dict[str, int],
) -> None:
    words = WORDS[language]
    context = new_context(locale=words["locale"], viewport=screen)
    page = signed_in(context, live_lytte, agent).new_page()
    page.goto(f"{live_lytte}/desk/cases/{soren_on_the_line.number}/")
    note = page.locator("form.log-form textarea[name=note]")

    page.keyboard.type(words["unsure note"])
    page.keyboard.press("Control+Enter")

    expect(page.locator("fieldset.reasons .errors")).to_have_text(words["refused"])
    expect(note).to_have_value(words["unsure note"])  # nothing typed is lost
    screenshot(page, f"reasons-refused-{language}-{screen['width']}")
    _fits(page)
    assert not soren_on_the_line.contacts.filter(channel=Channel.NOTE).exists()

    page.get_by_label(words["no reason yet"]).check()
    page.keyboard.press("Control+Enter")
    expect(page.locator("#timeline")).to_contain_text(words["unsure note"])
    soren_on_the_line.refresh_from_db()
    assert soren_on_the_line.reason is None

    # A sure suggestion is only chosen for the agent: they change it, and it stays changed.
    note.press_sequentially(words["cancel note"], delay=10)
    expect(page.locator(f"#suggested-reason-{reason('cancellation').pk}")).to_be_checked()
    invoice = page.locator(f"#frequent-reason-{reason('invoice').pk}")
    invoice.check()
    note.press_sequentially(" oppsigelse uppsägning", delay=10)
    page.wait_for_timeout(800)  # longer than the suggestions wait for typing to pause
    expect(invoice).to_be_checked()
    note.press("Control+Enter")

    expect(page.locator("#timeline")).to_contain_text(words["cancel note"])
    soren_on_the_line.refresh_from_db()
    assert soren_on_the_line.reason == reason("invoice")


def test_a_pop_that_opens_by_itself_continues_the_case_it_offers_first(
    agent: User, soren: Customer, pbx_token: str, live_lytte: str, new_context: NewContext
) -> None:
    AgentPhone.objects.create(user=agent, auto_open=True)
    parcel = Case.objects.get(subject="Pakken har ikke kommet")
    page = live_page(signed_in(new_context(), live_lytte, agent), f"{live_lytte}/desk/")

    call = {"callId": "auto", "from": "913 45 678", "to": "+4721000000", "direction": "in"}
    cti_event(live_lytte, pbx_token, event="newCall", **call)

    expect(page).to_have_url(f"{live_lytte}/desk/cases/{parcel.number}/", timeout=LIVE)
    assert parcel.contacts.get().channel == Channel.PHONE
