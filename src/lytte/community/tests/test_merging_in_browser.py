"""Merge and split in a real browser against a real `lytte serve`: a moderator merges a
duplicate question into another from the thread's tools (a first try into itself is refused on
the form), lands on the target with both questions' posts, the old address leads there; then
splits a reply off into a new thread. At 390 and 1280 px, under the Content-Security-Policy,
nothing past the right edge."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from lytte.accounts.models import User
from lytte.community import services
from lytte.community.models import Category, Member, Thread
from lytte.community.tests.test_community_in_browser import DESKTOP, LISTEN, NARROW, checked
from lytte.platform.tests.browser import signed_in

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]


def _page(context: BrowserContext) -> Page:
    context.add_init_script(LISTEN)
    return context.new_page()


def test_a_moderator_merges_a_duplicate_and_splits_a_reply_off(
    question: Thread,
    ola_member: Member,
    category: Category,
    supervisor: User,
    live_lytte: str,
    new_context: NewContext,
) -> None:
    duplicate = services.ask(
        member=ola_member,
        category=category,
        language="nb",
        title="Ingen faktura",
        body="Meg heller",
    )
    aside = services.reply(thread=question, body="Appen min krasjer også", member=ola_member)
    base = f"{live_lytte}/help/nb/community/threads/"

    moderator = _page(signed_in(new_context(viewport=NARROW), live_lytte, supervisor))
    moderator.goto(f"{base}{duplicate.pk}/")
    moderator.locator("#community-merge").click()
    moderator.locator("#id_target").fill(str(duplicate.pk))
    moderator.locator("#merge-submit").click()
    expect(moderator.locator("#id_target_error")).to_be_visible()
    checked(moderator, "community-merge-refused-390")
    moderator.locator("#id_target").fill(f"{base}{question.pk}/")
    moderator.locator("#merge-submit").click()
    expect(moderator).to_have_url(f"{base}{question.pk}/")
    expect(moderator.locator(".community-post")).to_have_count(3)

    moderator.goto(f"{base}{duplicate.pk}/")
    expect(moderator).to_have_url(f"{base}{question.pk}/")

    moderator.locator("#community-split").click()
    moderator.locator("#id_post").select_option(str(aside.pk))
    moderator.locator("#id_title").fill("Appen krasjer")
    checked(moderator, "community-split-390")
    moderator.set_viewport_size(DESKTOP)
    checked(moderator, "community-split-1280")
    moderator.locator("#split-submit").click()
    new = Thread.objects.get(title="Appen krasjer")
    expect(moderator).to_have_url(f"{base}{new.pk}/")
    expect(moderator.locator(f"#post-{aside.pk}")).to_be_visible()
    moderator.goto(f"{live_lytte}/help/nb/community/moderation/")
    expect(
        moderator.locator("#moderation-log [data-action='community.thread_split']")
    ).to_be_visible()
    expect(
        moderator.locator("#moderation-log [data-action='community.thread_merged']")
    ).to_be_visible()
