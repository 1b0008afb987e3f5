"""The widget offers a chat only when someone will answer: open by its hours, an agent present
(available and at an open desk), and a queue shorter than its limit; otherwise it says why."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone, translation

from lytte.accounts.models import User
from lytte.chat import hours, selectors, services
from lytte.chat.models import ChatAgent, ChatWidget, Conversation
from lytte.chat.tests.conftest import start

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
TUESDAY_NOON = datetime(2026, 12, 1, 12, 0, tzinfo=OSLO)
SATURDAY_NIGHT = datetime(2026, 12, 5, 23, 30, tzinfo=OSLO)


def test_opening_hours_are_read_from_a_few_lines() -> None:
    text = "mon-fri 08:00-16:00\nsat 10:00-14:00"
    assert hours.is_open(text, TUESDAY_NOON)
    assert not hours.is_open(text, SATURDAY_NIGHT)
    assert not hours.is_open(text, TUESDAY_NOON.replace(hour=16))
    assert hours.is_open("", SATURDAY_NIGHT)  # no hours: always open
    assert hours.is_open("fri-mon 20:00-24:00", SATURDAY_NIGHT)  # over the weekend
    with translation.override("nb"):
        assert hours.describe(text)[0].startswith("man")


@pytest.mark.parametrize("bad", ["monday 8-16", "mon 16:00-08:00", "xyz 08:00-09:00"])
def test_unreadable_hours_are_refused_and_count_as_closed(bad: str) -> None:
    with pytest.raises(ValueError, match=r"cannot read|impossible|unknown day"):
        hours.parse(bad)
    assert not hours.is_open(bad, TUESDAY_NOON)


def test_outside_opening_hours_the_widget_is_closed(widget: ChatWidget, at_desk: ChatAgent) -> None:
    widget.opening_hours = "mon-fri 08:00-16:00"
    widget.save()

    assert selectors.availability(widget, TUESDAY_NOON).available
    closed = selectors.availability(widget, SATURDAY_NIGHT)
    assert (closed.available, closed.reason) == (False, "closed")
    assert len(closed.opening_hours) == 1


def test_with_no_agent_at_an_open_desk_nobody_can_answer(
    widget: ChatWidget, agent: User, other_agent: User
) -> None:
    assert selectors.availability(widget).reason == "nobody"
    services.declare_available(other_agent, available=True)  # Helsinki: not this team's widget
    assert selectors.availability(widget).reason == "nobody"
    services.declare_available(agent, available=True)
    assert selectors.availability(widget).available
    ChatAgent.objects.filter(user=agent).update(last_seen=timezone.now() - timedelta(minutes=5))
    assert selectors.availability(widget).reason == "nobody"  # her desk stopped beating
    services.heartbeat(agent)
    assert selectors.availability(widget).available
    services.declare_available(agent, available=False)
    assert selectors.availability(widget).reason == "nobody"


def test_a_full_queue_refuses_new_chats_and_the_widget_says_so(
    widget: ChatWidget, at_desk: ChatAgent
) -> None:
    for _ in range(widget.max_queue):
        assert start(Client(), widget).status_code == 201

    status = Client().get(f"/chat/api/{widget.key}/status?lang=nb").json()
    assert (status["available"], status["reason"]) == (False, "queue_full")
    refused = start(Client(), widget)
    assert (refused.status_code, refused.json()["code"]) == (409, "unavailable")
    assert Conversation.objects.count() == widget.max_queue


def test_the_expected_wait_comes_from_the_last_accepted_chats(
    widget: ChatWidget, at_desk: ChatAgent, agent: User
) -> None:
    assert selectors.availability(widget).expected_wait_seconds is None  # nothing to go by
    start(Client(), widget)
    chat = Conversation.objects.get()
    Conversation.objects.filter(pk=chat.pk).update(
        waiting_since=timezone.now() - timedelta(seconds=90)
    )
    services.accept(chat, agent)
    start(Client(), widget)  # one waiting now

    wait = selectors.availability(widget).expected_wait_seconds
    assert wait is not None
    assert 85 <= wait <= 95


def test_the_status_tells_the_widget_everything_it_shows(
    widget: ChatWidget, at_desk: ChatAgent
) -> None:
    status = Client().get(f"/chat/api/{widget.key}/status?lang=nb").json()
    assert status == {
        "name": "Nettbutikken",
        "available": True,
        "reason": None,
        "expected_wait_seconds": None,
        "opening_hours": [],
        "special_days": [],
        "greeting": "Hei! Hva kan vi hjelpe deg med?",
        "colour": "#1f5f8b",
        "position": "right",
        "verified_name": None,
        "max_attachment_bytes": 5 * 1024 * 1024,
    }
    assert Client().get("/chat/api/no-such-widget/status").status_code == 404
