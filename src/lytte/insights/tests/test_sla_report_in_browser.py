"""Service levels on /insights/sla/ in a real browser at 1280 and 390 px: from the dashboard's
link to the page, its tables filled, and a breach count down to the breached case (decision
0041). Screenshots in artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel
from lytte.cases.services import open_case
from lytte.platform.tests.browser import PHONE, screenshot, sideways_overflow, signed_in
from lytte.sla import rollups
from lytte.sla.models import CaseTarget, Outcome, Target

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]


def history(case: Case, target: str, outcome: str, minutes: int, days_ago: int) -> None:
    started = timezone.now() - timedelta(days=days_ago, hours=3)
    stopped = started + timedelta(minutes=minutes)
    CaseTarget.objects.create(
        case=case, target=target, target_seconds=3600, started_at=started,
        spent=timedelta(0), paused=timedelta(0), outcome=outcome, stopped_at=stopped,
        used=timedelta(minutes=minutes // 2), over=None,
        breach_announced_at=stopped if outcome == Outcome.BREACHED else None,
    )  # fmt: skip


@pytest.fixture
def late(agent: User, team_oslo: Team) -> Case:
    kept = open_case(channel=Channel.EMAIL, opened_by=agent, team=team_oslo, subject="Purring")
    late = open_case(
        channel=Channel.PHONE, opened_by=agent, team=team_oslo, subject="Strømmen er borte"
    )
    history(kept, Target.FIRST_RESPONSE, Outcome.MET, 40, 3)
    history(kept, Target.RESOLUTION, Outcome.MET, 300, 2)
    history(late, Target.FIRST_RESPONSE, Outcome.BREACHED, 90, 2)
    rollups.rebuild()  # the history is written past the services, as by a bulk load
    return late


@pytest.mark.parametrize("screen", [{"width": 1280, "height": 900}, PHONE], ids=["1280", "390"])
def test_a_supervisor_follows_a_breach_to_its_case(
    supervisor: User, late: Case, live_lytte: str, new_context: NewContext, screen: dict[str, int]
) -> None:
    page = signed_in(new_context(viewport=screen), live_lytte, supervisor).new_page()
    today = timezone.localdate()
    page.goto(f"{live_lytte}/insights/")
    page.locator("#insights-nav-sla").click()
    page.locator("#id_start").fill((today - timedelta(days=6)).isoformat())
    page.locator("#id_end").fill(today.isoformat())
    page.locator("form.filters button[type=submit]").click()

    expect(page.locator("#sla-totals .figure")).to_have_count(2)
    expect(page.locator("#table-sla-times tbody tr")).to_have_count(2)
    expect(page.locator("#table-sla-team tbody tr")).to_have_count(2)
    expect(page.locator("#table-sla-team")).to_contain_text("Kundeservice Oslo")
    expect(page.locator("#table-sla-breaches .sla-drill")).to_have_count(1)
    screenshot(page, f"insights-sla-{screen['width']}")
    overflow = sideways_overflow(page)
    assert overflow["pixels"] <= 0, overflow["elements"]

    page.locator("#table-sla-breaches .sla-drill").click()
    expect(page.locator("#sla-breached .sla-case")).to_have_count(1)
    expect(page.locator("#sla-breached .sla-case")).to_contain_text(f"#{late.number}")
    page.locator("#sla-breached .sla-case").click()
    expect(page).to_have_url(f"{live_lytte}/desk/cases/{late.number}/")
