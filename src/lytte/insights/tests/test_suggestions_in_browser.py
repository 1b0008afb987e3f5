"""Suggested reasons in a real browser: the agent types what the caller says, the likeliest
reasons appear with how sure they are, and one click and Ctrl+Enter save it. Screenshot in
artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel
from lytte.cases.services import open_case
from lytte.insights.models import ReasonSuggestion
from lytte.platform.tests.browser import give_real_password, screenshot, signed_in

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def call(agent: User, team_oslo: Team) -> Case:
    give_real_password(agent)
    return open_case(
        channel=Channel.PHONE, opened_by=agent, subject="Innringing", team=team_oslo, assignee=agent
    )


def test_reasons_are_suggested_while_the_agent_types_and_the_choice_is_kept(
    agent: User, call: Case, live_lytte: str, new_context: Callable[..., BrowserContext]
) -> None:
    page = signed_in(new_context(), live_lytte, agent).new_page()
    page.goto(f"{live_lytte}/desk/cases/{call.number}/")

    page.locator("#id_note").press_sequentially("kunden vil si opp abonnementet sitt", delay=20)

    suggested = page.locator("#suggested-reasons .reason-option")
    expect(suggested.first).to_contain_text("Oppsigelse/avbestilling")  # Ingrid works in Norwegian
    expect(suggested.first).to_contain_text("%")
    screenshot(page, "reason-suggestions")
    suggested.first.click()
    page.locator("#id_note").press("Control+Enter")

    expect(page.locator(".current-reason")).to_contain_text("Oppsigelse/avbestilling")
    kept = ReasonSuggestion.objects.get()
    assert kept.rank == 1
    assert kept.chosen.code == "cancellation"
