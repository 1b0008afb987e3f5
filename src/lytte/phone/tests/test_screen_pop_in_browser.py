"""A call in a real browser, against a real `lytte serve`: the PBX posts newCall to the CTI
webhook, the caller pops up on the agent's desk, one click opens the case with the call on it,
and answer and hangup give the call its duration. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from lytte.accounts.models import Team, User
from lytte.cases.models import Channel, Direction
from lytte.customers.models import Customer
from lytte.customers.services import create_customer, create_organization
from lytte.phone.models import AgentPhone, Call, CallState
from lytte.phone.services import create_integration
from lytte.phone.tests.cti import cti_event
from lytte.platform.tests.browser import live_page, screenshot, signed_in

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]
LIVE = 5_000  # ms a screen pop may take to show


@pytest.fixture
def pbx_token(team_oslo: Team) -> str:
    """The switchboard of the Oslo team: calls naming no agent ring on its agents' desks."""
    _integration, token = create_integration(name="Sentralbord Oslo", team=team_oslo)
    return token


@pytest.fixture
def sorensen(agent: User) -> Customer:
    fjordkraft = create_organization(name="Fjordkraft Øst AS", org_number="987 654 321")
    return create_customer(
        name="Søren Ærlig-Åkerø",
        phones=["+47 913 45 678"],
        organization=fjordkraft,
        created_by=agent,
    )


def test_a_known_caller_pops_up_and_one_click_opens_their_case_with_the_call_on_it(
    agent: User, sorensen: Customer, pbx_token: str, live_lytte: str, new_context: NewContext
) -> None:
    page = live_page(signed_in(new_context(), live_lytte, agent), f"{live_lytte}/desk/")
    call = {"callId": "pop-1", "from": "0047 913-45-678", "to": "+4721000000", "direction": "in"}

    assert cti_event(live_lytte, pbx_token, event="newCall", **call) == {}

    pop = page.locator("#screen-pops .pop")
    expect(pop).to_be_visible(timeout=LIVE)
    expect(pop.locator(".pop-name")).to_have_text("Søren Ærlig-Åkerø")
    expect(pop.locator(".pop-org")).to_have_text("Fjordkraft Øst AS")
    stored = Call.objects.get(call_id="pop-1")
    assert stored.customer == sorensen
    assert stored.caller == "+4791345678"
    expect(page.locator(f"#pop-{stored.pk}")).to_be_visible()
    screenshot(page, "screen-pop")

    pop.locator("form.pop-actions button[type=submit]").click()  # "Open case"
    expect(page).to_have_url(re.compile(r"/desk/cases/\d+/$"))
    stored.refresh_from_db()
    assert stored.contact is not None
    case = stored.contact.case
    expect(page).to_have_url(f"{live_lytte}/desk/cases/{case.number}/")
    expect(page.locator("#customer-title")).to_have_text("Søren Ærlig-Åkerø")
    expect(page.locator("#timeline .entry.channel-phone.direction-in")).to_have_count(1)
    expect(page.locator("form.log-form textarea[name=note]")).to_be_focused()
    screenshot(page, "screen-pop-workspace")
    assert case.customer == sorensen
    assert stored.contact.channel == Channel.PHONE
    assert stored.contact.direction == Direction.INBOUND
    assert stored.contact.handled_by == agent

    assert cti_event(live_lytte, pbx_token, event="answer", answeringNumber="ingrid", **call) == {}
    assert cti_event(live_lytte, pbx_token, event="hangup", cause="normalClearing", **call) == {}

    stored.refresh_from_db()
    contact = stored.contact
    assert stored.state == CallState.ENDED
    assert stored.answered_by == agent
    assert stored.answered_at is not None
    assert stored.ended_at is not None
    assert stored.duration is not None
    assert not stored.missed
    assert contact.ended_at == stored.ended_at
    assert contact.case == case  # the hangup finished the contact the click logged


def test_a_pop_closes_on_an_agents_desk_when_a_teammate_answers_the_call(
    agent: User,
    teammate: User,
    sorensen: Customer,
    pbx_token: str,
    live_lytte: str,
    new_context: NewContext,
) -> None:
    AgentPhone.objects.create(user=teammate, extension="202")
    ingrid = live_page(signed_in(new_context(), live_lytte, agent), f"{live_lytte}/desk/")
    ola = live_page(signed_in(new_context(), live_lytte, teammate), f"{live_lytte}/desk/")
    call = {"callId": "pop-2", "from": "+47 91 34 56 78", "to": "+4721000000", "direction": "in"}

    cti_event(live_lytte, pbx_token, event="newCall", **call)
    expect(ingrid.locator("#screen-pops .pop")).to_contain_text("Søren Ærlig-Åkerø", timeout=LIVE)
    expect(ola.locator("#screen-pops .pop")).to_contain_text("Søren Ærlig-Åkerø", timeout=LIVE)

    cti_event(live_lytte, pbx_token, event="answer", answeringNumber="202", **call)
    expect(ingrid.locator("#screen-pops .pop")).to_have_count(0, timeout=LIVE)
    expect(ola.locator("#screen-pops .pop")).to_have_count(1)  # the one who answered keeps it
    assert Call.objects.get(call_id="pop-2").answered_by == teammate
