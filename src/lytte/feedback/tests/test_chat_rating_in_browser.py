"""A customer ends a chat on a business's own site and rates it in the widget on a 390 px
phone, with the keyboard, against a real `lytte serve`; the agent finds the rating among the
answers on /desk/feedback/ (decision 47)."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import BrowserContext, expect

from lytte.accounts.models import Team, User
from lytte.cases.models import Channel
from lytte.chat import services as chat
from lytte.chat.models import ChatWidget, Conversation
from lytte.feedback.models import AskedBy, Survey
from lytte.platform.tests.browser import PHONE, screenshot, sideways_overflow, signed_in

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]
PAGE = """<!doctype html><html lang="nb"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Butikken</title></head>
<body><h1>Butikken</h1>
<script src="{lytte}/chat/widget.js" data-key="{key}" async></script></body></html>
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The business's own site, on another origin than Lytte."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp_path))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://localhost:{server.server_address[1]}", tmp_path
    finally:
        server.shutdown()
        server.server_close()


def as_the_desk(work: Callable[[], object]) -> object:
    """The agent's side, outside Playwright's event loop (as the desk would run it)."""

    def run() -> object:
        try:
            return work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def test_the_customer_ends_a_chat_and_rates_it_and_the_agent_sees_it(
    site: tuple[str, Path],
    team_oslo: Team,
    agent: User,
    live_lytte: str,
    new_context: NewContext,
) -> None:
    chat.declare_available(agent, available=True)
    widget = ChatWidget.objects.create(name="Butikken", team=team_oslo, allowed_origins=site[0])
    (site[1] / "shop.html").write_text(PAGE.format(lytte=live_lytte, key=widget.key))
    page = new_context(viewport=PHONE).new_page()
    page.goto(f"{site[0]}/shop.html")
    widget_root = page.locator("#lytte-chat")
    widget_root.locator(".launcher").click()
    widget_root.locator("#question").fill("Hvor er pakken min?")
    widget_root.locator("#talk").click()
    expect(widget_root.locator(".message.customer .text")).to_have_text(["Hvor er pakken min?"])
    deadline = time.monotonic() + 10
    while not Conversation.objects.filter(widget=widget).exists():
        assert time.monotonic() < deadline
        time.sleep(0.1)
    conversation = Conversation.objects.get(widget=widget)
    as_the_desk(lambda: chat.accept(conversation, agent))

    widget_root.locator("#end").click()

    rating = widget_root.locator("#rate")
    expect(rating).to_be_visible()
    expect(rating.locator("legend")).not_to_be_empty()
    expect(widget_root.locator("#rate-1")).to_have_attribute(
        "aria-label", "1 av 5, svært misfornøyd"
    )
    widget_root.locator("#rate-3 + span").click()
    page.keyboard.press("ArrowRight")  # a radio group: the arrow moves the choice
    expect(widget_root.locator("#rate-4")).to_be_checked()
    widget_root.locator("#rate-comment").fill("Rask og hyggelig hjelp.")
    widget_root.locator("#rate-send").click()
    expect(widget_root.locator("#rate-thanks")).to_have_text("Takk for vurderingen!")
    assert sideways_overflow(page)["pixels"] <= 0, sideways_overflow(page)
    screenshot(page, "chat-rating-390")

    survey = Survey.objects.get(case=conversation.case)
    assert (survey.score, survey.comment) == (4, "Rask og hyggelig hjelp.")
    assert (survey.sent_by, survey.channel, survey.agent_id) == (
        AskedBy.CHAT,
        Channel.CHAT,
        agent.pk,
    )

    desk = signed_in(new_context(viewport=PHONE), live_lytte, agent).new_page()
    desk.goto(f"{live_lytte}/desk/feedback/")
    expect(desk.locator("#feedback-answers")).to_contain_text("Rask og hyggelig hjelp.")
