"""The community's one search box and a helper's profile in a real browser at 390 px: from the
community's front page a visitor searches and finds the solved thread first; from an answer
the helper's profile with reputation and badge. Under the Content-Security-Policy, nothing
past the right edge."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from lytte.community import services
from lytte.community.models import Member, Thread
from lytte.community.tests.test_community_in_browser import LISTEN, NARROW, checked

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]


def test_a_visitor_searches_the_community(
    question: Thread,
    kari_member: Member,
    ola_member: Member,
    live_lytte: str,
    new_context: NewContext,
) -> None:
    other = services.ask(
        member=ola_member,
        category=question.category,
        language="nb",
        title="Fakturaen er for høy",
        body="Beløpet på fakturaen stemmer ikke.",
    )
    answer = services.reply(thread=other, body="Se vilkårene.", member=kari_member)
    services.accept(post=answer, member=ola_member)

    context = new_context(viewport=NARROW)
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.goto(f"{live_lytte}/help/nb/community/")
    page.locator("#community-q").fill("fakturaene")
    page.locator("#community-search-form button[type=submit]").click()
    found = page.locator("#community-found .community-found-thread")
    expect(found).to_have_count(2)
    expect(found.first.locator("a")).to_have_attribute(
        "href", f"/help/nb/community/threads/{other.pk}/"
    )
    expect(found.first.locator(".community-solved")).to_be_visible()
    checked(page, "community-search-390")


def test_a_helpers_profile_at_390(
    question: Thread,
    kari_member: Member,
    ola_member: Member,
    live_lytte: str,
    new_context: NewContext,
) -> None:
    answer = services.reply(thread=question, body="Se Mine fakturaer.", member=ola_member)
    services.accept(post=answer, member=kari_member)
    context = new_context(viewport=NARROW)
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.goto(f"{live_lytte}/help/nb/community/threads/{question.pk}/")
    page.locator(f"#post-{answer.pk} a.community-author").click()
    expect(page.locator("#member-reputation")).to_have_text("10")
    expect(page.locator("#member-badges .community-badge-helper")).to_be_visible()
    checked(page, "community-profile-390")
