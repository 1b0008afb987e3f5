"""The director dashboard in a real browser draws its charts from the rollups, and a click on a
bar opens the cases behind it; on a phone and a desktop, in Norwegian and Danish, it states its
period, writes numbers as the viewer does, never repeats a colour, clips no label and offers no
button that sends data away. Screenshots in artifacts/screenshots/."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel, Contact, ContactReason, Direction
from lytte.cases.services import log_contact, open_case, set_reason
from lytte.customers.services import create_organization
from lytte.insights.rollups import mark_all_stale, refresh_stale
from lytte.platform.tests.browser import PHONE, give_real_password, screenshot, signed_in

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def contact_at(when: datetime, team: Team, reason: ContactReason | None, channel: str) -> None:
    """A case a customer opened at `when`, with the reason (or none yet)."""
    case = open_case(channel=channel, opened_by=None, team=team, subject="Sak")
    contact = log_contact(
        case=case, channel=channel, direction=Direction.INBOUND, logged_by=None, body="hei"
    ).contact
    if reason is not None:
        set_reason(case=case, reason=reason, changed_by=None)
    Case.objects.filter(pk=case.pk).update(created_at=when)
    Contact.objects.filter(pk=contact.pk).update(started_at=when)


def ready(supervisor: User) -> None:
    """The rollups recomputed and the supervisor able to sign in to the real server."""
    mark_all_stale()
    while refresh_stale():
        pass
    give_real_password(supervisor)


@pytest.fixture
def eight_weeks(supervisor: User, team_oslo: Team) -> None:
    rng = random.Random(2)
    reasons = list(
        ContactReason.objects.filter(code__in=["invoice", "delivery", "fault", "question"])
    )
    now = timezone.now()
    for _n in range(80):
        when = now - timedelta(days=rng.randrange(56), hours=rng.randrange(8))
        channel = rng.choice([Channel.PHONE, Channel.EMAIL, Channel.CHAT])
        contact_at(when, team_oslo, rng.choice(reasons), channel)
    ready(supervisor)


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

    page.locator("#chart-top").scroll_into_view_if_needed()
    bar = page.locator("#chart-top .bars .point path").last.bounding_box()
    assert bar is not None
    # Plotly listens on a layer above the bars: click where the longest bar is drawn.
    page.mouse.move(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
    page.mouse.click(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
    expect(page).to_have_url(re.compile(r"/insights/cases/\?.*reason_id=\d+"))
    expect(page.locator("table.data tbody tr").first).to_contain_text("#")


@pytest.fixture
def twelve_weeks_of_every_reason(supervisor: User, team_oslo: Team) -> None:
    """160 cases over the twelve whole weeks before this one, for every reason (big ones far
    more often), one in seven never categorised."""
    rng = random.Random(5)
    reasons = list(ContactReason.objects.filter(active=True).order_by("pk"))
    weights = [1 / (n + 1) for n in range(len(reasons))]
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    for _n in range(160):
        reason = rng.choices(reasons, weights=weights)[0] if rng.random() > 1 / 7 else None
        day = monday - timedelta(days=rng.randrange(1, 84))
        when = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))
        contact_at(when + timedelta(hours=9 + rng.randrange(8)), team_oslo, reason, Channel.EMAIL)
    ready(supervisor)


@pytest.mark.parametrize(
    ("locale", "period", "without"),
    [("nb-NO", "Uke", "Uten årsak"), ("da-DK", "Uge", "Uden årsag")],
)
@pytest.mark.parametrize("width", [1280, PHONE["width"]])
def test_the_dashboard_reads_true_on_first_view_on_a_phone_and_a_desktop(
    supervisor: User,
    twelve_weeks_of_every_reason: None,
    live_lytte: str,
    new_context: Callable[..., BrowserContext],
    locale: str,
    period: str,
    without: str,
    width: int,
) -> None:
    context = new_context(locale=locale, viewport={"width": width, "height": 1400})
    page = signed_in(context, live_lytte, supervisor).new_page()
    page.goto(f"{live_lytte}/insights/")

    expect(page.locator("[data-drawn=yes]")).to_have_count(1, timeout=15_000)
    expect(page.locator("#period")).to_contain_text(period)
    expect(page.locator("#id_start")).not_to_have_value("")
    expect(page.locator("#table-top tfoot")).to_contain_text(without)
    share = page.locator("#table-top tbody tr").first.locator("td").nth(2)
    expect(share).to_be_visible()
    expect(share).to_have_text(re.compile(r"^\d+(,\d)?\s%$"))
    expect(page.locator("#table-top tbody")).to_contain_text(re.compile(r"\d,\d\s%"))
    table = page.evaluate(
        "() => { const t = document.getElementById('table-top');"
        " return [t.scrollWidth, t.parentElement.clientWidth]; }"
    )
    assert table[0] <= table[1], table  # the table fits its card
    assert page.locator(".modebar-btn").count() == 0  # no "share", no logo, no English titles
    colours = page.evaluate(
        "() => document.getElementById('chart-weekly').data.map(t => t.marker.color)"
    )
    assert len(colours) <= 10
    assert len(set(colours)) == len(colours)
    labels = page.evaluate(
        """() => {
            const chart = document.getElementById('chart-top').getBoundingClientRect();
            return [...document.querySelectorAll('#chart-top .ytick text')].map(t => {
                const box = t.getBoundingClientRect();
                return {text: t.textContent, inside: box.left >= chart.left - 1
                        && box.right <= chart.right + 1};
            });
        }"""
    )
    assert labels
    assert all(label["inside"] for label in labels), labels
    screenshot(page, f"insights-first-view-{locale[:2]}-{width}")


@pytest.mark.parametrize("width", [1280, PHONE["width"]])
def test_the_organization_filter_finds_by_name_and_keeps_the_choice_in_the_url(
    supervisor: User,
    twelve_weeks_of_every_reason: None,
    live_lytte: str,
    new_context: Callable[..., BrowserContext],
    width: int,
) -> None:
    fjord = create_organization(name="Fjordkraft AS")
    create_organization(name="Fjellsport AS")
    context = new_context(locale="sv-SE", viewport={"width": width, "height": 1400})
    page = signed_in(context, live_lytte, supervisor).new_page()
    page.goto(f"{live_lytte}/insights/")

    box = page.locator("#id_organization")
    box.press_sequentially("Fjordk")
    expect(page.locator("#id_organization-options option")).to_have_count(1)
    box.fill("Fjordkraft AS")
    page.get_by_role("button", name="Visa").click()

    expect(page).to_have_url(re.compile(rf"organization={fjord.pk}(&|$)"))
    expect(page.locator("#id_organization")).to_have_value("Fjordkraft AS")
    expect(page.locator("[data-drawn=yes]")).to_have_count(1, timeout=15_000)
    # Fjordkraft has no contacts: a sentence, not empty axes.
    expect(page.locator("#chart-weekly")).to_have_text("Inga kundkontakter under perioden.")
    screenshot(page, f"insights-organization-sv-{width}")
