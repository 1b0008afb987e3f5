"""A supervisor reads the feedback page on /insights/ in a real browser, at 1280 and 390 px
(issue 17): the figures by reason, the comment search, a comment's case one click away, the
export links; nothing past the right edge."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from lytte.accounts.models import Team, User
from lytte.cases.models import ContactReason
from lytte.feedback.tests.reporting import answered, rolled_up, sent_survey
from lytte.platform.tests.browser import PHONE, screenshot, sideways_overflow, signed_in

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "1280"), (PHONE, "390")])
def test_a_supervisor_searches_the_comments_and_opens_a_case(
    viewport: dict[str, int],
    name: str,
    supervisor: User,
    team_oslo: Team,
    live_lytte: str,
    new_context: NewContext,
) -> None:
    billing = ContactReason.objects.create(code="billing", name="Billing", name_nb="Faktura")
    low = answered(
        2,
        "Fakturaen var feil igjen, og ingen ringte tilbake.",
        reason=billing,
        team=team_oslo,
        agent=supervisor,
    )
    answered(5, "Rask og hyggelig hjelp med fakturaen!", reason=billing, team=team_oslo)
    answered(4, "Grei service", team=team_oslo)
    sent_survey(reason=billing, team=team_oslo)
    rolled_up()  # the worker's recount, which the live server does not run here
    day = timezone.localdate().isoformat()

    page = signed_in(new_context(viewport=viewport), live_lytte, supervisor).new_page()
    page.goto(f"{live_lytte}/insights/")
    page.locator("#insights-nav-feedback").click()
    expect(page.locator("#feedback-report")).to_be_visible()
    page.goto(f"{live_lytte}/insights/feedback/?from={day}&to={day}")
    expect(page.locator("[data-figure=sent]")).to_have_text("4")
    expect(page.locator("#feedback-reason tbody tr")).to_have_count(2)
    expect(page.locator("#feedback-reason")).to_contain_text("Faktura")
    expect(page.locator("#feedback-comments li.comment")).to_have_count(3)
    assert sideways_overflow(page)["pixels"] <= 0, sideways_overflow(page)
    screenshot(page, f"insights-feedback-{name}")

    page.locator("#feedback-search").fill("feilen")
    page.locator(".comment-search button").click()
    expect(page).to_have_url(re.compile(r"q=feilen"))
    expect(page.locator("#feedback-comments li.comment")).to_have_count(1)
    expect(page.locator("#feedback-comments .reason")).to_have_text("Faktura")
    assert page.locator("#feedback-exports a").count() == 2
    assert sideways_overflow(page)["pixels"] <= 0, sideways_overflow(page)
    screenshot(page, f"insights-feedback-search-{name}")

    page.locator("#feedback-comments li.comment a").first.click()
    expect(page).to_have_url(re.compile(rf"/desk/cases/{low.case.number}/"))
