"""The director dashboard in a real browser draws its charts from the rollups, and a click on a
bar opens the cases behind it. Screenshot in artifacts/screenshots/."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel, Contact, ContactReason, Direction
from lytte.cases.services import log_contact, open_case, set_reason
from lytte.desk.tests.browser import give_real_password, screenshot, signed_in
from lytte.desk.tests.conftest import chromium, live_lytte, new_context
from lytte.insights.rollups import mark_all_stale, refresh_stale

__all__ = ["chromium", "live_lytte", "new_context"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def eight_weeks(supervisor: User, team_oslo: Team) -> None:
    rng = random.Random(2)
    reasons = list(
        ContactReason.objects.filter(code__in=["invoice", "delivery", "fault", "question"])
    )
    now = timezone.now()
    for n in range(80):
        reason = rng.choice(reasons)
        case = open_case(
            channel=rng.choice([Channel.PHONE, Channel.EMAIL, Channel.CHAT]),
            opened_by=None,
            team=team_oslo,
            subject=f"Sak {n}",
        )
        contact = log_contact(
            case=case, channel=case.channel, direction=Direction.INBOUND, logged_by=None, body="hei"
        ).contact
        set_reason(case=case, reason=reason, changed_by=None)
        when = now - timedelta(days=rng.randrange(56), hours=rng.randrange(8))
        Case.objects.filter(pk=case.pk).update(created_at=when)
        Contact.objects.filter(pk=contact.pk).update(started_at=when)
    mark_all_stale()
    while refresh_stale():
        pass
    give_real_password(supervisor)


def test_the_director_dashboard_draws_its_charts_and_drills_down(
    supervisor: User, eight_weeks: None, live_lytte: str, new_context: Callable[..., BrowserContext]
) -> None:
    page = signed_in(
        new_context(viewport={"width": 1280, "height": 1400}), live_lytte, supervisor
    ).new_page()
    page.goto(f"{live_lytte}/insights/")

    expect(page.locator("[data-drawn=yes]")).to_have_count(1, timeout=15_000)
    expect(page.locator("#chart-weekly .bars .point").first).to_be_visible()
    expect(page.locator("#chart-channels .slice").first).to_be_visible()
    expect(page.locator("#table-top")).to_contain_text(
        "Faktura/betaling"
    )  # Sigrid works in Norwegian
    screenshot(page, "insights-director")

    bar = page.locator("#chart-top .bars .point path").last.bounding_box()
    assert bar is not None
    # Plotly listens on a layer above the bars: click where the longest bar is drawn.
    page.mouse.move(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
    page.mouse.click(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
    expect(page).to_have_url(re.compile(r"/insights/cases/\?.*reason_id=\d+"))
    expect(page.locator("table.data tbody tr").first).to_contain_text("#")
