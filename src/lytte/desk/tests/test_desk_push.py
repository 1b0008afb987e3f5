"""Every open desk hears that cases changed, through the configured channel layer."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from lytte.accounts.models import User
from lytte.cases import services
from lytte.cases.models import Channel
from lytte.desk.consumers import DeskConsumer


def _communicator(user: Any) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(DeskConsumer.as_asgi(), "/ws/desk/")
    communicator.scope["user"] = user
    return communicator


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_case_is_pushed_to_every_connected_desk(agent: User, supervisor: User) -> None:
    async def scenario() -> list[dict[str, Any]]:
        desks = [_communicator(agent), _communicator(supervisor)]
        for desk in desks:
            connected, _code = await desk.connect()
            assert connected
        case = await sync_to_async(services.open_case)(channel=Channel.PHONE, opened_by=agent)
        messages = [await desk.receive_json_from(timeout=5) for desk in desks]
        for desk in desks:
            await desk.disconnect()
        return [{**m, "expected": case.pk} for m in messages]

    for message in async_to_sync(scenario)():
        assert message["event"] == "changed"
        assert message["case"] == message["expected"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_strangers_cannot_listen(db: None) -> None:
    async def scenario() -> tuple[bool, int | None]:
        connected, code = await _communicator(AnonymousUser()).connect()
        return connected, code

    connected, code = async_to_sync(scenario)()
    assert not connected
    assert code == 4403


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_user_without_a_role_cannot_listen(db: None) -> None:
    nobody = User.objects.create_user(username="nobody", password="x")

    async def scenario() -> bool:
        connected, _code = await _communicator(nobody).connect()
        return connected

    assert not async_to_sync(scenario)()
