"""A customer answers a survey in a real browser on a 390 px phone, against a real `lytte
serve`: the link from the mail sends the score by itself (one click), a low score asks what
went wrong, the comment is sent, and a follow-up waits for the supervisor. No policy
violation, nothing from another host, nothing past the right edge."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from lytte.accounts.models import User
from lytte.cases.models import Case, ContactReason
from lytte.feedback.models import FollowUp, Survey
from lytte.feedback.services import token_for
from lytte.feedback.tests.conftest import resolved_and_sent
from lytte.platform.tests.browser import PHONE, screenshot, sideways_overflow, signed_in

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


def checked(page: Page, name: str) -> None:
    assert page.evaluate("window.__violations") == []
    assert sideways_overflow(page)["pixels"] <= 0, sideways_overflow(page)
    screenshot(page, name)


def test_a_customer_answers_a_survey_with_one_click_then_says_what_went_wrong(
    karis_case: Case,
    reason: ContactReason,
    supervisor: User,
    live_lytte: str,
    new_context: NewContext,
) -> None:
    survey = resolved_and_sent(karis_case, reason)
    context = new_context(viewport=PHONE)
    context.add_init_script(LISTEN)
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))

    page.goto(f"{live_lytte}/help/nb/survey/{token_for(survey)}/?score=2")
    expect(page).to_have_url(re.compile(r"\?scored=1$"))  # survey.js sent the score
    expect(page.locator("#survey-scored")).to_be_visible()
    expect(page.locator("#survey-choices")).to_be_visible()
    expect(page.locator("#id_score_1")).to_be_checked()
    checked(page, "feedback-survey-low-score-390")
    survey.refresh_from_db()
    assert survey.score == 2

    page.locator("#survey-choices input[type=checkbox]").first.check()
    page.locator("#id_comment").fill("Ingen ringte meg tilbake.")
    page.locator("#survey-send").click()
    expect(page).to_have_url(re.compile(r"\?thanks=1$"))
    expect(page.locator("#survey-thanks")).to_be_focused()
    checked(page, "feedback-survey-thanks-390")

    survey.refresh_from_db()
    assert survey.state == Survey.State.ANSWERED
    assert survey.comment == "Ingen ringte meg tilbake."
    assert survey.choices.count() == 1
    assert FollowUp.objects.filter(survey=survey, closed_at__isnull=True).exists()
    assert hosts == {urlsplit(live_lytte).netloc}

    page.goto(f"{live_lytte}/help/nb/survey/{token_for(survey)}/opt-out/")
    page.locator("#opt-out-form button").click()
    expect(page.locator("#opt-out-done")).to_be_visible()
    checked(page, "feedback-survey-opt-out-390")

    # The supervisor sees the follow-up with the comment, and closes the loop.
    desk = signed_in(new_context(viewport=PHONE), live_lytte, supervisor).new_page()
    desk.goto(f"{live_lytte}/desk/feedback/")
    expect(desk.locator("#follow-ups")).to_contain_text("Ingen ringte meg tilbake.")
    assert sideways_overflow(desk)["pixels"] <= 0, sideways_overflow(desk)
    screenshot(desk, "feedback-follow-ups-390")
    desk.locator(".feedback-close textarea").first.fill("Ringte Kari og beklaget.")
    desk.locator(".feedback-close button").first.click()
    expect(desk.locator("#follow-ups")).to_have_count(0)
    expect(desk.locator("#feedback-answers")).to_contain_text("Ingen ringte meg tilbake.")
    assert FollowUp.objects.get(survey=survey).result == "Ringte Kari og beklaget."
