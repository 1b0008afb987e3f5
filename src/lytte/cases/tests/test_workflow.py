"""A case's life: opened, contacts logged, categorised, resolved, reopened, closed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lytte.accounts.models import User
from lytte.audit.selectors import events_for
from lytte.cases import services
from lytte.cases.models import Channel, Direction, Status
from lytte.cases.tests.factories import reason
from lytte.customers.models import Customer
from lytte.customers.services import create_customer, create_organization


@pytest.fixture
def kari(db: None) -> Customer:
    firma = create_organization(name="Fjellbekk AS", domains=["fjellbekk.no"])
    return create_customer(name="Kari Fjellbekk", phones=["+47 912 34 567"], organization=firma)


def test_cases_get_consecutive_human_numbers(agent: User, kari: Customer) -> None:
    first = services.open_case(channel=Channel.PHONE, opened_by=agent, customer=kari)
    second = services.open_case(channel=Channel.EMAIL, opened_by=agent, customer=kari)
    assert first.number >= 1001
    assert second.number == first.number + 1
    assert first.organization == kari.organization


def test_a_phone_call_answered_by_an_agent_is_the_first_response(
    agent: User, kari: Customer
) -> None:
    case = services.open_case(channel=Channel.PHONE, opened_by=agent, customer=kari)
    started = timezone.now() - timedelta(minutes=4)
    services.log_contact(
        case=case,
        channel=Channel.PHONE,
        direction=Direction.INBOUND,
        body="Kunde ringer ang. faktura, feil beløp på siste måned.",
        started_at=started,
        ended_at=started + timedelta(minutes=3),
        handled_by=agent,
        logged_by=agent,
    )
    case.refresh_from_db()
    kari.refresh_from_db()
    assert case.first_response_at == started
    assert kari.last_contact_at == started


def test_an_inbound_email_is_not_a_response_but_the_reply_is(agent: User, kari: Customer) -> None:
    case = services.open_case(channel=Channel.EMAIL, opened_by=None, customer=kari)
    services.log_contact(
        case=case, channel=Channel.EMAIL, direction=Direction.INBOUND, logged_by=None
    )
    case.refresh_from_db()
    assert case.first_response_at is None
    assert case.status == Status.NEW

    services.log_contact(
        case=case, channel=Channel.EMAIL, direction=Direction.OUTBOUND, logged_by=agent
    )
    case.refresh_from_db()
    assert case.first_response_at is not None
    assert case.status == Status.OPEN


def test_a_case_cannot_be_resolved_without_a_reason(agent: User, kari: Customer) -> None:
    case = services.open_case(channel=Channel.PHONE, opened_by=agent, customer=kari)
    with pytest.raises(ValidationError) as error:
        services.resolve(case=case, resolved_by=agent)
    assert "reason" in error.value.message_dict

    services.resolve(case=case, resolved_by=agent, reason=reason("invoice"))
    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert case.resolved_at is not None


def test_reason_reaches_the_contacts_that_had_none(agent: User, kari: Customer) -> None:
    case = services.open_case(channel=Channel.PHONE, opened_by=agent, customer=kari)
    call = services.log_contact(
        case=case, channel=Channel.PHONE, direction=Direction.INBOUND, logged_by=agent
    ).contact
    note = services.log_contact(
        case=case, channel=Channel.NOTE, direction=Direction.INTERNAL, logged_by=agent
    ).contact
    services.set_reason(case=case, reason=reason("delivery"), changed_by=agent)
    call.refresh_from_db()
    note.refresh_from_db()
    assert call.reason == reason("delivery")
    assert note.reason is None  # notes are not contacts from the customer


def test_the_customer_writing_again_reopens_a_resolved_case(agent: User, kari: Customer) -> None:
    case = services.open_case(channel=Channel.EMAIL, opened_by=agent, customer=kari)
    services.resolve(case=case, resolved_by=agent, reason=reason("question"))
    services.log_contact(
        case=case,
        channel=Channel.EMAIL,
        direction=Direction.INBOUND,
        body="Hej igen, det virker stadig ikke.",
        logged_by=None,
    )
    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert case.resolved_at is None


def test_workflow_refuses_impossible_moves_with_a_sentence(agent: User, kari: Customer) -> None:
    case = services.open_case(channel=Channel.CHAT, opened_by=agent, customer=kari)
    services.set_reason(case=case, reason=reason("order"), changed_by=agent)
    services.set_status(case=case, status=Status.CLOSED, changed_by=agent)
    with pytest.raises(ValidationError) as error:
        services.set_status(case=case, status=Status.OPEN, changed_by=agent)
    assert "cannot become" in error.value.message_dict["status"][0]
    with pytest.raises(ValidationError):
        services.set_status(case=case, status="archived", changed_by=agent)


def test_a_closed_case_takes_no_new_contacts(agent: User, kari: Customer) -> None:
    case = services.open_case(channel=Channel.PHONE, opened_by=agent, customer=kari)
    services.resolve(case=case, resolved_by=agent, reason=reason("praise"))
    services.set_status(case=case, status=Status.CLOSED, changed_by=agent)
    with pytest.raises(ValidationError, match="closed"):
        services.log_contact(
            case=case, channel=Channel.PHONE, direction=Direction.INBOUND, logged_by=agent
        )


def test_inactive_reasons_cannot_be_chosen(agent: User, kari: Customer) -> None:
    old = reason("other")
    old.active = False
    old.save()
    case = services.open_case(channel=Channel.PHONE, opened_by=agent, customer=kari)
    with pytest.raises(ValidationError):
        services.set_reason(case=case, reason=old, changed_by=agent)


def test_a_contact_can_move_to_the_case_it_belongs_to(agent: User, kari: Customer) -> None:
    existing = services.open_case(channel=Channel.EMAIL, opened_by=agent, customer=kari)
    fresh = services.open_case(channel=Channel.PHONE, opened_by=agent, customer=kari)
    call = services.log_contact(
        case=fresh, channel=Channel.PHONE, direction=Direction.INBOUND, logged_by=agent
    ).contact
    services.attach_contact(contact=call, case=existing, attached_by=agent)
    assert list(existing.contacts.all()) == [call]
    assert not fresh.contacts.exists()


def test_every_write_leaves_an_audit_event(agent: User, kari: Customer) -> None:
    case = services.open_case(channel=Channel.PHONE, opened_by=agent, customer=kari)
    services.log_contact(
        case=case, channel=Channel.PHONE, direction=Direction.INBOUND, logged_by=agent
    )
    services.set_reason(case=case, reason=reason("fault"), changed_by=agent)
    services.assign(case=case, assignee=agent, assigned_by=agent)
    services.resolve(case=case, resolved_by=agent)

    trail = list(events_for(case))

    assert [e.action for e in reversed(trail)] == [
        "case.opened",
        "contact.logged",
        "case.reason_set",
        "case.assigned",
        "case.status_changed",
    ]
    assert all(e.actor == agent for e in trail)
    assert trail[0].data == {"before": "new", "after": "resolved"}
