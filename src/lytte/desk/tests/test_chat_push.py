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
from lytte.chat.services import (
    accept,
    customer_read,
    customer_typing,
    end_conversation,
    token_for,
)
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


async def _more_chat_events(desk: WebsocketCommunicator) -> list[dict[str, Any]]:
    """The chat events still to come, until the socket is quiet."""
    heard = []
    while not await desk.receive_nothing(timeout=0.3):
        message = await desk.receive_json_from(timeout=1)
        if message["event"] == "chat":
            heard.append(message)
    return heard


async def _watch(desk: WebsocketCommunicator, conversation_id: int) -> dict[str, Any]:
    """Ask the desk's socket to watch a chat; the answer (case events left aside)."""
    await desk.send_json_to({"watch": conversation_id})
    while True:
        answer = await desk.receive_json_from(timeout=5)
        if answer["event"] == "watching":
            return answer


def test_a_supervisor_watching_an_agents_chat_hears_it_live(
    agent: User, supervisor: User, team_oslo: Team
) -> None:
    """Sigrid opens Ingrid's chat: the customer's messages, typing and reading, and the chat's
    end reach her desk (ids only), each once; Ingrid's own desk hears each once too."""
    widget = ChatWidget.objects.create(name="Nettbutikken", team=team_oslo)
    ChatAgent.objects.create(user=agent, available=True, last_seen=timezone.now())
    chat = _start(widget)
    accept(chat, agent)

    async def scenario() -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
        sigrid, ingrid = _desk(supervisor), _desk(agent)
        for desk in (sigrid, ingrid):
            assert (await desk.connect())[0]
        answer = await _watch(sigrid, chat.pk)
        assert (await _watch(ingrid, chat.pk))["allowed"]  # her own chat open: no copies
        await sync_to_async(say)(Client(), token_for(chat), "Hallo?")
        await sync_to_async(customer_typing)(chat)
        await sync_to_async(customer_read)(chat, 1)
        await sync_to_async(end_conversation)(chat, agent)
        heard = await _chat_events(sigrid, 4) + await _more_chat_events(sigrid)
        hers = await _chat_events(ingrid, 4) + await _more_chat_events(ingrid)
        for desk in (sigrid, ingrid):
            await desk.disconnect()
        return answer, heard, hers

    answer, heard, hers = async_to_sync(scenario)()
    assert answer == {"event": "watching", "conversation": chat.pk, "allowed": True}
    for events in (heard, hers):
        said = [(m["what"], m.get("sender")) for m in events]
        # Each once: the watched copy is dropped where the desk's own groups carried it. (The
        # end reaches a desk once per group it is in, team and supervisors or own, as before.)
        assert said[:3] == [("message", "customer"), ("typing", None), ("read", None)]
        assert set(said[3:]) == {("ended", None)}
    assert all(m["conversation"] == chat.pk and "heard_in" not in m for m in heard)


def test_an_agent_of_another_team_may_not_watch_a_chat(
    agent: User, other_agent: User, team_oslo: Team
) -> None:
    widget = ChatWidget.objects.create(name="Nettbutikken", team=team_oslo)
    ChatAgent.objects.create(user=agent, available=True, last_seen=timezone.now())
    chat = _start(widget)
    accept(chat, agent)

    async def scenario() -> tuple[dict[str, Any], bool]:
        aino = _desk(other_agent)
        assert (await aino.connect())[0]
        answer = await _watch(aino, chat.pk)
        await sync_to_async(say)(Client(), token_for(chat), "Hallo?")
        await sync_to_async(customer_typing)(chat)
        nothing = await aino.receive_nothing(timeout=0.5)
        await aino.disconnect()
        return answer, nothing

    answer, heard_nothing = async_to_sync(scenario)()
    assert answer == {"event": "watching", "conversation": chat.pk, "allowed": False}
    assert heard_nothing
