"""The agent's side, as the desk calls it: accepting within one's capacity (and never a chat
another agent took), writing, transferring with a note, ending; each announced as an event."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.chat import events, selectors, services
from lytte.chat.models import ChatAgent, ChatWidget, Conversation, State
from lytte.chat.services import ChatError
from lytte.chat.tests.conftest import start
from lytte.platform.events import DomainEvent, subscribe, unsubscribe

pytestmark = pytest.mark.django_db

CHAT_EVENTS = (
    events.ChatWaiting,
    events.ChatMessagePosted,
    events.ChatAccepted,
    events.ChatTransferred,
    events.ChatEnded,
    events.ChatDelivered,
    events.ChatTyping,
    events.ChatRead,
)


@pytest.fixture
def heard() -> Iterator[list[DomainEvent]]:
    """The chat events delivered after commit (run the commit callbacks to hear them)."""
    seen: list[DomainEvent] = []
    for kind in CHAT_EVENTS:
        subscribe(kind)(seen.append)
    yield seen
    for kind in CHAT_EVENTS:
        unsubscribe(kind, seen.append)


def _chat(widget: ChatWidget) -> Conversation:
    start(Client(), widget)
    return Conversation.objects.order_by("-pk").first()  # type: ignore[return-value]


def test_an_agent_accepts_writes_and_ends_a_chat(
    widget: ChatWidget,
    at_desk: ChatAgent,
    agent: User,
    heard: list[DomainEvent],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        chat = _chat(widget)
        services.accept(chat, agent)
        services.post_agent_message(chat, agent, body="Hei, jeg ser på det.")
        services.agent_read(chat, agent, 1)
        services.end_conversation(chat, agent)

    chat.refresh_from_db()
    assert (chat.state, chat.agent) == (State.ENDED, agent)
    assert chat.case is not None
    assert chat.case.assignee == agent
    assert [type(e).__name__ for e in heard] == [
        "ChatMessagePosted",
        "ChatWaiting",
        "ChatDelivered",
        "ChatAccepted",
        "ChatMessagePosted",
        "ChatRead",
        "ChatEnded",
    ]
    first = chat.messages.get(seq=1)
    assert first.read_at is not None
    assert first.delivered_at is not None


def test_two_agents_cannot_both_take_a_chat(
    widget: ChatWidget, at_desk: ChatAgent, agent: User, teammate: User
) -> None:
    chat = _chat(widget)
    services.accept(chat, teammate)

    with pytest.raises(ChatError) as refused:
        services.accept(chat, agent)
    assert refused.value.code == "taken"
    with pytest.raises(PermissionDenied):
        services.post_agent_message(chat, agent, body="Hei")


def test_an_agent_takes_no_more_chats_than_their_capacity(
    widget: ChatWidget, at_desk: ChatAgent, agent: User
) -> None:
    services.declare_available(agent, available=True, capacity=1)
    first, second = _chat(widget), _chat(widget)
    assert services.accept_next(agent) == first

    with pytest.raises(ChatError) as refused:
        services.accept(second, agent)
    assert refused.value.code == "at_capacity"
    assert list(selectors.waiting_conversations(agent)) == [second]


def test_an_agent_of_another_team_does_not_see_or_take_the_chat(
    widget: ChatWidget, at_desk: ChatAgent, other_agent: User
) -> None:
    chat = _chat(widget)
    assert list(selectors.waiting_conversations(other_agent)) == []
    with pytest.raises(PermissionDenied):
        services.accept(chat, other_agent)


def test_a_transfer_to_a_team_queues_the_chat_there_with_the_note(
    widget: ChatWidget,
    at_desk: ChatAgent,
    agent: User,
    other_agent: User,
    team_helsinki: Team,
    heard: list[DomainEvent],
    django_capture_on_commit_callbacks: Any,
) -> None:
    chat = _chat(widget)
    services.accept(chat, agent)

    with django_capture_on_commit_callbacks(execute=True):
        services.transfer(chat, agent, to_team=team_helsinki, note="Gjelder strøm i Helsinki")

    chat.refresh_from_db()
    assert (chat.state, chat.agent, chat.team) == (State.WAITING, None, team_helsinki)
    assert chat.transfer_note == "Gjelder strøm i Helsinki"
    assert chat.case is not None
    assert chat.case.team == team_helsinki
    assert [type(e).__name__ for e in heard] == ["ChatTransferred", "ChatWaiting"]
    assert list(selectors.waiting_conversations(other_agent)) == [chat]
    services.accept(chat, other_agent)


def test_a_transfer_to_an_agent_gives_them_the_chat(
    widget: ChatWidget, at_desk: ChatAgent, agent: User, teammate: User
) -> None:
    chat = _chat(widget)
    services.accept(chat, agent)

    services.transfer(chat, agent, to_agent=teammate, note="Kunden vil snakke med Ola")

    chat.refresh_from_db()
    assert (chat.state, chat.agent) == (State.ACTIVE, teammate)
    services.post_agent_message(chat, teammate, body="Hei, dette er Ola.")
    with pytest.raises(PermissionDenied):
        services.post_agent_message(chat, agent, body="Jeg igjen")


def test_supervisors_see_waiting_chats_the_longest_wait_and_who_has_how_many(
    widget: ChatWidget, at_desk: ChatAgent, agent: User
) -> None:
    first, _second = _chat(widget), _chat(widget)
    services.accept(first, agent)

    figures = selectors.live_figures()

    assert (figures.waiting, figures.active, figures.active_per_agent) == (1, 1, {agent.pk: 1})
    assert figures.longest_wait_seconds is not None


def test_a_chat_whose_customer_left_long_ago_is_ended_and_leaves_the_queue(
    widget: ChatWidget, at_desk: ChatAgent, agent: User
) -> None:
    gone, here = _chat(widget), _chat(widget)
    an_hour_ago = timezone.now() - timedelta(minutes=61)
    Conversation.objects.filter(pk=gone.pk).update(waiting_since=an_hour_ago)
    gone.messages.update(sent_at=an_hour_ago)

    assert services.end_abandoned() == 1

    gone.refresh_from_db()
    here.refresh_from_db()
    assert (gone.state, here.state) == (State.ENDED, State.WAITING)
    assert list(selectors.waiting_conversations(agent)) == [here]
