"""The chat widget in a real browser, as customers meet it: on a business's own site (a plain
page served from another origin than Lytte, with CSS that would break a widget outside a Shadow
DOM) and in the help centre, against a real `lytte serve` with its WebSocket. The agent's side
is chat-core's services (what the desk calls), run in this test process: for their pushes to
reach the server's sockets, the journey's server and this process share a Redis channel layer
(skipped, loudly, without Redis). Screenshots at 1280 and 390 px in artifacts/screenshots/."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.db import connections
from playwright.sync_api import BrowserContext, Locator, Page, expect

from lytte.accounts.models import Team, User
from lytte.cases.models import Channel, Contact
from lytte.chat import services
from lytte.chat.models import ChatWidget, Conversation, Message
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.platform.tests.browser import (
    PHONE,
    own_redis_database,
    require_chromium,
    screenshot,
    serving,
    sideways_overflow,
)
from lytte.portal.tests.help_world import write
from lytte.portal.tests.sessions import signed_in_customer

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]
DESKTOP = {"width": 1280, "height": 900}
T = TypeVar("T")
# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
REDIS_URL = "redis://127.0.0.1:6379/12"  # a database of these tests' own: they flush it
# The business's own page: its CSS reaches every element it can, and must not reach the chat.
HOST_PAGE = """<!doctype html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kraftselskapet</title>
<style>
  * {{ font-size: 31px !important; font-family: serif !important; }}
  button {{ background: hotpink !important; border: 6px dashed lime !important; }}
  div, p, form {{ display: inline !important; }}
</style></head>
<body><h1>Kraftselskapet</h1><p>Strøm til hele Norden.</p>
<script src="{lytte}/chat/widget.js" data-key="{key}" async></script>
</body></html>
"""


# Content-Security-Policy violations on the portal's pages, as the browser reports them.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The business's site: a static folder on its own port (another origin than Lytte)."""
    folder = tmp_path_factory.mktemp("business-site")
    handler = functools.partial(_Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        # "localhost", not 127.0.0.1: another host as well as another port.
        yield f"http://localhost:{server.server_address[1]}", folder
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with own_redis_database(REDIS_URL, "the agent's live replies are not tested.") as url:
        yield url


@pytest.fixture(scope="module")
def shared_lytte(
    django_db_setup: None, tmp_path_factory: pytest.TempPathFactory, redis_url: str
) -> Iterator[str]:
    """A `lytte serve` on the Redis channel layer this process sends to as well."""
    require_chromium()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LYTTE_REDIS_URL", redis_url)
        with serving(tmp_path_factory.mktemp("chat-serve")) as base_url:
            yield base_url


@pytest.fixture
def shared_layer(settings: Any, redis_url: str) -> None:
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [redis_url], "prefix": "lytte"},
        }
    }


@pytest.fixture
def widget(site: tuple[str, Path], team_oslo: Team) -> ChatWidget:
    return ChatWidget.objects.create(
        name="Kraftselskapet",
        allowed_origins=site[0],
        team=team_oslo,
        colour="#ffcc00",  # a light colour: the text on it must turn dark
        greetings={"nb": "Hei! Hva lurer du på?", "fi": "Hei! Mitä haluat kysyä?"},
    )


@pytest.fixture
def present(agent: User) -> User:
    services.declare_available(agent, available=True)
    return agent


@pytest.fixture
def kari(db: None) -> Customer:
    return create_customer(name="Kari Nordmann", emails=["kari@example.no"], language="nb")


def host_page(site: tuple[str, Path], lytte: str, widget: ChatWidget, lang: str = "nb") -> str:
    base, folder = site
    (folder / f"{lang}.html").write_text(
        HOST_PAGE.format(lang=lang, lytte=lytte, key=widget.key), encoding="utf-8"
    )
    return f"{base}/{lang}.html"


def as_the_desk(work: Callable[[], T]) -> T:
    """Run the agent's side as the desk would: outside this thread, whose event loop is
    Playwright's (the services' pushes must not run inside a loop)."""

    def run() -> T:
        try:
            return work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def read_by_customer(conversation: Conversation, *, upto: int) -> None:
    """Wait until the widget has told the server the customer read up to `upto`."""
    deadline = time.monotonic() + 10
    while Conversation.objects.get(pk=conversation.pk).customer_read_seq < upto:
        assert time.monotonic() < deadline, "the widget never said the customer read it"
        time.sleep(0.1)


def chat(page: Page) -> Locator:
    return page.locator("#lytte-chat")


def customer_bubbles(page: Page) -> Locator:
    return chat(page).locator(".message.customer .text")


def test_a_customer_chats_from_the_business_site_and_a_reload_resumes_without_duplicates(
    widget: ChatWidget,
    present: User,
    site: tuple[str, Path],
    shared_lytte: str,
    shared_layer: None,
    new_context: NewContext,
) -> None:
    live_lytte = shared_lytte
    outage = write("nb", "Strømmen er borte: hva gjør jeg?", "Sjekk sikringsskapet først.")
    page = new_context(viewport=DESKTOP).new_page()
    page.goto(host_page(site, live_lytte, widget))
    launcher = chat(page).locator(".launcher")
    expect(launcher).to_have_text("Chat med oss")
    # The host's CSS does not reach inside: the button keeps its own font size and colour.
    expect(launcher).to_have_css("font-size", "16px")
    expect(launcher).to_have_css("color", "rgb(0, 0, 0)")
    screenshot(page, "chat-widget-closed-1280")

    launcher.click()
    question = chat(page).locator("#question")
    expect(question).to_be_focused()
    expect(chat(page).locator(".greeting")).to_have_text("Hei! Hva lurer du på?")
    expect(chat(page).locator(".identity.unverified")).to_be_visible()
    question.press_sequentially("Strømmen er borte", delay=20)
    suggested = chat(page).locator("#articles a")
    expect(suggested).to_have_text(["Strømmen er borte: hva gjør jeg?"])
    assert suggested.get_attribute("href") == f"{live_lytte}/help/nb/articles/{outage.slug}/"
    question.fill("Strømmen er borte på Grünerløkka")  # and yet she wants a person: one click
    chat(page).locator("#name").fill("Kari")
    screenshot(page, "chat-widget-start-1280")
    chat(page).locator("#talk").click()

    expect(customer_bubbles(page)).to_have_text(["Strømmen er borte på Grünerløkka"])
    conversation = Conversation.objects.get(widget=widget)
    assert not conversation.verified
    assert conversation.claimed_name == "Kari"
    assert conversation.customer is None

    conversation = as_the_desk(lambda: services.accept(conversation, present))
    as_the_desk(
        lambda: services.post_agent_message(conversation, present, body="Hei Kari! Jeg sjekker nå.")
    )
    agent_bubble = chat(page).locator(".message.agent .text")
    expect(agent_bubble).to_have_text(["Hei Kari! Jeg sjekker nå."])
    expect(chat(page).locator("#chat-state")).to_have_attribute("data-state", "active")
    first_state = chat(page).locator(".message.customer .delivery").first
    expect(first_state).to_have_text("Levert")  # it reached Ingrid when she took the chat
    as_the_desk(lambda: services.agent_typing(conversation, present))
    expect(chat(page).locator("#typing")).to_contain_text("Ingrid")
    read_by_customer(conversation, upto=2)  # the panel is open: she has read Ingrid's message
    as_the_desk(lambda: services.agent_read(conversation, present, 1))
    expect(first_state).to_have_text("Lest")

    composer = chat(page).locator("#composer")
    composer.fill("Takk!")
    composer.press("Enter")
    expect(customer_bubbles(page)).to_have_text(["Strømmen er borte på Grünerløkka", "Takk!"])
    expect(chat(page).locator(".message.customer").last).not_to_have_attribute(
        "data-state", "pending"
    )
    customer_messages = Message.objects.filter(conversation=conversation, sender="customer")
    assert [m.body for m in customer_messages.order_by("seq")] == [
        "Strømmen er borte på Grünerløkka",
        "Takk!",
    ]
    screenshot(page, "chat-widget-conversation-1280")

    page.reload()
    expect(chat(page).locator("#panel")).to_be_visible()  # it was open: it still is
    expect(customer_bubbles(page)).to_have_text(["Strømmen er borte på Grünerløkka", "Takk!"])
    as_the_desk(
        lambda: services.post_agent_message(
            conversation, present, body="Strømmen er tilbake om en time."
        )
    )
    expect(chat(page).locator(".message.agent .text")).to_have_text(
        ["Hei Kari! Jeg sjekker nå.", "Strømmen er tilbake om en time."]
    )
    assert customer_messages.count() == 2

    page.set_viewport_size(PHONE)
    panel = chat(page).locator("#panel")
    box = panel.bounding_box()
    assert box is not None
    assert box["width"] == PHONE["width"]  # the whole screen on a phone
    assert sideways_overflow(page)["pixels"] <= 0
    screenshot(page, "chat-widget-conversation-390")


def test_a_message_typed_while_offline_is_sent_once_when_the_network_returns(
    widget: ChatWidget,
    present: User,
    site: tuple[str, Path],
    live_lytte: str,
    new_context: NewContext,
) -> None:
    context = new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(host_page(site, live_lytte, widget))
    chat(page).locator(".launcher").click()
    chat(page).locator("#question").fill("Hvor er fakturaen min?")
    chat(page).locator("#talk").click()
    expect(customer_bubbles(page)).to_have_count(1)
    conversation = Conversation.objects.get(widget=widget)

    context.set_offline(True)
    composer = chat(page).locator("#composer")
    composer.fill("Jeg er på toget")
    composer.press("Enter")
    expect(chat(page).locator(".message.customer").last).to_have_attribute("data-state", "pending")
    context.set_offline(False)

    expect(chat(page).locator(".message.customer").last).not_to_have_attribute(
        "data-state", "pending", timeout=20_000
    )
    page.reload()
    expect(customer_bubbles(page)).to_have_text(["Hvor er fakturaen min?", "Jeg er på toget"])
    assert Message.objects.filter(conversation=conversation, body="Jeg er på toget").count() == 1


def test_when_nobody_can_chat_the_widget_says_so_and_takes_a_message_for_email(
    widget: ChatWidget,
    site: tuple[str, Path],
    live_lytte: str,
    new_context: NewContext,
) -> None:
    for screen in (DESKTOP, PHONE):
        page = new_context(viewport=screen).new_page()
        page.goto(host_page(site, live_lytte, widget))
        chat(page).locator(".launcher").click()
        expect(chat(page).locator("#unavailable")).to_have_attribute("data-reason", "nobody")
        expect(chat(page).locator("#talk")).to_have_count(0)  # no chat nobody would answer
        expect(chat(page).locator("#left-name")).to_be_focused()
        assert sideways_overflow(page)["pixels"] <= 0
        screenshot(page, f"chat-widget-unavailable-{screen['width']}")

    chat(page).locator("#left-name").fill("Liisa Virtanen")
    chat(page).locator("#left-email").fill("liisa@example.fi")
    chat(page).locator("#left-body").fill("Ring meg om fakturaen, takk.")
    chat(page).locator("#leave").click()
    expect(chat(page).locator(".done")).to_be_visible()
    contact = Contact.objects.get(body__contains="Ring meg om fakturaen")
    assert contact.channel == Channel.EMAIL
    assert contact.case is not None


@pytest.mark.parametrize(
    ("lang", "launcher", "offline"),
    [
        ("fi", "Keskustele kanssamme", "Lähetä viesti"),
        ("sv", "Chatta med oss", "Skicka meddelandet"),
    ],
)
def test_the_widget_speaks_the_language_of_the_page(
    widget: ChatWidget,
    site: tuple[str, Path],
    live_lytte: str,
    new_context: NewContext,
    lang: str,
    launcher: str,
    offline: str,
) -> None:
    widget.colour = "#1f5f8b"  # a dark colour: the text on it turns white
    widget.position = "left"
    widget.save()
    page = new_context(viewport=DESKTOP).new_page()
    page.goto(host_page(site, live_lytte, widget, lang=lang))
    expect(chat(page).locator(".launcher")).to_have_text(launcher)
    expect(chat(page).locator(".launcher")).to_have_css("color", "rgb(255, 255, 255)")
    expect(chat(page).locator(".launcher")).to_have_css("left", "16px")
    chat(page).locator(".launcher").click()
    expect(chat(page).locator("#leave")).to_have_text(offline)
    expect(chat(page).locator("#panel")).to_have_attribute("lang", lang)


def test_the_keyboard_opens_the_chat_keeps_focus_inside_and_escape_gives_it_back(
    widget: ChatWidget,
    present: User,
    site: tuple[str, Path],
    live_lytte: str,
    new_context: NewContext,
) -> None:
    page = new_context(viewport=DESKTOP).new_page()
    page.goto(host_page(site, live_lytte, widget))
    launcher = chat(page).locator(".launcher")
    expect(launcher).to_be_visible()
    page.keyboard.press("Tab")
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    panel = chat(page).locator("#panel")
    expect(panel).to_have_attribute("role", "dialog")
    expect(chat(page).locator("#question")).to_be_focused()

    for _ in range(12):  # round and round: focus never leaves the open chat
        page.keyboard.press("Tab")
        assert page.evaluate(
            "() => document.activeElement.id === 'lytte-chat'"
            " && !!document.activeElement.shadowRoot.activeElement"
        )
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(launcher).to_be_focused()


def test_a_signed_in_customer_chats_verified_from_the_help_centre(
    widget: ChatWidget,
    present: User,
    kari: Customer,
    live_lytte: str,
    new_context: NewContext,
) -> None:
    context = signed_in_customer(new_context(viewport=DESKTOP), live_lytte, kari)
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.goto(f"{live_lytte}/help/nb/")
    expect(chat(page).locator(".launcher")).to_be_visible()
    screenshot(page, "chat-widget-portal-1280")
    page.set_viewport_size(PHONE)
    page.locator("#portal-chat-open").click()
    expect(chat(page).locator(".identity.verified")).to_contain_text("Kari Nordmann")
    expect(chat(page).locator("#email")).to_have_count(0)  # nothing to claim: we know her
    chat(page).locator("#question").fill("Kan jeg endre fakturaadressen?")
    screenshot(page, "chat-widget-portal-390")
    chat(page).locator("#talk").click()
    expect(customer_bubbles(page)).to_have_count(1)
    chat(page).locator("#transcript").click()
    expect(chat(page).locator(".notice")).to_have_text(
        "Samtalen er på vei til e-posten din."  # to the address Lytte knows, not a typed one
    )
    chat(page).locator("#end").click()
    expect(chat(page).locator("#new-chat")).to_be_visible()
    expect(chat(page).locator("#composer")).to_be_hidden()

    assert page.evaluate("window.__violations") == []  # the portal's own policy holds
    conversation = Conversation.objects.get(widget=widget)
    assert conversation.verified
    assert conversation.customer == kari
    assert conversation.state == "ended"


def test_a_customer_sends_a_picture_and_the_widget_refuses_other_files_itself(
    widget: ChatWidget,
    present: User,
    site: tuple[str, Path],
    live_lytte: str,
    new_context: NewContext,
) -> None:
    page = new_context(viewport=DESKTOP).new_page()
    page.goto(host_page(site, live_lytte, widget))
    chat(page).locator(".launcher").click()
    chat(page).locator("#question").fill("Se på måleren")
    chat(page).locator("#talk").click()
    expect(customer_bubbles(page)).to_have_count(1)

    files = chat(page).locator("#file")
    files.set_input_files(
        files=[
            {
                "name": "virus.exe",
                "mimeType": "application/x-msdownload",
                "buffer": b"MZ" + bytes(64),
            }
        ]
    )
    expect(chat(page).locator("#chat-error")).not_to_be_empty()
    files.set_input_files(files=[{"name": "maler.png", "mimeType": "image/png", "buffer": PNG}])

    picture = chat(page).locator(".message.customer img")
    expect(picture).to_have_attribute("alt", "maler.png")
    expect(picture).to_have_js_property("complete", True)
    assert picture.evaluate("img => img.naturalWidth") == 1  # loaded from Lytte on this site
    sent = Message.objects.get(attachment_name="maler.png")
    assert sent.attachment_type == "image/png"
    assert not Message.objects.filter(attachment_name="virus.exe").exists()


def test_a_site_the_widget_does_not_list_gets_no_chat_button(
    widget: ChatWidget,
    present: User,
    site: tuple[str, Path],
    live_lytte: str,
    new_context: NewContext,
) -> None:
    widget.allowed_origins = "https://www.kraftselskapet.no"
    widget.save()
    page = new_context(viewport=DESKTOP).new_page()
    with page.expect_console_message(lambda message: "Lytte chat" in message.text) as warning:
        page.goto(host_page(site, live_lytte, widget))

    assert "allowed origins" in warning.value.text  # for the site's developer
    expect(chat(page).locator(".launcher")).to_be_hidden()


def test_a_signed_in_customer_leaves_a_message_as_herself_when_nobody_can_chat(
    widget: ChatWidget,
    kari: Customer,
    live_lytte: str,
    new_context: NewContext,
) -> None:
    page = signed_in_customer(new_context(viewport=PHONE), live_lytte, kari).new_page()
    page.goto(f"{live_lytte}/help/nb/")
    page.locator("#portal-chat-open").click()
    expect(chat(page).locator("#unavailable")).to_have_attribute("data-reason", "nobody")
    expect(chat(page).locator(".identity.verified")).to_contain_text("Kari Nordmann")
    expect(chat(page).locator("#left-email")).to_have_count(0)
    expect(chat(page).locator("#left-body")).to_be_focused()
    page.keyboard.type("Kan dere ringe meg i morgen?")
    chat(page).locator("#leave").click()
    expect(chat(page).locator(".done")).to_be_visible()

    contact = Contact.objects.get(body__contains="Kan dere ringe meg i morgen?")
    assert contact.customer == kari
