from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel, ContactReason, Direction
from lytte.cases.services import log_contact, open_case
from lytte.customers.models import Customer


def reason(code: str) -> ContactReason:
    """A seeded reason (the data migration puts the DESIGN.md taxonomy in every database)."""
    return ContactReason.objects.get(code=code)


def phoned_case(customer: Customer, agent: User, team: Team, subject: str, **extra: Any) -> Case:
    """A case `agent` opened for a call from `customer`, with that call logged on it."""
    case = open_case(
        channel=Channel.PHONE,
        opened_by=agent,
        customer=customer,
        subject=subject,
        team=team,
        **extra,
    )
    log_contact(
        case=case,
        channel=Channel.PHONE,
        direction=Direction.INBOUND,
        logged_by=agent,
        handled_by=agent,
    )
    return case


def earlier_case(
    customer: Customer, team: Team, subject: str, code: str | None, *, days_ago: int
) -> Case:
    """An email case the customer opened `days_ago` days ago, about the reason `code`."""
    case = open_case(
        channel=Channel.EMAIL,
        opened_by=None,
        customer=customer,
        subject=subject,
        team=team,
        reason=reason(code) if code else None,
    )
    Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return case


def taken_call(customer: Customer, team: Team, agent: User) -> Case:
    """A call taken from a screen pop: the call on a new case, no subject, no reason yet."""
    case = open_case(
        channel=Channel.PHONE, opened_by=None, customer=customer, team=team, assignee=agent
    )
    log_contact(
        case=case,
        channel=Channel.PHONE,
        direction=Direction.INBOUND,
        handled_by=agent,
        logged_by=None,
    )
    return case
