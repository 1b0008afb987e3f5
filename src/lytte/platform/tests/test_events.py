"""Domain events reach subscribers only after the write commits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from lytte.cases import services
from lytte.cases.events import CaseOpened, ContactLogged
from lytte.cases.models import Channel, Direction
from lytte.platform.events import DomainEvent, subscribe, unsubscribe


@pytest.fixture
def received() -> Iterator[list[DomainEvent]]:
    events: list[DomainEvent] = []

    def handler(event: DomainEvent) -> None:
        events.append(event)

    for kind in (CaseOpened, ContactLogged):
        subscribe(kind)(handler)
    yield events
    for kind in (CaseOpened, ContactLogged):
        unsubscribe(kind, handler)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_subscribers_hear_of_a_case_after_it_commits(received: list[DomainEvent]) -> None:
    with transaction.atomic():
        case = services.open_case(channel=Channel.PHONE, opened_by=None)
        services.log_contact(
            case=case, channel=Channel.PHONE, direction=Direction.INBOUND, logged_by=None
        )
        assert received == []  # not yet committed
    assert [type(e) for e in received] == [CaseOpened, ContactLogged]
    assert isinstance(received[0], CaseOpened)
    assert received[0].case_id == case.pk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_write_announces_nothing(received: list[DomainEvent]) -> None:
    def failing_request() -> None:
        with transaction.atomic():
            services.open_case(channel=Channel.PHONE, opened_by=None)
            raise RuntimeError("the request failed after the write")

    with pytest.raises(RuntimeError):
        failing_request()
    assert received == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failing_subscriber_does_not_undo_the_write(received: list[DomainEvent]) -> None:
    def broken(event: CaseOpened) -> None:
        raise ValueError("push server down")

    subscribe(CaseOpened)(broken)
    try:
        case = services.open_case(channel=Channel.EMAIL, opened_by=None)
    finally:
        unsubscribe(CaseOpened, broken)
    case.refresh_from_db()
    assert len(received) == 1
