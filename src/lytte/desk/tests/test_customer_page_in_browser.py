"""The customer page in a real browser against a real `lytte serve`: a supervisor finds a
customer by searching, sees her cases and who opened her data, and downloads the export; an agent
on a 390 px phone sees her cases and neither the log nor the export. Screenshots go to
artifacts/screenshots/ (customer-page-*)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, expect

from lytte.accounts.models import Team, User
from lytte.audit.models import AccessChannel
from lytte.audit.services import record_access
from lytte.cases.models import Case
from lytte.cases.tests.factories import phoned_case
from lytte.customers.models import Customer
from lytte.customers.services import create_customer, create_organization
from lytte.platform.tests.browser import PHONE, screenshot, sideways_overflow, signed_in

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]


@pytest.fixture
def tuulikki(agent: User) -> Customer:
    cooperative = create_organization(
        name="Pohjois-Savon Sähköosuuskunta Oy", org_number="2345678-9"
    )
    return create_customer(
        name="Tuulikki Hämäläinen-Øvergård",
        phones=["+358 40 765 4321"],
        emails=["tuulikki.hamalainen-overgard@pohjois-savon-sahkoosuuskunta.fi"],
        organization=cooperative,
        created_by=agent,
    )


@pytest.fixture
def her_cases(tuulikki: Customer, agent: User, team_oslo: Team) -> list[Case]:
    cases = [
        phoned_case(tuulikki, agent, team_oslo, "Sähkölaskussa on sama kuukausimaksu kahdesti"),
        phoned_case(
            tuulikki, agent, team_oslo, "Måleren viser feil forbruk etter bytte", assignee=agent
        ),
    ]
    record_access(user=agent, customer=tuulikki, channel=AccessChannel.WORKSPACE, case=cases[1])
    return cases


def test_a_supervisor_finds_the_customer_reads_who_looked_and_downloads_the_export(
    tuulikki: Customer,
    her_cases: list[Case],
    supervisor: User,
    live_lytte: str,
    new_context: NewContext,
    tmp_path: Path,
) -> None:
    context = signed_in(
        new_context(viewport={"width": 1280, "height": 900}), live_lytte, supervisor
    )
    page = context.new_page()
    page.goto(f"{live_lytte}/desk/")
    page.locator("#desk-search").press_sequentially("hämäläinen", delay=20)
    page.locator("#search-results").get_by_role("link", name="Tuulikki Hämäläinen-Øvergård").click()

    expect(page).to_have_url(f"{live_lytte}/desk/customers/{tuulikki.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tuulikki Hämäläinen-Øvergård")
    expect(page.locator("table.stack").first).to_contain_text(f"#{her_cases[1].number}")
    access = page.locator("table.access-log")
    expect(access).to_contain_text("Ingrid Bråten")
    expect(access).to_contain_text("Sigrid Åsheim")
    screenshot(page, "customer-page-supervisor-1280")

    with page.expect_download() as downloading:
        page.get_by_role("button", name="Eksporter data (GDPR)").click()
    download = downloading.value
    assert download.suggested_filename == f"customer-{tuulikki.pk}.zip"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        customer = json.loads(archive.read("customer.json"))
        readme = archive.read("README.txt").decode("utf-8")
    assert customer["name"] == "Tuulikki Hämäläinen-Øvergård"
    assert readme.startswith("Data om Tuulikki")  # the supervisor's language: Norwegian

    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_role("button", name="Eksporter data (GDPR)")).to_be_visible()
    screenshot(page, "customer-page-supervisor-390")
    assert sideways_overflow(page)["pixels"] <= 0


def test_an_agent_on_a_phone_sees_her_cases_but_not_who_else_looked(
    tuulikki: Customer,
    her_cases: list[Case],
    teammate: User,
    live_lytte: str,
    new_context: NewContext,
) -> None:
    context = signed_in(new_context(viewport=PHONE), live_lytte, teammate)
    page = context.new_page()
    page.goto(f"{live_lytte}/desk/cases/{her_cases[0].number}/")
    page.locator("#customer-title").get_by_role("link").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tuulikki Hämäläinen-Øvergård")
    first = page.locator("table.stack tbody tr").first
    expect(first).to_contain_text("Måleren viser feil forbruk")
    label = first.locator("td").nth(1).evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Status"'  # at 390 px each row is a block whose cells name their column
    expect(page.get_by_text("Ingrid Bråten")).to_have_count(0)
    expect(page.get_by_role("button", name="Eksporter data (GDPR)")).to_have_count(0)
    screenshot(page, "customer-page-agent-390")
    assert sideways_overflow(page)["pixels"] <= 0
