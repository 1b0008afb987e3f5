"""Chat in the desk, live, for those beside the chat: a supervisor who opens an agent's chat
sees the customer write, type and leave as it happens (without marking anything read for the
agent), and the agent's top bar counts their chats with unread messages, on any page, at
1280 and 390 px. Real browsers against a real `lytte serve`; screenshots in
artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from lytte.accounts.models import Team, User
from lytte.chat.models import ChatWidget, Conversation
from lytte.desk.tests.test_chat_in_browser import (
    LIVE,
    SEND,
    _api,
    _customer_page,
    _customer_says,
    _customer_starts,
    _takes_chats,
)
from lytte.platform.tests.browser import (
    PHONE,
    live_page,
    screenshot,
    sideways_overflow,
    signed_in,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def shop_widget(team_oslo: Team) -> ChatWidget:
    return ChatWidget.objects.create(name="Nettbutikken", team=team_oslo)


def _badge(page: Page) -> object:
    return page.locator("#unread-chats-link")


def test_a_supervisor_watches_an_agents_chat_live_and_the_agent_counts_unread_chats(
    agent: User,
    supervisor: User,
    shop_widget: ChatWidget,
    live_lytte: str,
    new_context: NewContext,
) -> None:
    desk = live_page(
        signed_in(new_context(viewport=DESKTOP), live_lytte, agent), f"{live_lytte}/desk/chats/"
    )
    _takes_chats(desk)
    started = _customer_starts(live_lytte, shop_widget)
    desk.locator("#chat-waiting button.chat-accept").click()
    chat = Conversation.objects.get(public_id=started["conversation"])
    expect(desk.locator("#chat-transcript .from-customer")).to_have_count(1)
    desk.goto(f"{live_lytte}/desk/")  # Ingrid works on something else
    desk.locator("body[data-live=on]").wait_for(state="attached")
    expect(desk.locator("#unread-chats-link")).to_have_count(0)

    watching = live_page(
        signed_in(new_context(viewport=DESKTOP), live_lytte, supervisor),
        f"{live_lytte}/desk/chats/{chat.pk}/",
    )
    watching.locator("body[data-watching=true]").wait_for(state="attached")
    transcript = watching.locator("#chat-transcript")
    expect(transcript.locator(".from-customer")).to_have_count(1)

    _customer_says(live_lytte, started["token"], "Er dere der?")
    expect(transcript.locator(".from-customer .chat-message-body").last).to_have_text(
        "Er dere der?", timeout=LIVE
    )
    customer = _customer_page(new_context(), live_lytte, started["token"])
    customer.evaluate(SEND, {"type": "typing"})
    expect(watching.locator("#chat-typing")).to_be_visible(timeout=LIVE)
    screenshot(watching, "chat-supervisor-watching-1280")
    watching.set_viewport_size(PHONE)
    assert sideways_overflow(watching)["pixels"] <= 0, sideways_overflow(watching)
    screenshot(watching, "chat-supervisor-watching-390")

    badge = desk.locator("#unread-chats-link")
    expect(badge).to_have_attribute("data-count", "1", timeout=LIVE)
    expect(badge.locator(".unread-chats-count")).to_have_text("1")
    chat.refresh_from_db()
    assert chat.agent_read_seq == 1  # Sigrid's look is not Ingrid's reading
    screenshot(desk, "desk-unread-chats-1280")
    desk.set_viewport_size(PHONE)
    expect(badge).to_be_visible()  # in the top bar, not behind the menu button
    assert sideways_overflow(desk)["pixels"] <= 0, sideways_overflow(desk)
    screenshot(desk, "desk-unread-chats-390")

    badge.click()  # to the chat page, then the chat: read, and the count goes
    desk.locator(f"#chat-mine a[href$='/desk/chats/{chat.pk}/']").click()
    expect(desk.locator("#chat-transcript .from-customer")).to_have_count(2)
    expect(desk.locator("#unread-chats-link")).to_have_count(0, timeout=LIVE)

    _api(live_lytte, f"/chat/api/conversations/{started['token']}/end", {})
    expect(watching.locator("#chat-desk")).to_have_attribute("data-state", "ended", timeout=LIVE)
