"""Service levels on the desk in a real browser (decision 0041): each queued case's due-time
badge, amber past its warning share and red when breached, and the queue sorted by due.
Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel
from lytte.cases.services import open_case
from lytte.platform.tests.browser import live_page, screenshot, signed_in
from lytte.sla.models import CaseTarget, Policy

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]


@pytest.fixture
def due_soon(agent: User, team_oslo: Team) -> list[Case]:
    Policy.objects.create(name="Alle", business_time=False, first_response_minutes=60)
    now = timezone.now()
    cases = []
    for subject, due in (
        ("Strømbrudd i Vågå", now + timedelta(hours=5)),
        ("Måleren står stille", now + timedelta(minutes=5)),
        ("Dobbelt trukket for mars", now - timedelta(minutes=1)),
    ):
        case = open_case(
            channel=Channel.EMAIL, opened_by=agent, team=team_oslo, assignee=agent, subject=subject
        )
        CaseTarget.objects.filter(case=case).update(
            due_at=due, warn_at=due - timedelta(minutes=12), running_since=due - timedelta(hours=1)
        )
        cases.append(case)
    return cases


def test_due_badges_warn_and_breach_and_the_queue_sorts_by_due(
    agent: User, due_soon: list[Case], live_lytte: str, new_context: NewContext
) -> None:
    context = signed_in(new_context(), live_lytte, agent)
    page = live_page(context, f"{live_lytte}/desk/?queue=mine")
    rows = page.locator("#queue-list .case-row")
    expect(rows).to_have_count(3)
    expect(page.locator("#queue-list .sla-due")).to_have_count(3)
    expect(page.locator("#queue-list .sla-due-warning")).to_have_count(1)
    breached = page.locator("#queue-list .case-row.sla-breached")
    expect(breached).to_have_count(1)
    expect(breached).to_have_attribute("data-case", str(due_soon[2].pk))
    assert rows.first.get_attribute("data-case") == str(due_soon[0].pk)  # oldest first

    page.locator("#sort-due").click()
    expect(rows.first).to_have_attribute("data-case", str(due_soon[2].pk))
    expect(rows.nth(1)).to_have_attribute("data-case", str(due_soon[1].pk))
    screenshot(page, "desk-sla-sorted-by-due")

    # The worker's warning reaches the desk as `changed` with what "sla_warning" (the push itself
    # is tested in test_desk_sla.py; the in-memory layer of the test server is its own).
    alert = page.locator("#sla-alert")
    expect(alert).to_be_hidden()
    page.evaluate(
        "id => htmx.trigger(document.body, 'desk:changed', {case: id, what: 'sla_warning'})",
        due_soon[1].pk,
    )
    expect(alert).to_be_visible()
    expect(alert).to_have_class("sla-alert sla-alert-warning")
    expect(alert).to_have_attribute("data-case", str(due_soon[1].pk))
    screenshot(page, "desk-sla-warning")
    alert.click()
    expect(alert).to_be_hidden()
    # An escalation rule that notifies (sla/escalation.py) reaches the desk the same way.
    page.evaluate(
        "id => htmx.trigger(document.body, 'desk:changed', {case: id, what: 'sla_escalated'})",
        due_soon[2].pk,
    )
    expect(alert).to_be_visible()
    expect(alert).to_have_class("sla-alert sla-alert-breached")
    expect(alert).to_have_attribute("data-case", str(due_soon[2].pk))
    assert alert.text_content() == alert.get_attribute("data-escalated")

    page.goto(f"{live_lytte}/desk/cases/{due_soon[2].number}/")
    expect(page.locator("#case-sla .sla-due-breached")).to_have_count(1)
