"""Open desks hear that cases changed, through the configured channel layer: each only about
the cases its user may see (decision 19)."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from lytte.accounts.models import Team, User
from lytte.cases import services
from lytte.cases.models import Case, Channel, Direction
from lytte.cases.rules import InboundContact
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


async def _listening(*users: User) -> list[WebsocketCommunicator]:
    desks = [_communicator(user) for user in users]
    for desk in desks:
        connected, _code = await desk.connect()
        assert connected
    return desks


async def _heard(desk: WebsocketCommunicator) -> set[int]:
    """The case ids one desk heard about until it fell quiet."""
    heard: set[int] = set()
    while not await desk.receive_nothing(timeout=0.3):
        heard.add((await desk.receive_json_from())["case"])
    await desk.disconnect()
    return heard


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_teams_case_is_pushed_only_to_those_who_may_see_it(
    agent: User, teammate: User, other_agent: User, supervisor: User, team_oslo: Team
) -> None:
    async def scenario() -> list[set[int]]:
        desks = await _listening(teammate, other_agent, supervisor)
        await sync_to_async(services.open_case)(
            channel=Channel.PHONE, opened_by=agent, team=team_oslo, subject="Strømbrudd på Ås"
        )
        return [await _heard(desk) for desk in desks]

    teammate_heard, other_heard, supervisor_heard = async_to_sync(scenario)()
    case = Case.objects.get()
    assert teammate_heard == supervisor_heard == {case.pk}
    assert other_heard == set()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_case_moved_to_another_team_is_pushed_to_both_teams(
    teammate: User, other_agent: User, supervisor: User, team_oslo: Team, team_helsinki: Team
) -> None:
    case = services.open_case(channel=Channel.EMAIL, opened_by=supervisor, team=team_oslo)

    async def scenario() -> list[set[int]]:
        desks = await _listening(teammate, other_agent)
        await sync_to_async(services.assign)(case=case, assigned_by=supervisor, team=team_helsinki)
        return [await _heard(desk) for desk in desks]

    assert async_to_sync(scenario)() == [{case.pk}, {case.pk}]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_contact_on_a_teams_case_is_not_pushed_to_another_team(
    agent: User, other_agent: User, teammate: User, team_oslo: Team
) -> None:
    case = services.open_case(channel=Channel.EMAIL, opened_by=agent, team=team_oslo)

    async def scenario() -> list[set[int]]:
        desks = await _listening(teammate, other_agent)
        await sync_to_async(services.log_contact)(
            case=case,
            channel=Channel.NOTE,
            direction=Direction.INTERNAL,
            body="Kunden ringer tilbake i morgen.",
            logged_by=agent,
        )
        return [await _heard(desk) for desk in desks]

    assert async_to_sync(scenario)() == [{case.pk}, set()]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_contact_that_opens_a_case_is_heard_as_a_new_case(agent: User) -> None:
    """The core entry publishes one event for a contact that opens its case; the desk still
    hears "opened", once."""

    async def scenario() -> tuple[list[dict[str, Any]], int]:
        (desk,) = await _listening(agent)
        received = await sync_to_async(services.receive_contact)(
            InboundContact(channel=Channel.EMAIL, address="åse.øvrebø@example.no", body="Hei")
        )
        messages = [await desk.receive_json_from(timeout=5)]
        while not await desk.receive_nothing(timeout=0.3):
            messages.append(await desk.receive_json_from())
        await desk.disconnect()
        return messages, received.case.pk

    messages, case_id = async_to_sync(scenario)()
    assert messages == [{"event": "changed", "case": case_id, "what": "opened"}]
