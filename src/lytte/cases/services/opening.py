"""Opening a case."""

from __future__ import annotations

from django.db import transaction

from lytte.accounts.models import Team, User
from lytte.audit.services import record
from lytte.cases.events import CaseOpened
from lytte.cases.models import Case, ContactReason, Priority
from lytte.cases.services.common import check_reason, ensure_may_assign
from lytte.cases.services.numbers import reserve_case_numbers
from lytte.customers.models import Customer, Organization
from lytte.platform.events import publish


@transaction.atomic
def open_case(
    *,
    channel: str,
    opened_by: User | None,
    customer: Customer | None = None,
    organization: Organization | None = None,
    subject: str = "",
    team: Team | None = None,
    assignee: User | None = None,
    reason: ContactReason | None = None,
    priority: str = Priority.NORMAL,
) -> Case:
    """Open a new case. The organization defaults to the customer's."""
    case = create_case(
        channel=channel,
        opened_by=opened_by,
        customer=customer,
        organization=organization,
        subject=subject,
        team=team,
        assignee=assignee,
        reason=reason,
        priority=priority,
    )
    publish(CaseOpened(case_id=case.pk, team_id=case.team_id, assignee_id=case.assignee_id))
    return case


def create_case(
    *,
    channel: str,
    opened_by: User | None,
    customer: Customer | None = None,
    organization: Organization | None = None,
    subject: str = "",
    team: Team | None = None,
    assignee: User | None = None,
    reason: ContactReason | None = None,
    priority: str = Priority.NORMAL,
) -> Case:
    """`open_case` without its event: for the entry, whose one ContactLogged says the contact
    opened the case. Call it inside a transaction."""
    check_reason(reason)
    ensure_may_assign(opened_by, team=team, assignee=assignee)
    case = Case.objects.create(
        number=reserve_case_numbers(1)[0],
        subject=" ".join(subject.split())[:200],
        channel=channel,
        priority=priority,
        customer=customer,
        organization=organization or (customer.organization if customer else None),
        team=team,
        assignee=assignee,
        reason=reason,
        created_by=opened_by,
    )
    record(actor=opened_by, action="case.opened", target=case, number=case.number, channel=channel)
    return case
