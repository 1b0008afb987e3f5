"""A customer answers an NPS survey on a 390 px phone against a real `lytte serve`: the link
from the mail sends the score itself (one click), then "why?"; eleven targets fit without
sideways scrolling, no policy violation, nothing from another host (decision 47)."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, expect

from lytte.customers.services import create_customer
from lytte.feedback.models import FollowUp, NpsProgram, NpsSurvey
from lytte.feedback.services.nps import run_program, send_nps, token_for
from lytte.platform.tests.browser import PHONE, screenshot, sideways_overflow

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


def test_a_customer_answers_nps_with_one_click_then_says_why(
    live_lytte: str, new_context: Callable[..., BrowserContext]
) -> None:
    create_customer(name="Kari Nordmann", emails=["kari@example.no"], language="nb")
    [survey] = run_program(NpsProgram.objects.create(name="Månedlig", sample_size=1))
    send_nps(survey.pk)
    context = new_context(viewport=PHONE)
    context.add_init_script(LISTEN)
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))

    page.goto(f"{live_lytte}/help/nb/nps/{token_for(survey)}/?score=6")
    expect(page).to_have_url(re.compile(r"\?scored=1$"))
    expect(page.locator("#survey-scored")).to_be_visible()
    expect(page.locator("#id_score_6")).to_be_checked()
    assert page.evaluate("window.__violations") == []
    assert sideways_overflow(page)["pixels"] <= 0, sideways_overflow(page)
    box = page.locator("label[for=id_score_10] span").bounding_box()
    assert box is not None
    assert box["height"] >= 44
    assert box["width"] >= 44
    screenshot(page, "feedback-nps-390")

    page.locator("#id_comment").fill("Lang ventetid på telefon.")
    page.locator("#survey-send").click()
    expect(page).to_have_url(re.compile(r"\?thanks=1$"))
    expect(page.locator("#survey-thanks")).to_be_focused()

    survey = NpsSurvey.objects.get(pk=survey.pk)
    assert (survey.score, survey.comment) == (6, "Lang ventetid på telefon.")
    assert FollowUp.objects.filter(nps=survey).exists()  # a detractor
    assert hosts == {urlsplit(live_lytte).netloc}
