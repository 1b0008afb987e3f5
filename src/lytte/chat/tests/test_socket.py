"""The customer's WebSocket: on connect every message after `after` and the state, then live;
a message sent over it is stored and acknowledged with its seq, a retry with the same seq; and
a reconnect after messages came and went resumes without losing or repeating one."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from lytte.accounts.models import User
from lytte.chat import services
from lytte.chat.consumers import ChatConsumer
from lytte.chat.models import ChatAgent, ChatWidget, Conversation, Message
from lytte.chat.tests.conftest import SHOP, new_id, say, start

COMMITTED = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _socket(token: str, after: int = 0, origin: str = SHOP) -> WebsocketCommunicator:
    headers = [(b"origin", origin.encode()), (b"host", b"testserver")]
    return WebsocketCommunicator(
        ChatConsumer.as_asgi(), f"/ws/chat/?token={token}&after={after}", headers=headers
    )


async def _until(socket: WebsocketCommunicator, kind: str) -> dict[str, Any]:
    while True:
        message: dict[str, Any] = await socket.receive_json_from(timeout=5)
        if message["type"] == kind:
            return message


async def _all(socket: WebsocketCommunicator) -> list[dict[str, Any]]:
    """Everything the socket hears until it falls quiet."""
    heard = []
    while not await socket.receive_nothing(timeout=0.3):
        heard.append(await socket.receive_json_from())
    return heard


@COMMITTED
def test_a_message_over_the_socket_is_stored_acknowledged_and_a_retry_is_the_same(
    widget: ChatWidget, at_desk: ChatAgent
) -> None:
    token = start(Client(), widget).json()["token"]
    client_id = new_id()

    async def scenario() -> list[dict[str, Any]]:
        socket = _socket(token)
        assert (await socket.connect())[0]
        replay = await _all(socket)
        await socket.send_json_to({"type": "message", "client_id": client_id, "body": "Hei"})
        first = await _until(socket, "ack")
        await socket.send_json_to({"type": "message", "client_id": client_id, "body": "Hei"})
        again = await _until(socket, "ack")
        await socket.disconnect()
        return [*replay, first, again]

    *replay, first, again = async_to_sync(scenario)()
    assert [m["type"] for m in replay] == ["message", "state"]
    assert replay[1]["state"] == "waiting"
    assert first == again == {"type": "ack", "client_id": client_id, "seq": 2, "state": "sent"}
    assert Message.objects.filter(client_id=client_id).count() == 1


@COMMITTED
def test_a_message_while_an_agent_is_in_the_chat_is_acknowledged_as_delivered(
    widget: ChatWidget, at_desk: ChatAgent, agent: User
) -> None:
    token = start(Client(), widget).json()["token"]
    services.accept(Conversation.objects.get(), agent)
    client_id = new_id()

    async def scenario() -> list[dict[str, Any]]:
        socket = _socket(token, after=1)
        assert (await socket.connect())[0]
        await _until(socket, "state")
        await socket.send_json_to({"type": "message", "client_id": client_id, "body": "Hei"})
        heard = [await socket.receive_json_from(timeout=5) for _ in range(2)]
        heard += await _all(socket)
        await socket.disconnect()
        return heard

    heard = async_to_sync(scenario)()
    ack = next(m for m in heard if m["type"] == "ack")
    echo = next(m for m in heard if m["type"] == "message")
    assert (ack["seq"], ack["state"]) == (2, "delivered")
    assert (echo["message"]["seq"], echo["message"]["state"]) == (2, "delivered")
    assert [m["type"] for m in heard if m["type"] == "delivered"] == []  # said once, not twice


@COMMITTED
def test_the_agents_messages_typing_and_state_reach_the_customer_live(
    widget: ChatWidget, at_desk: ChatAgent, agent: User
) -> None:
    token = start(Client(), widget).json()["token"]
    chat = Conversation.objects.get()

    async def scenario() -> list[dict[str, Any]]:
        socket = _socket(token, after=1)
        assert (await socket.connect())[0]
        await _until(socket, "state")
        await sync_to_async(services.accept)(chat, agent)
        await sync_to_async(services.agent_typing)(chat, agent)
        await sync_to_async(services.post_agent_message)(chat, agent, body="Hei, Ingrid her")
        heard = await _all(socket)
        await socket.disconnect()
        return heard

    delivered, *heard = async_to_sync(scenario)()
    assert delivered == {"type": "delivered", "upto": 1}  # the first message is on her desk
    assert heard[0] == {"type": "state", "state": "active", "agent": "Ingrid"}
    assert heard[1] == {"type": "typing", "sender": "agent"}
    assert heard[2]["type"] == "message"
    assert (heard[2]["message"]["author"], heard[2]["message"]["seq"]) == ("Ingrid", 2)
    assert Message.objects.get(seq=2).delivered_at is not None


@COMMITTED
def test_a_reconnect_resumes_without_losing_or_repeating_a_message(
    widget: ChatWidget, at_desk: ChatAgent, agent: User
) -> None:
    token = start(Client(), widget).json()["token"]
    chat = Conversation.objects.get()
    services.accept(chat, agent)

    async def scenario() -> list[int]:
        socket = _socket(token)
        assert (await socket.connect())[0]
        seen = [m["message"]["seq"] for m in await _all(socket) if m["type"] == "message"]
        await socket.disconnect()  # the phone changes networks
        await sync_to_async(services.post_agent_message)(chat, agent, body="Er du der?")
        await sync_to_async(say)(Client(), token, "Ja, sendt fra 4G")
        again = _socket(token, after=max(seen))
        assert (await again.connect())[0]
        seen += [m["message"]["seq"] for m in await _all(again) if m["type"] == "message"]
        await sync_to_async(services.post_agent_message)(chat, agent, body="Fint!")
        seen += [m["message"]["seq"] for m in await _all(again) if m["type"] == "message"]
        await again.disconnect()
        return seen

    assert async_to_sync(scenario)() == [1, 2, 3, 4]


@COMMITTED
def test_a_socket_from_another_site_or_with_a_wrong_token_is_refused(
    widget: ChatWidget, at_desk: ChatAgent
) -> None:
    token = start(Client(), widget).json()["token"]

    async def scenario() -> list[tuple[bool, int | None]]:
        results = []
        for socket in (_socket(token, origin="https://evil.example.com"), _socket("wrong")):
            results.append(await socket.connect())
        return results

    assert async_to_sync(scenario)() == [(False, 4403), (False, 4404)]
