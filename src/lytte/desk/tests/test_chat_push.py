"""Open desks hear of chats over their own socket (ids only; the desk fetches the rest): a
waiting chat reaches its team's desks and not another team's agent; the customer's messages
and typing reach the agent in the chat."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.chat.models import ChatAgent, ChatWidget, Conversation
from lytte.chat.services import accept, customer_typing, token_for
from lytte.chat.tests.conftest import say, start
from lytte.desk.consumers import DeskConsumer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _desk(user: User) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(DeskConsumer.as_asgi(), "/ws/desk/")
    communicator.scope["user"] = user
    return communicator


async def _chat_events(desk: WebsocketCommunicator, count: int) -> list[dict[str, Any]]:
    """The next `count` chat events the desk hears (case events, also pushed, left aside)."""
    heard: list[dict[str, Any]] = []
    while len(heard) < count:
        message = await desk.receive_json_from(timeout=5)
        if message["event"] == "chat":
            heard.append(message)
    return heard


def _start(widget: ChatWidget) -> Conversation:
    answer = start(Client(), widget)
    return Conversation.objects.get(public_id=answer.json()["conversation"])


def test_a_waiting_chat_reaches_its_teams_desks_only(
    agent: User, other_agent: User, team_oslo: Team
) -> None:
    widget = ChatWidget.objects.create(name="Nettbutikken", team=team_oslo)
    ChatAgent.objects.create(user=agent, available=True, last_seen=timezone.now())

    async def scenario() -> tuple[list[dict[str, Any]], int, bool]:
        oslo, helsinki = _desk(agent), _desk(other_agent)
        for desk in (oslo, helsinki):
            assert (await desk.connect())[0]
        chat = await sync_to_async(_start)(widget)
        heard = await _chat_events(oslo, 2)  # its first message, and that it waits
        nothing = await helsinki.receive_nothing(timeout=0.5)
        for desk in (oslo, helsinki):
            await desk.disconnect()
        return heard, chat.pk, nothing

    heard, chat_id, helsinki_heard_nothing = async_to_sync(scenario)()
    assert [(m["what"], m["conversation"]) for m in heard] == [
        ("message", chat_id),
        ("waiting", chat_id),
    ]
    assert helsinki_heard_nothing


def test_the_agent_in_the_chat_hears_the_customer_write_and_type(
    agent: User, team_oslo: Team
) -> None:
    widget = ChatWidget.objects.create(name="Nettbutikken", team=team_oslo)
    ChatAgent.objects.create(user=agent, available=True, last_seen=timezone.now())
    chat = _start(widget)
    accept(chat, agent)

    async def scenario() -> list[dict[str, Any]]:
        desk = _desk(agent)
        assert (await desk.connect())[0]
        await sync_to_async(say)(Client(), token_for(chat), "Er dere der?")
        await sync_to_async(customer_typing)(chat)
        heard = await _chat_events(desk, 2)
        await desk.disconnect()
        return heard

    heard = async_to_sync(scenario)()
    assert [(m["what"], m.get("sender")) for m in heard] == [
        ("message", "customer"),
        ("typing", None),
    ]
    assert heard[0]["seq"] == 2
