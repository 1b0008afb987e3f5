"""Names people type reach the charts as text: Plotly reads a subset of HTML in every label it
draws, so a reason named like a link must show as written and never become one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from lytte.accounts.models import Team, User
from lytte.cases.models import Channel, ContactReason
from lytte.insights.tests.test_dashboard_in_browser import contact_at, ready
from lytte.platform.tests.browser import screenshot, signed_in

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HOSTILE = '<a href="https://example.invalid/x">Klikk</a> & «æøå»'


@pytest.fixture
def hostile_reason(supervisor: User, team_oslo: Team) -> None:
    reason = ContactReason.objects.create(
        code="hostile", name=HOSTILE, name_nb=HOSTILE, name_da=HOSTILE, position=0
    )
    invoice = ContactReason.objects.get(code="invoice")  # two reasons: the legend is drawn
    now = timezone.now()
    for days in range(1, 15):
        contact_at(now - timedelta(days=days), team_oslo, reason, Channel.EMAIL)
        contact_at(now - timedelta(days=days), team_oslo, invoice, Channel.PHONE)
    ready(supervisor)


def test_a_reason_named_like_a_link_is_drawn_as_its_literal_name(
    supervisor: User,
    hostile_reason: None,
    live_lytte: str,
    new_context: Callable[..., BrowserContext],
) -> None:
    page = signed_in(
        new_context(viewport={"width": 1280, "height": 1400}), live_lytte, supervisor
    ).new_page()
    page.goto(f"{live_lytte}/insights/")
    expect(page.locator("[data-drawn=yes]")).to_have_count(1, timeout=15_000)

    # The figure data holds character references, not markup.
    names = page.evaluate("document.getElementById('chart-weekly').data.map(t => t.name)")
    ticks = page.evaluate("document.getElementById('chart-top').data[0].y")
    for text in (*names, *ticks):
        assert "<" not in text
        assert '"' not in text
    # What is drawn reads as the name was written, and nothing in any chart is a link.
    expect(page.locator("#chart-top .ytick text").filter(has_text="Klikk")).to_have_text(HOSTILE)
    expect(page.locator("#chart-weekly .legendtext").filter(has_text="Klikk")).to_have_text(HOSTILE)
    # The weekly chart's hover names its trace by reference (%{fullData.name}): shown as written.
    page.evaluate(
        """() => {
            const chart = document.getElementById('chart-weekly');
            const curve = chart.data.findIndex(t => t.name.includes('Klikk'));
            window.Plotly.Fx.hover(chart, [{curveNumber: curve, pointNumber: 0}]);
        }"""
    )
    expect(page.locator("#chart-weekly .hoverlayer")).to_contain_text(HOSTILE)
    expect(page.locator(".chart svg a")).to_have_count(0)
    expect(page.locator("#table-top")).to_contain_text("Klikk</a> & «æøå»")
    screenshot(page, "insights-hostile-reason-name")
