"""Screen pops over the desk's WebSocket: a ringing call pops on the desks of the agents it
concerns (the phone's CallRinging event, which the desk turns into its `pop` message), and
closes when someone answers or the caller hangs up."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator

from lytte.accounts.models import Team, User
from lytte.customers.models import Customer
from lytte.desk.consumers import DeskConsumer
from lytte.phone.models import AgentPhone, BlockedNumber, Call, PhoneQueue
from lytte.phone.tests.conftest import FROM_KARI, Pbx, kari, pbx

__all__ = ["kari", "pbx"]


live = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _desk(user: User) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(DeskConsumer.as_asgi(), "/ws/desk/")
    communicator.scope["user"] = user
    return communicator


async def _open_desks(*users: User) -> list[WebsocketCommunicator]:
    desks = [_desk(user) for user in users]
    for desk in desks:
        connected, _code = await desk.connect()
        assert connected
    return desks


async def _next(desk: WebsocketCommunicator, event: str) -> dict[str, Any]:
    """The next message of kind `event`, skipping the desk's other news (cases changing)."""
    while True:
        message: dict[str, Any] = await desk.receive_json_from(timeout=5)
        if message["event"] == event:
            return message


async def _popped(desks: list[WebsocketCommunicator]) -> list[int | None]:
    """For each desk, the call it popped, or None when nothing came."""
    popped: list[int | None] = []
    for desk in desks:
        if await desk.receive_nothing(timeout=0.3):
            popped.append(None)
        else:
            popped.append((await _next(desk, "pop"))["call"])
    return popped


async def _ring(pbx: Pbx, call_id: str, **fields: Any) -> int:
    response = await sync_to_async(pbx.ring)(call_id, "912 34 567", **fields)
    assert response.status_code == 200
    call: Call = await sync_to_async(pbx.call)(call_id)
    return call.pk


async def _close(desks: list[WebsocketCommunicator]) -> None:
    for desk in desks:
        await desk.disconnect()


@live
@pytest.mark.parametrize("named", ["201", "Ingrid på Tøyen", "ingrid på tøyen", "Ingrid Bråten"])
def test_a_call_naming_an_agent_pops_only_on_their_desk(
    pbx: Pbx, kari: Customer, agent: User, teammate: User, other_agent: User, named: str
) -> None:
    AgentPhone.objects.create(user=agent, extension="201", pbx_name="Ingrid på Tøyen")
    AgentPhone.objects.create(user=teammate, extension="202")

    async def scenario() -> tuple[int, list[int | None]]:
        desks = await _open_desks(agent, teammate, other_agent)
        call = await _ring(pbx, "c-1", user=[named])
        popped = await _popped(desks)
        await _close(desks)
        return call, popped

    call, popped = async_to_sync(scenario)()
    assert popped == [call, None, None]


@live
def test_a_queue_mapped_to_a_team_pops_on_that_teams_members(
    pbx: Pbx, kari: Customer, agent: User, teammate: User, other_agent: User, team_helsinki: Team
) -> None:
    PhoneQueue.objects.create(
        integration=pbx.integration, name="Asiakaspalvelu", team=team_helsinki
    )

    async def scenario() -> tuple[int, list[int | None]]:
        desks = await _open_desks(agent, teammate, other_agent)
        call = await _ring(pbx, "c-1", queue="Asiakaspalvelu")
        popped = await _popped(desks)
        await _close(desks)
        return call, popped

    call, popped = async_to_sync(scenario)()
    assert popped == [None, None, call]


@live
def test_the_integrations_team_hears_of_calls_naming_nobody(
    pbx: Pbx, kari: Customer, agent: User, teammate: User, other_agent: User, team_oslo: Team
) -> None:
    pbx.integration.team = team_oslo
    pbx.integration.save()

    async def scenario() -> tuple[int, list[int | None]]:
        desks = await _open_desks(agent, teammate, other_agent)
        call = await _ring(pbx, "c-1", queue="Ukjent kø")
        popped = await _popped(desks)
        await _close(desks)
        return call, popped

    call, popped = async_to_sync(scenario)()
    assert popped == [call, call, None]


@live
def test_a_call_naming_nobody_pops_on_every_open_desk(
    pbx: Pbx, kari: Customer, agent: User, other_agent: User, supervisor: User
) -> None:
    async def scenario() -> tuple[int, list[int | None]]:
        desks = await _open_desks(agent, other_agent, supervisor)
        call = await _ring(pbx, "c-1")
        popped = await _popped(desks)
        await _close(desks)
        return call, popped

    call, popped = async_to_sync(scenario)()
    assert popped == [call, call, call]


@live
def test_a_blocked_caller_pops_nowhere(pbx: Pbx, kari: Customer, agent: User) -> None:
    BlockedNumber.objects.create(value="+4791234567")

    async def scenario() -> list[int | None]:
        desks = await _open_desks(agent)
        await _ring(pbx, "c-1")
        popped = await _popped(desks)
        await _close(desks)
        return popped

    assert async_to_sync(scenario)() == [None]


@live
def test_an_answer_closes_the_pop_for_the_others_and_the_hangup_for_everyone(
    pbx: Pbx, kari: Customer, agent: User, teammate: User
) -> None:
    AgentPhone.objects.create(user=teammate, extension="202")

    async def scenario() -> tuple[int, list[dict[str, Any]], list[dict[str, Any]]]:
        desks = await _open_desks(agent, teammate)
        call = await _ring(pbx, "c-1")
        for desk in desks:
            await _next(desk, "pop")
        await sync_to_async(pbx.send)("answer", "c-1", **FROM_KARI, answeringNumber="202")
        answered = [await _next(desk, "pop_close") for desk in desks]
        await sync_to_async(pbx.send)("hangup", "c-1", **FROM_KARI, cause="normalClearing")
        ended = [await _next(desk, "pop_close") for desk in desks]
        await _close(desks)
        return call, answered, ended

    call, answered, ended = async_to_sync(scenario)()
    assert answered == [{"event": "pop_close", "call": call, "answered_by": teammate.pk}] * 2
    assert ended == [{"event": "pop_close", "call": call, "answered_by": None}] * 2
