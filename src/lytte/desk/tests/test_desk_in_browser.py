"""The desk in a real browser, against a real `lytte serve`: logging while listening, live
queue counts, a phone-sized screen, and search as you type. Screenshots go to
artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel, Direction
from lytte.cases.services import log_contact
from lytte.cases.tests.factories import phoned_case, reason
from lytte.customers.models import Customer
from lytte.customers.services import create_customer, create_organization
from lytte.platform.tests.browser import (
    PASSWORD,
    PHONE,
    give_real_password,
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
LIVE = 5_000  # ms a push may take to show: the server refetches after a 300 ms debounce


@pytest.fixture
def bjorg(agent: User) -> Customer:
    return create_customer(
        name="Bjørg Ærø-Åsen",
        phones=["+47 913 45 678"],
        emails=["bjorg.aero-asen@fjordkraft-kunde.no"],
        created_by=agent,
    )


@pytest.fixture
def bjorg_calls_again(agent: User, team_oslo: Team, bjorg: Customer) -> Case:
    """Bjørg called about a delivery and an invoice before: those reasons are offered first."""
    phoned_case(bjorg, agent, team_oslo, "Pakken kom ikke", reason=reason("delivery"))
    phoned_case(bjorg, agent, team_oslo, "Purring på betalt faktura", reason=reason("invoice"))
    give_real_password(agent)
    return phoned_case(bjorg, agent, team_oslo, "Dobbelt trukket for mars", assignee=agent)


def test_an_agent_logs_in_and_logs_a_note_with_a_reason_in_three_actions_without_a_reload(
    agent: User, bjorg_calls_again: Case, live_lytte: str, new_context: NewContext
) -> None:
    case = bjorg_calls_again
    page = new_context().new_page()

    page.goto(f"{live_lytte}/desk/")
    page.locator("input[name=username]").fill(agent.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_lytte}/desk/")
    screenshot(page, "desk")
    page.locator("#queue-list a", has_text=f"#{case.number}").click()
    expect(page).to_have_url(f"{live_lytte}/desk/cases/{case.number}/")

    note = "Kunden ble trukket to ganger i mars; sender kreditnota på 349 kr til Bjørg Ærø-Åsen."
    expect(page.locator("form.log-form textarea[name=note]")).to_be_focused()
    page.evaluate("window.stillTheSamePage = true")
    page.keyboard.type(note)  # 1
    page.locator(f".reason-option:has(input[value='{reason('invoice').pk}'])").click()  # 2
    page.keyboard.press("Control+Enter")  # 3

    expect(page.locator("#timeline")).to_contain_text(note)
    assert page.evaluate("window.stillTheSamePage") is True
    case.refresh_from_db()
    assert case.reason == reason("invoice")
    assert case.contacts.filter(channel=Channel.NOTE, body=note).exists()
    screenshot(page, "workspace")


@pytest.fixture
def waiting(agent: User, team_oslo: Team, bjorg: Customer) -> Case:
    """A call nobody has taken yet."""
    return phoned_case(bjorg, agent, team_oslo, "Strømbrudd i Storgata 12 B")


def test_a_teammates_queue_counts_follow_an_agents_work_live(
    agent: User, teammate: User, waiting: Case, live_lytte: str, new_context: NewContext
) -> None:
    ola = live_page(
        signed_in(new_context(), live_lytte, teammate), f"{live_lytte}/desk/?queue=unassigned"
    )
    expect(ola.locator("[data-count=unassigned]")).to_have_text("1")
    expect(ola.locator("[data-count=team]")).to_have_text("1")
    expect(ola.locator("#queue-list")).to_contain_text(waiting.subject)
    ola.evaluate("window.stillTheSamePage = true")
    ingrid = signed_in(new_context(), live_lytte, agent).new_page()

    # Ingrid takes the waiting case...
    ingrid.goto(f"{live_lytte}/desk/cases/{waiting.number}/")
    ingrid.locator("select[name=assignee]").select_option(str(agent.pk))
    ingrid.locator("textarea[name=note]").fill("Jeg tar denne og ringer Bjørg tilbake.")
    ingrid.locator("input[name=no_reason_yet]").check()  # she does not know why Bjørg called
    ingrid.keyboard.press("Control+Enter")
    expect(ingrid.locator("#timeline")).to_contain_text("Jeg tar denne og ringer Bjørg tilbake.")
    expect(ola.locator("[data-count=unassigned]")).to_have_text("0", timeout=LIVE)
    expect(ola.locator("#queue-list")).not_to_contain_text(waiting.subject, timeout=LIVE)

    # ...then a stranger calls, and she starts a case for them from their number.
    ingrid.goto(f"{live_lytte}/desk/new/")
    ingrid.locator("input[name=address]").fill("0047 412 34 567")
    ingrid.locator("input[name=address]").press("Enter")
    ingrid.locator("input[name=name]").fill("Aleksanteri Väisänen")
    ingrid.locator("input[name=subject]").fill("Måleren viser feil forbruk")
    screenshot(ingrid, "new-case")
    ingrid.locator("input[name=subject]").press("Enter")
    expect(ingrid.locator("h1")).to_contain_text("Måleren viser feil forbruk")
    expect(ola.locator("[data-count=team]")).to_have_text("2", timeout=LIVE)

    assert ola.evaluate("window.stillTheSamePage") is True
    waiting.refresh_from_db()
    assert waiting.assignee == agent


@pytest.fixture
def long_nordic_cases(agent: User, team_oslo: Team) -> Case:
    """Long names, addresses and subjects, as real Finnish and Norwegian customers have them."""
    cooperative = create_organization(
        name="Pohjois-Pohjanmaan Sähköosuuskunta Oy",
        org_number="2345678-9",
        domains=["pohjois-pohjanmaan-sahkoosuuskunta.fi"],
    )
    aleksandra = create_customer(
        name="Aleksandra Kristiina Väisänen-Korhonen-Heikkilä",
        phones=["+358 40 123 4567"],
        emails=["aleksandra.vaisanen-korhonen@pohjois-pohjanmaan-sahkoosuuskunta.fi"],
        organization=cooperative,
        created_by=agent,
    )
    ragnhild = create_customer(
        name="Ragnhild Sølvberg-Kristiansen Østerbø",
        phones=["+47 415 55 123"],
        created_by=agent,
    )
    phoned_case(
        ragnhild,
        agent,
        team_oslo,
        "Mottok feil vare: bestilte oppvaskmaskinkurv, fikk vaskemaskinslange; ønsker retur "
        "og kreditering av fraktkostnadene",
        assignee=agent,
        reason=reason("delivery"),
    )
    case = phoned_case(
        aleksandra,
        agent,
        team_oslo,
        "Sähkölaskussa on kaksi kertaa sama kuukausimaksu ja asiakas haluaa hyvityksen "
        "tililleen FI21 1234 5600 0007 85",
        assignee=agent,
        reason=reason("invoice"),
    )
    log_contact(
        case=case,
        channel=Channel.NOTE,
        direction=Direction.INTERNAL,
        logged_by=agent,
        handled_by=agent,
        body="Asiakaspalvelupäällikkö hyväksyi hyvityksen; viitenumero 11112222333344445555.",
    )
    return case


def test_desk_workspace_and_new_case_fit_a_390_px_phone_without_sideways_scrolling(
    agent: User, long_nordic_cases: Case, live_lytte: str, new_context: NewContext
) -> None:
    case = long_nordic_cases
    phone = signed_in(new_context(viewport=PHONE, locale="fi-FI"), live_lytte, agent)
    page = phone.new_page()
    pages = {
        "desk-390": "/desk/",
        "workspace-390": f"/desk/cases/{case.number}/",
        "new-case-390": "/desk/new/?address=%2B358401234567",
    }
    too_wide = {}
    for name, path in pages.items():
        page.goto(f"{live_lytte}{path}")
        expect(page.locator("main")).to_contain_text("Väisänen-Korhonen-Heikkilä")
        screenshot(page, name)
        if (overflow := sideways_overflow(page))["pixels"] > 0:
            too_wide[path] = overflow
    assert too_wide == {}


@pytest.fixture
def two_odegards(agent: User) -> None:
    """Two spellings of one Norwegian surname, told apart by number and by name."""
    create_customer(name="Åse Ødegård", phones=["+4791234567"], created_by=agent)
    create_customer(name="Åse Ødegaard", phones=["+4798765432"], created_by=agent)


def test_the_search_box_finds_customers_by_a_differently_written_number_and_by_name_as_you_type(
    agent: User, two_odegards: None, live_lytte: str, new_context: NewContext
) -> None:
    page = signed_in(new_context(), live_lytte, agent).new_page()
    page.goto(f"{live_lytte}/desk/")
    search, results = page.locator("#desk-search"), page.locator("#search-results")

    search.press_sequentially("0047 912 34 567", delay=30)
    expect(results).to_contain_text("Åse Ødegård")
    expect(results).not_to_contain_text("Ødegaard")
    screenshot(page, "search-results")

    search.fill("")
    search.press_sequentially("ødegaard", delay=30)  # lower case: ø is not ASCII
    expect(results).to_contain_text("Åse Ødegaard")
    expect(results).not_to_contain_text("Ødegård")
    expect(page).to_have_url(f"{live_lytte}/desk/")  # nothing submitted: results as you type
