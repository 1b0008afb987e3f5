"""The one way in (decision 25): every inbound contact is received by one entry, which finds
the customer, lets the channel's case rule place it, logs it and announces it once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.cases import services
from lytte.cases.events import CaseOpened, ContactLogged
from lytte.cases.models import Case, Channel, Contact, Direction
from lytte.cases.rules import (
    InboundContact,
    Sender,
    ThreadHint,
    register_case_rule,
    unregister_case_rule,
)
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.platform.events import DomainEvent, subscribe, unsubscribe

KARI = "+47 912 34 567"


@pytest.fixture
def kari(db: None) -> Customer:
    return create_customer(name="Kari Nordmann", phones=[KARI])


def call(number: str, call_id: str, agent: User | None = None) -> InboundContact:
    return InboundContact(
        channel=Channel.PHONE,
        address=number,
        thread=ThreadHint(call_id=call_id),
        external_id=f"test:{call_id}",
        handled_by=agent,
    )


def test_a_new_customer_s_contact_opens_a_case_and_they_become_a_customer(
    db: None, team_oslo: Team
) -> None:
    received = services.receive_contact(
        InboundContact(channel=Channel.EMAIL, address="ola@example.no", body="Hei", subject="Ny"),
        new_case_at=services.NewCaseAt(team=team_oslo),
        new_customer=services.NewCustomer(name="Ola Hansen"),
    )

    assert received.opened_case
    assert received.created
    assert received.customer is not None
    assert received.customer.name == "Ola Hansen"
    assert received.case.customer == received.customer
    assert received.case.team == team_oslo
    assert received.case.subject == "Ny"
    assert received.contact.customer == received.customer
    assert received.contact.direction == Direction.INBOUND


def test_a_known_customer_s_contact_is_linked_to_them(kari: Customer) -> None:
    received = services.receive_contact(
        call("912 34 567", "c-1"), new_customer=services.NewCustomer(name="Somebody else")
    )

    assert received.customer == kari
    assert received.case.customer == kari
    assert Customer.objects.count() == 1


def test_a_call_within_two_hours_continues_the_case_and_one_later_does_not(
    kari: Customer, agent: User
) -> None:
    first = services.receive_contact(call(KARI, "c-1", agent))
    again = services.receive_contact(call(KARI, "c-2", agent))

    assert not again.opened_case
    assert again.case == first.case
    Contact.objects.update(started_at=timezone.now() - timedelta(hours=3))
    later = services.receive_contact(call(KARI, "c-3", agent))

    assert later.opened_case
    assert later.case != first.case


def test_the_agent_s_choice_of_a_new_case_wins_over_the_rule(kari: Customer) -> None:
    first = services.receive_contact(call(KARI, "c-1"))
    second = services.receive_contact(call(KARI, "c-2"), new_case=True)

    assert second.opened_case
    assert second.case != first.case


def test_a_retry_with_the_same_external_id_returns_the_first_contact(kari: Customer) -> None:
    first = services.receive_contact(call(KARI, "c-1"))
    retry = services.receive_contact(call(KARI, "c-1"), new_case=True)

    assert not retry.created
    assert not retry.opened_case
    assert retry.contact == first.contact
    assert retry.case == first.case
    assert Contact.objects.count() == 1
    assert Case.objects.count() == 1


@pytest.fixture
def events() -> Iterator[list[DomainEvent]]:
    heard: list[DomainEvent] = []
    kinds = (CaseOpened, ContactLogged)
    for kind in kinds:
        subscribe(kind)(heard.append)
    yield heard
    for kind in kinds:
        unsubscribe(kind, heard.append)


def test_a_contact_that_opens_its_case_is_announced_once(
    kari: Customer, events: list[DomainEvent], django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        received = services.receive_contact(call(KARI, "c-1"))
        services.receive_contact(call(KARI, "c-2"))

    assert [type(event) for event in events] == [ContactLogged, ContactLogged]
    opened, continued = events
    assert isinstance(opened, ContactLogged)
    assert isinstance(continued, ContactLogged)
    assert opened.opened_case
    assert opened.case_id == received.case.pk
    assert not continued.opened_case


@pytest.fixture
def chat_continues_its_session() -> Iterator[None]:
    """A toy chat rule: a contact continues the case of an earlier one in its session."""

    def same_session(contact: InboundContact, sender: Sender) -> Case | None:
        earlier = Contact.objects.filter(
            channel=Channel.CHAT, external_id__startswith=f"{contact.thread.session_id}:"
        ).first()
        return earlier.case if earlier else None

    register_case_rule(Channel.CHAT, same_session)
    yield
    unregister_case_rule(Channel.CHAT)


def chat(session: str, line: int, text: str, who: Customer | None = None) -> InboundContact:
    return InboundContact(
        channel=Channel.CHAT,
        identity=who,
        thread=ThreadHint(session_id=session),
        body=text,
        external_id=f"{session}:{line}",
    )


def test_a_new_channel_with_its_own_rule_works_end_to_end(
    kari: Customer, chat_continues_its_session: None
) -> None:
    hello = services.receive_contact(chat("s-1", 1, "Hei!", kari))
    more = services.receive_contact(chat("s-1", 2, "Strømmen er borte", kari))
    other = services.receive_contact(chat("s-2", 1, "Hei igjen", kari))

    assert hello.opened_case
    assert hello.customer == kari
    assert more.case == hello.case
    assert not more.opened_case
    assert other.opened_case
    assert other.case != hello.case


def test_a_channel_without_a_rule_always_opens_a_case(kari: Customer) -> None:
    first = services.receive_contact(chat("s-1", 1, "Hei!", kari))
    second = services.receive_contact(chat("s-1", 2, "Hallo?", kari))

    assert first.opened_case
    assert second.opened_case
    assert first.case != second.case


def test_an_agent_may_continue_only_the_sender_s_own_open_case(kari: Customer, agent: User) -> None:
    stranger_case = services.open_case(channel=Channel.PHONE, opened_by=None)

    with pytest.raises(ValidationError):
        services.receive_contact(call(KARI, "c-1", agent), onto=stranger_case)

    assert Contact.objects.count() == 0


writers_run_at_once = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers: nothing runs concurrently"
)


@writers_run_at_once
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_contact_received_twice_at_once_is_one_contact_on_one_case() -> None:
    create_customer(name="Kari Nordmann", phones=[KARI])
    barrier = threading.Barrier(4)
    results: list[services.ReceivedContact] = []

    def receive() -> None:
        barrier.wait()
        try:
            results.append(services.receive_contact(call(KARI, "c-1"), new_case=True))
        finally:
            connection.close()

    threads = [threading.Thread(target=receive) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == 4
    assert sum(result.created for result in results) == 1
    assert len({result.contact.pk for result in results}) == 1
    assert Contact.objects.count() == 1
    assert Case.objects.count() == 1  # the retries' cases were undone with their attempts


def test_a_new_case_for_a_new_customer_is_all_or_nothing(agent: User, team_helsinki: Team) -> None:
    """The desk's "new customer" start: the customer, the case and the contact are one
    transaction, so a refused case (here: another team's, which takes a supervisor) leaves no
    customer behind."""
    with pytest.raises(PermissionDenied):
        services.receive_contact(
            InboundContact(channel=Channel.PHONE, address="+358 40 765 4321", handled_by=agent),
            actor=agent,
            new_case=True,
            new_case_at=services.NewCaseAt(team=team_helsinki, assignee=agent),
            new_customer=services.NewCustomer("Matti Meikäläinen", None, always=True),
            identify_sender=False,
        )

    assert not Customer.objects.exists()
    assert not Case.objects.exists()
    assert not Contact.objects.exists()
