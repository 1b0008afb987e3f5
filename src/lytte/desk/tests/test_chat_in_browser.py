"""Live chat from the agent's desk, in a real browser against a real `lytte serve`: a chat a
customer starts through the chat's HTTP API appears on the desk without a reload, the agent
accepts and answers (Enter sends), the customer's next message appears live, and the chat ends
only with a contact reason. Screenshots at 1280 and 390 px go to artifacts/screenshots/."""

from __future__ import annotations

import json
import urllib.request
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from lytte.accounts.models import Team, User
from lytte.cases.tests.factories import reason
from lytte.chat.models import ChatWidget, Conversation, State
from lytte.desk.models import CannedAnswer
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
LIVE = 5_000  # ms a push may take to show


@pytest.fixture
def shop_widget(team_oslo: Team) -> ChatWidget:
    CannedAnswer.objects.create(language="nb", title="Hilsen", body="Takk for at du venter!")
    return ChatWidget.objects.create(name="Nettbutikken", team=team_oslo)


def _api(base_url: str, path: str, data: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(  # noqa: S310 -- our own server, over http
        f"{base_url}{path}",
        data=json.dumps(data).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return dict(json.loads(response.read() or b"{}"))


def _customer_starts(base_url: str, widget: ChatWidget) -> dict[str, Any]:
    return _api(
        base_url,
        f"/chat/api/{widget.key}/conversations",
        {
            "client_id": uuid.uuid4().hex,
            "message": "Hei, fakturaen min for mars er trukket to ganger",
            "name": "Kari",
            "email": "kari@example.no",
            "language": "nb",
            "page_url": "https://shop.example.no/min-side/faktura",
        },
    )


def _customer_says(base_url: str, token: str, body: str) -> None:
    path = f"/chat/api/conversations/{token}/messages"
    _api(base_url, path, {"client_id": uuid.uuid4().hex, "body": body})


LISTEN = """(token) => new Promise((resolve, reject) => {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const socket = new WebSocket(scheme + location.host + "/ws/chat/?after=0&token=" + token);
  window.customerSocket = socket;
  socket.onmessage = (event) => {
    const heard = JSON.parse(event.data), item = document.createElement("p");
    item.className = "heard";
    item.dataset.type = heard.type;
    item.textContent = JSON.stringify(heard);
    document.body.appendChild(item);
  };
  socket.onopen = () => resolve(true);
  socket.onerror = () => reject(new Error("no socket"));
})"""
SEND = "(message) => window.customerSocket.send(JSON.stringify(message))"
UPLOAD = """async (token) => {
  const canvas = document.createElement("canvas");
  canvas.width = 40; canvas.height = 30;
  canvas.getContext("2d").fillRect(0, 0, 40, 30);
  const png = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  const form = new FormData();
  form.append("file", png, "skjermbilde.png");
  form.append("client_id", "upload-" + Date.now());
  const answer = await fetch("/chat/api/conversations/" + token + "/attachments",
                             { method: "POST", body: form });
  return answer.status;
}"""


def _customer_page(context: BrowserContext, base_url: str, token: str) -> Page:
    """The customer's side as a mobile app would have it: the chat's own socket, from a page of
    this site (the widget's default origin), each thing heard written into the page."""
    page = context.new_page()
    page.goto(f"{base_url}/login/")
    page.evaluate(LISTEN, token)
    return page


def _takes_chats(page: Page) -> None:
    """Tick "I take chats" (htmx saves it) and wait for the saved panel."""
    with page.expect_response(lambda r: "/desk/chats/availability/" in r.url):
        page.locator("#chat-available").check()
    expect(page.locator("#chat-available")).to_be_checked()


def test_an_agent_takes_a_chat_live_answers_and_ends_it_with_a_reason(
    agent: User, shop_widget: ChatWidget, live_lytte: str, new_context: NewContext
) -> None:
    desk = live_page(signed_in(new_context(), live_lytte, agent), f"{live_lytte}/desk/chats/")
    _takes_chats(desk)
    expect(desk.locator("#chat-waiting-count")).to_have_text("0")

    started = _customer_starts(live_lytte, shop_widget)  # from outside the browser

    row = desk.locator("#chat-waiting .chat-row")
    expect(row).to_have_count(1, timeout=LIVE)
    expect(row.locator(".chat-who.unverified")).to_contain_text("Kari")
    expect(row).to_contain_text("shop.example.no/min-side/faktura")
    expect(desk.locator("#chat-notice")).not_to_be_empty()
    screenshot(desk, "chat-queue")

    row.locator("button.chat-accept").click()
    chat = Conversation.objects.get(public_id=started["conversation"])
    expect(desk).to_have_url(f"{live_lytte}/desk/chats/{chat.pk}/")
    transcript = desk.locator("#chat-transcript")
    expect(transcript.locator(".from-customer")).to_contain_text("trukket to ganger")

    composer = desk.locator("#chat-body")
    expect(composer).to_be_focused()
    desk.locator("#chat-canned").select_option(index=1)  # a canned answer, then more text
    composer.press("Shift+Enter")
    composer.type("Jeg ser på fakturaen nå.")
    composer.press("Enter")
    expect(transcript.locator(".from-agent")).to_contain_text("Takk for at du venter!")
    expect(composer).to_have_value("")
    stored = chat.messages.filter(sender="agent").get()
    assert stored.body == "Takk for at du venter!\nJeg ser på fakturaen nå."

    customer = _customer_page(new_context(), live_lytte, started["token"])
    customer.evaluate(SEND, {"type": "typing"})  # typing, both ways
    expect(desk.locator("#chat-typing")).to_be_visible(timeout=LIVE)
    composer.type("Et øyeblikk")
    expect(customer.locator(".heard[data-type=typing]").first).to_be_attached(timeout=LIVE)
    composer.fill("")
    customer.evaluate(SEND, {"type": "read", "seq": stored.seq})  # read receipts
    receipt = transcript.locator(f"[data-seq='{stored.seq}'] .chat-receipt")
    expect(receipt).to_have_attribute("data-receipt", "read", timeout=LIVE)

    _customer_says(live_lytte, started["token"], "Supert, takk!")  # over HTTP, shown live
    last_word = transcript.locator(".from-customer .chat-message-body").last
    expect(last_word).to_have_text("Supert, takk!", timeout=LIVE)
    expect(desk.locator("#chat-typing")).to_be_hidden()
    assert customer.evaluate(UPLOAD, started["token"]) == 201  # a picture, shown as one
    expect(transcript.locator(".chat-attachment img")).to_be_visible(timeout=LIVE)
    screenshot(desk, "chat-conversation")

    # The reason picker is the workspace's: suggestions for the chat's text (a sure one is
    # chosen, decision 14), frequent reasons, and a finder; the agent picks their own.
    desk.locator("#reason-q").fill("invoice")
    desk.locator(f"#reason-matches input[value='{reason('invoice').pk}']").check()
    desk.locator("#chat-end-submit").click()

    expect(desk).to_have_url(f"{live_lytte}/desk/chats/")
    chat.refresh_from_db()
    assert chat.state == State.ENDED
    assert chat.case is not None
    assert chat.contact is not None
    chat.contact.refresh_from_db()
    assert chat.contact.reason == reason("invoice")
    assert "Supert, takk!" in chat.contact.body


def test_the_chat_view_fits_a_phone(
    agent: User, shop_widget: ChatWidget, live_lytte: str, new_context: NewContext
) -> None:
    context = signed_in(new_context(viewport=PHONE), live_lytte, agent)
    desk = live_page(context, f"{live_lytte}/desk/chats/")
    _takes_chats(desk)
    _customer_starts(live_lytte, shop_widget)
    expect(desk.locator("#chat-waiting .chat-row")).to_have_count(1, timeout=LIVE)
    assert sideways_overflow(desk)["pixels"] <= 0, sideways_overflow(desk)
    screenshot(desk, "chat-queue-phone")

    desk.locator("#chat-waiting button.chat-accept").click()
    expect(desk.locator("#chat-transcript .from-customer")).to_have_count(1)
    assert sideways_overflow(desk)["pixels"] <= 0, sideways_overflow(desk)
    screenshot(desk, "chat-conversation-phone")
