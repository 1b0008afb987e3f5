"""The chat widget against a `lytte serve` that goes away: the server restarts in the middle of
a chat, and the widget on the business's site resumes without losing or duplicating a message
(the agent's answer written while the server was down, the customer's message typed then).
And identity as the agent meets it: a chat from a host page with the business's signed token
is verified in the desk, one from a page without it is not, whatever name and address were
typed. The agent's side runs in this process through the chat's services and shares a Redis
channel layer with the server (skipped, loudly, without Redis). Screenshots at 1280 and 390 px
in artifacts/screenshots/."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import jwt
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from lytte.accounts.models import Team, User
from lytte.cases.models import Contact
from lytte.chat import services
from lytte.chat.models import ChatWidget, Conversation, Message
from lytte.chat.tests.conftest import IDENTITY_SECRET
from lytte.chat.tests.test_widget_in_browser import (  # noqa: F401 -- `site` is a fixture
    as_the_desk,
    chat,
    customer_bubbles,
    site,
)
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.platform.tests.browser import (
    PHONE,
    live_page,
    own_redis_database,
    require_chromium,
    screenshot,
    serving,
    sideways_overflow,
    signed_in,
)
from lytte.platform.tests.live_server import free_port

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]
DESKTOP = {"width": 1280, "height": 900}
REDIS_URL = "redis://127.0.0.1:6379/13"  # a database of this module's own: it flushes it
BACK = 40_000  # ms the widget may take to find the server again (its backoff doubles)
HOST_PAGE = """<!doctype html>
<html lang="nb">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kraftselskapet</title></head>
<body><h1>Kraftselskapet</h1><p>Min side.</p>
<script src="{lytte}/chat/widget.js" data-key="{key}"{token} async></script>
</body></html>
"""


class Server:
    """A `lytte serve` that can stop and start again on the same port (its clients' address)."""

    def __init__(self, data_dir: Path, env: dict[str, str]) -> None:
        self.data_dir, self.env, self.port = data_dir, env, free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._running: ExitStack | None = None

    def start(self) -> None:
        stack = ExitStack()
        stack.enter_context(serving(self.data_dir, self.port, **self.env))
        self._running = stack

    def stop(self) -> None:
        if self._running is not None:
            self._running.close()  # Ctrl-C: its sockets close, as in a deploy
            self._running = None


@pytest.fixture
def redis_url() -> Iterator[str]:
    with own_redis_database(REDIS_URL, "a restart mid-chat is not tested.") as url:
        yield url


@pytest.fixture
def server(
    django_db_setup: None, tmp_path: Path, redis_url: str, settings: Any
) -> Iterator[Server]:
    """The server, on the Redis channel layer this process sends to as well."""
    require_chromium()
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [redis_url], "prefix": "lytte"},
        }
    }
    env = {"LYTTE_REDIS_URL": redis_url, "LYTTE_PORTAL_IDENTITY_SECRET": IDENTITY_SECRET}
    lytte = Server(tmp_path, env)
    lytte.start()
    try:
        yield lytte
    finally:
        lytte.stop()


@pytest.fixture
def widget(site: tuple[str, Path], team_oslo: Team) -> ChatWidget:  # noqa: F811
    return ChatWidget.objects.create(
        name="Kraftselskapet",
        allowed_origins=site[0],
        team=team_oslo,
        greetings={"nb": "Hei! Hva lurer du på?"},
    )


@pytest.fixture
def present(agent: User) -> User:
    services.declare_available(agent, available=True)
    return agent


@pytest.fixture
def kari(db: None) -> Customer:
    return create_customer(name="Kari Nordmann", emails=["kari@example.no"], language="nb")


def signed_token(email: str) -> str:
    """What the business's own site signs for its signed-in customer (decision 33)."""
    now = int(time.time())
    claims = {"email": email, "iat": now, "exp": now + 300, "jti": uuid.uuid4().hex}
    return jwt.encode(claims, IDENTITY_SECRET, algorithm="HS256")


def host_page(
    site: tuple[str, Path],  # noqa: F811
    lytte: str,
    widget: ChatWidget,
    name: str,
    token: str | None = None,
) -> str:
    base, folder = site
    attribute = f' data-identity-token="{token}"' if token else ""
    page = HOST_PAGE.format(lytte=lytte, key=widget.key, token=attribute)
    (folder / f"{name}.html").write_text(page, encoding="utf-8")
    return f"{base}/{name}.html"


def start_chat(page: Page, question: str, name: str = "", email: str = "") -> None:
    chat(page).locator(".launcher").click()
    chat(page).locator("#question").fill(question)
    if name:
        chat(page).locator("#name").fill(name)
    if email:
        chat(page).locator("#email").fill(email)
    chat(page).locator("#talk").click()
    expect(customer_bubbles(page)).to_have_count(1)


def test_the_server_restarts_mid_chat_and_the_widget_resumes_without_loss_or_duplicates(
    widget: ChatWidget,
    present: User,
    site: tuple[str, Path],  # noqa: F811
    server: Server,
    new_context: NewContext,
) -> None:
    page = new_context(viewport=PHONE).new_page()
    page.goto(host_page(site, server.base_url, widget, "restart"))
    start_chat(page, "Strømmen går hele tiden")
    conversation = Conversation.objects.get(widget=widget)
    conversation = as_the_desk(lambda: services.accept(conversation, present))
    as_the_desk(lambda: services.post_agent_message(conversation, present, body="Jeg sjekker."))
    agent_says = chat(page).locator(".message.agent .text")
    expect(agent_says).to_have_text(["Jeg sjekker."])  # live, through the server's socket

    server.stop()
    as_the_desk(  # written while the server is down: no socket hears it
        lambda: services.post_agent_message(conversation, present, body="Det er en feil i nettet.")
    )
    composer = chat(page).locator("#composer")
    composer.fill("Er dere der fortsatt?")
    composer.press("Enter")
    pending = chat(page).locator(".message.customer").last
    expect(pending).to_have_attribute("data-state", "pending")
    screenshot(page, "chat-widget-server-down-390")
    server.start()

    expect(agent_says).to_have_text(["Jeg sjekker.", "Det er en feil i nettet."], timeout=BACK)
    expect(pending).not_to_have_attribute("data-state", "pending", timeout=BACK)
    # The socket is back, not only the polling: a new answer arrives live.
    as_the_desk(lambda: services.post_agent_message(conversation, present, body="Fikset nå."))
    expect(agent_says).to_have_text(
        ["Jeg sjekker.", "Det er en feil i nettet.", "Fikset nå."], timeout=BACK
    )
    expected = ["Strømmen går hele tiden", "Er dere der fortsatt?"]
    expect(customer_bubbles(page)).to_have_text(expected)
    screenshot(page, "chat-widget-after-restart-390")

    stored = Message.objects.filter(conversation=conversation).order_by("seq")
    assert [(m.seq, m.sender, m.body) for m in stored] == [
        (1, "customer", "Strømmen går hele tiden"),
        (2, "agent", "Jeg sjekker."),
        (3, "agent", "Det er en feil i nettet."),
        (4, "customer", "Er dere der fortsatt?"),
        (5, "agent", "Fikset nå."),
    ]
    page.reload()  # and what it kept is what the server has, once each
    expect(customer_bubbles(page)).to_have_text(expected)
    expect(agent_says).to_have_text(["Jeg sjekker.", "Det er en feil i nettet.", "Fikset nå."])


def _desk_row(desk: Page, conversation: Conversation) -> Any:
    return desk.locator(f"#chat-waiting .chat-row[data-chat='{conversation.pk}']")


def test_the_agent_sees_a_chat_with_the_sites_signed_token_as_verified_and_one_without_not(
    widget: ChatWidget,
    present: User,
    kari: Customer,
    site: tuple[str, Path],  # noqa: F811
    server: Server,
    new_context: NewContext,
) -> None:
    context = signed_in(new_context(viewport=DESKTOP), server.base_url, present)
    desk = live_page(context, f"{server.base_url}/desk/chats/")

    signed_page = new_context(viewport=DESKTOP).new_page()
    signed_page.goto(
        host_page(site, server.base_url, widget, "signed", signed_token("kari@example.no"))
    )
    chat(signed_page).locator(".launcher").click()
    # Before the chat starts the widget already says who the token signs in (nothing spent).
    expect(chat(signed_page).locator(".identity.verified")).to_contain_text("Kari Nordmann")
    expect(chat(signed_page).locator("#name")).to_have_count(0)
    chat(signed_page).locator("#question").fill("Hvorfor er fakturaen min så høy?")
    chat(signed_page).locator("#talk").click()
    expect(customer_bubbles(signed_page)).to_have_count(1)
    signed = Conversation.objects.get(widget=widget)
    # Someone else types Kari's name and address on a page without the token: a claim only.
    claim_page = new_context(viewport=PHONE).new_page()
    claim_page.goto(host_page(site, server.base_url, widget, "claim"))
    start_chat(claim_page, "Endre kontonummeret mitt", "Kari Nordmann", "kari@example.no")
    claimed = Conversation.objects.exclude(pk=signed.pk).get(widget=widget)
    assert (signed.verified, signed.customer) == (True, kari)
    assert (claimed.verified, claimed.customer) == (False, None)

    expect(_desk_row(desk, signed).locator(".chat-who")).to_have_text(
        "Kari Nordmann", timeout=5_000
    )
    expect(_desk_row(desk, signed).locator(".chat-who")).not_to_have_class("unverified")
    expect(_desk_row(desk, claimed).locator(".chat-who.unverified")).to_be_visible(timeout=5_000)
    screenshot(desk, "chat-queue-verified-and-not-1280")

    desk.goto(f"{server.base_url}/desk/chats/{signed.pk}/")
    expect(desk.locator(".chat-head .tag.verified")).to_be_visible()
    expect(desk.locator(".chat-head .tag.unverified")).to_have_count(0)
    expect(desk.locator(".chat-case")).to_contain_text("Kari Nordmann")  # her case, her history
    screenshot(desk, "chat-verified-1280")

    desk.set_viewport_size(PHONE)
    desk.goto(f"{server.base_url}/desk/chats/{claimed.pk}/")
    expect(desk.locator(".chat-head .tag.unverified")).to_be_visible()
    expect(desk.locator(".chat-head .tag.verified")).to_have_count(0)
    expect(desk.locator("#chat-title")).not_to_have_text("Kari Nordmann")  # a claim, said so
    assert sideways_overflow(desk)["pixels"] <= 0, sideways_overflow(desk)
    screenshot(desk, "chat-unverified-390")


def test_a_message_left_from_a_page_with_the_sites_signed_token_is_hers(
    widget: ChatWidget,
    kari: Customer,
    site: tuple[str, Path],  # noqa: F811
    server: Server,
    new_context: NewContext,
) -> None:
    """Nobody can chat, so the widget takes a message for email: the page's token says who
    wrote it, and the widget asks for no name or address."""
    page = new_context(viewport=PHONE).new_page()
    page.goto(host_page(site, server.base_url, widget, "left", signed_token("kari@example.no")))
    chat(page).locator(".launcher").click()
    expect(chat(page).locator("#unavailable")).to_have_attribute("data-reason", "nobody")
    expect(chat(page).locator(".identity.verified")).to_contain_text("Kari Nordmann")
    expect(chat(page).locator("#left-name")).to_have_count(0)  # the token says who she is
    chat(page).locator("#left-body").fill("Ring meg om fakturaen, takk.")
    chat(page).locator("#leave").click()
    expect(chat(page).locator(".done")).to_be_visible()

    contact = Contact.objects.get(body__contains="Ring meg om fakturaen")
    assert contact.customer == kari
