"""Answers become knowledge in a real browser against a real `lytte serve`: Kari's question has
Ola's accepted answer; an editor, on the thread at 390 px, makes it a help article draft in one
click and lands in the knowledge editor, which credits Ola and links back to the thread; once
published, Kari sees the article linked from the thread. Under the Content-Security-Policy,
nothing past the right edge."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from lytte.accounts.models import User
from lytte.community import services
from lytte.community.models import Member, Promotion, Thread
from lytte.community.tests.test_community_in_browser import DESKTOP, LISTEN, NARROW, checked
from lytte.knowledge import services as knowledge
from lytte.knowledge.models import State, Translation
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


def test_an_editor_promotes_an_accepted_answer_to_an_article(
    question: Thread,
    kari_member: Member,
    ola_member: Member,
    supervisor: User,
    live_lytte: str,
    new_context: NewContext,
) -> None:
    answer = services.reply(
        thread=question, body="Be om en kopi under **Mine fakturaer**.", member=ola_member
    )
    services.accept(post=answer, member=kari_member)
    thread_url = f"{live_lytte}/help/nb/community/threads/{question.pk}/"

    editor = _page(signed_in(new_context(viewport=NARROW), live_lytte, supervisor))
    editor.goto(thread_url)
    promote = editor.locator(f"#post-{answer.pk} #community-promote")
    expect(promote).to_be_visible()
    checked(editor, "community-promote-390")
    promote.click()

    article = Promotion.objects.get(thread=question).article
    expect(editor).to_have_url(f"{live_lytte}/desk/knowledge/articles/{article.pk}/nb/edit/")
    origin = editor.locator("#kb-community-origin")
    expect(origin).to_contain_text("Ola fra Bergen")
    expect(editor.locator("#id_body")).to_have_value(re.compile(r"Mine fakturaer"))
    expect(editor.locator("#id_title")).to_have_value(question.title)
    editor.set_viewport_size(DESKTOP)
    checked(editor, "community-promoted-draft-1280")
    origin.locator("a").click()
    expect(editor).to_have_url(f"{thread_url}#post-{answer.pk}")
    expect(editor.locator("#community-promoted-editor")).to_be_visible()
    expect(editor.locator("#community-promote")).to_have_count(0)

    text = Translation.objects.get(article=article)
    knowledge.set_state(text, State.REVIEW, by=supervisor)
    knowledge.set_state(text, State.PUBLISHED, by=supervisor)
    kari = _page(signed_in_customer(new_context(viewport=NARROW), live_lytte, kari_member.customer))
    kari.goto(thread_url)
    link = kari.locator("#community-promoted a")
    expect(link).to_have_attribute("href", f"/help/nb/articles/{text.slug}/")
    expect(kari.locator("#community-promoted-editor")).to_have_count(0)
    checked(kari, "community-promoted-390")
    link.click()
    expect(kari).to_have_url(f"{live_lytte}/help/nb/articles/{text.slug}/")
