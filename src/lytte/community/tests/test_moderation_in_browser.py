"""Escalation and moderation in a real browser against a real `lytte serve`: a question nobody
answered becomes a case, the agent answers from the desk and the answer appears in the thread
as staff; a new member's first reply with a link waits for a moderator, who approves it from
the queue; another member reports it and the moderator hides it. At 1280 and 390 px, under the
Content-Security-Policy, nothing past the right edge."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from lytte.accounts.models import Team, User
from lytte.community import services
from lytte.community.models import Category, Member, Post, PostState, Thread
from lytte.community.tests.test_community_in_browser import DESKTOP, LISTEN, NARROW, checked
from lytte.platform.tests.browser import signed_in
from lytte.portal.tests.sessions import signed_in_customer

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]


def _page(context: BrowserContext) -> Page:
    context.add_init_script(LISTEN)
    return context.new_page()


def test_an_unanswered_question_becomes_a_case_and_the_agents_answer_appears_in_the_thread(
    question: Thread,
    category: Category,
    team_oslo: Team,
    agent: User,
    live_lytte: str,
    new_context: NewContext,
) -> None:
    category.escalate_after_hours = 2
    category.escalation_team = team_oslo
    category.save()
    Thread.objects.filter(pk=question.pk).update(created_at=timezone.now() - timedelta(hours=3))
    [case] = services.escalate_unanswered()  # what the worker's schedule does

    desk = _page(signed_in(new_context(viewport=DESKTOP), live_lytte, agent))
    desk.goto(f"{live_lytte}/desk/cases/{case.number}/")
    desk.locator("#community-reply summary").click()
    desk.locator("#id_community-body").fill("Fakturaen er sendt på nytt til deg i dag.")
    checked(desk, "community-escalated-case-1280")
    desk.set_viewport_size(NARROW)
    checked(desk, "community-escalated-case-390")
    desk.locator("#community-reply-form button[type=submit]").click()
    expect(desk).to_have_url(f"{live_lytte}/desk/cases/{case.number}/")

    answer = Post.objects.get(thread=question, opening=False)
    kari = _page(
        signed_in_customer(new_context(viewport=NARROW), live_lytte, question.author.customer)
    )
    kari.goto(f"{live_lytte}/help/nb/community/threads/{question.pk}/")
    staff_reply = kari.locator(f"#post-{answer.pk}")
    expect(staff_reply).to_have_class(re.compile("community-post-staff"))
    expect(staff_reply).to_contain_text("Fakturaen er sendt på nytt")
    checked(kari, "community-staff-answer-390")
    kari.set_viewport_size(DESKTOP)
    checked(kari, "community-staff-answer-1280")


def test_a_first_post_with_a_link_waits_and_a_reported_post_is_hidden(
    question: Thread,
    ola_member: Member,
    supervisor: User,
    live_lytte: str,
    new_context: NewContext,
) -> None:
    ola = _page(signed_in_customer(new_context(viewport=NARROW), live_lytte, ola_member.customer))
    ola.goto(f"{live_lytte}/help/nb/community/threads/{question.pk}/")
    ola.locator("#id_body").fill("Billig strøm: https://example.com/tilbud")
    ola.wait_for_timeout(2100)  # the timing check
    ola.locator("#reply-form button[type=submit]").click()
    held = Post.objects.get(thread=question, opening=False)
    assert held.state == PostState.HELD
    expect(ola.locator(f"#post-{held.pk} .community-held")).to_be_visible()
    checked(ola, "community-held-reply-390")

    kari = _page(
        signed_in_customer(new_context(viewport=NARROW), live_lytte, question.author.customer)
    )
    kari.goto(f"{live_lytte}/help/nb/community/threads/{question.pk}/")
    expect(kari.locator(f"#post-{held.pk}")).to_have_count(0)

    moderator = _page(signed_in(new_context(viewport=NARROW), live_lytte, supervisor))
    moderator.goto(f"{live_lytte}/help/nb/community/moderation/")
    expect(moderator.locator(f"#held-{held.pk}")).to_be_visible()
    checked(moderator, "community-moderation-held-390")
    moderator.locator(f"#held-{held.pk} .community-approve").click()
    expect(moderator.locator(f"#held-{held.pk}")).to_have_count(0)

    kari.reload()
    kari.locator(f"#post-{held.pk} .community-flag summary").click()
    kari.locator(f"#flag-reason-{held.pk}").select_option("spam")
    kari.locator(f"#flag-note-{held.pk}").fill("Reklame")
    checked(kari, "community-report-390")
    kari.locator(f"#post-{held.pk} .community-flag-form button[type=submit]").click()
    expect(kari.locator(f"#post-{held.pk} .community-flagged")).to_be_visible()

    moderator.reload()
    expect(moderator.locator(f"#flagged-{held.pk}")).to_contain_text("Reklame")
    checked(moderator, "community-moderation-flagged-390")
    moderator.set_viewport_size(DESKTOP)
    checked(moderator, "community-moderation-1280")
    moderator.locator(f"#flagged-{held.pk} .community-hide").click()
    expect(moderator.locator(f"#flagged-{held.pk}")).to_have_count(0)
    expect(
        moderator.locator("#moderation-log [data-action='community.post_hidden']")
    ).to_be_visible()

    kari.reload()
    expect(kari.locator(f"#post-{held.pk}")).to_have_class(re.compile("community-post-hidden"))
    expect(kari.locator(f"#post-{held.pk}")).not_to_contain_text("example.com")
    checked(kari, "community-hidden-post-390")
    moderator.goto(f"{live_lytte}/help/nb/community/threads/{question.pk}/")
    checked(moderator, "community-thread-moderator-1280")
