"""A case's own workflow: its reason, status, team and assignee, and its details."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.accounts.models import Team, User
from lytte.audit.services import record
from lytte.cases.models import (
    TRANSITIONS,
    Case,
    Contact,
    ContactReason,
    Direction,
    Priority,
    Status,
)
from lytte.cases.policies import ensure_can_work_on
from lytte.cases.selectors import caller_address
from lytte.cases.services.common import (
    UNSET,
    _Unset,
    announce_change,
    check_reason,
    ensure_may_assign,
)
from lytte.customers.models import Customer
from lytte.customers.services import add_contact_point, create_customer_at


@transaction.atomic
def set_reason(*, case: Case, reason: ContactReason, changed_by: User | None) -> Case:
    """Categorise a case; its contacts that have no reason of their own take it too."""
    ensure_can_work_on(changed_by, case)
    check_reason(reason)
    before = case.reason_id
    case.reason = reason
    case.save(update_fields=["reason", "updated_at"])
    Contact.objects.filter(case=case, reason__isnull=True).exclude(
        direction=Direction.INTERNAL
    ).update(reason=reason)
    record(actor=changed_by, action="case.reason_set", target=case, before=before, after=reason)
    announce_change(case, ["reason"])
    return case


@transaction.atomic
def set_status(*, case: Case, status: str, changed_by: User | None) -> Case:
    """Move a case through its workflow (see models.TRANSITIONS)."""
    ensure_can_work_on(changed_by, case)
    if status == case.status:
        return case
    if status not in TRANSITIONS.get(case.status, frozenset()):
        raise ValidationError(
            {
                "status": [
                    _("A %(current)s case cannot become %(new)s.")
                    % {"current": case.get_status_display(), "new": Status(status).label}
                    if status in Status.values
                    else _("Unknown status “%(status)s”.") % {"status": status}
                ]
            }
        )
    if status in (Status.RESOLVED, Status.CLOSED) and case.reason_id is None:
        raise ValidationError(
            {"reason": [_("Choose a contact reason before the case is resolved.")]}
        )
    now = timezone.now()
    before, resolved_before = case.status, case.resolved_at
    case.status = status
    fields = ["status"]
    if status == Status.RESOLVED or (status == Status.CLOSED and case.resolved_at is None):
        case.resolved_at = now
        fields.append("resolved_at")
    if status == Status.CLOSED:
        case.closed_at = now
        fields.append("closed_at")
    if status == Status.OPEN and case.resolved_at is not None:
        case.resolved_at = None
        fields.append("resolved_at")
    case.save(update_fields=[*fields, "updated_at"])
    record(actor=changed_by, action="case.status_changed", target=case, before=before, after=status)
    announce_change(case, fields, previous_resolved_at=resolved_before)
    return case


@transaction.atomic
def resolve(*, case: Case, resolved_by: User | None, reason: ContactReason | None = None) -> Case:
    if reason is not None and reason.pk != case.reason_id:
        set_reason(case=case, reason=reason, changed_by=resolved_by)
    return set_status(case=case, status=Status.RESOLVED, changed_by=resolved_by)


@transaction.atomic
def assign(
    *,
    case: Case,
    assigned_by: User | None,
    assignee: User | _Unset | None = UNSET,
    team: Team | _Unset | None = UNSET,
) -> Case:
    """Give a case to a person and/or a team (None clears). Moving a case to a team you are not
    in, or to someone else outside your teams, takes a supervisor."""
    ensure_can_work_on(assigned_by, case)
    before = (case.team_id, case.assignee_id)
    fields: list[str] = []
    if not isinstance(team, _Unset) and team != case.team:
        ensure_may_assign(assigned_by, team=team)
        case.team = team
        fields.append("team")
    if not isinstance(assignee, _Unset) and assignee != case.assignee:
        ensure_may_assign(assigned_by, assignee=assignee)
        case.assignee = assignee
        fields.append("assignee")
    if not fields:
        return case
    case.save(update_fields=[*fields, "updated_at"])
    record(
        actor=assigned_by,
        action="case.assigned",
        target=case,
        team=case.team,
        assignee=case.assignee,
    )
    announce_change(case, fields, moved_from=before)
    return case


@transaction.atomic
def update_case(
    *,
    case: Case,
    changed_by: User | None,
    subject: str | _Unset = UNSET,
    priority: str | _Unset = UNSET,
    customer: Customer | _Unset | None = UNSET,
) -> Case:
    """Change a case's subject, priority or customer (a caller identified after the fact)."""
    ensure_can_work_on(changed_by, case)
    changes: dict[str, Any] = {}
    if not isinstance(subject, _Unset):
        changes["subject"] = " ".join(subject.split())[:200]
    if not isinstance(priority, _Unset):
        if priority not in Priority.values:
            raise ValidationError(
                {"priority": [_("Unknown priority “%(value)s”.") % {"value": priority}]}
            )
        changes["priority"] = priority
    if not isinstance(customer, _Unset):
        changes["customer"] = customer
        changes["organization"] = customer.organization if customer else case.organization
    changes = {k: v for k, v in changes.items() if getattr(case, k) != v}
    if not changes:
        return case
    for key, value in changes.items():
        setattr(case, key, value)
    case.save(update_fields=[*changes, "updated_at"])
    if "customer" in changes:
        case.contacts.filter(customer__isnull=True).update(customer=case.customer)
    record(actor=changed_by, action="case.changed", target=case, **changes)
    announce_change(case, list(changes))
    return case


@transaction.atomic
def set_caller(*, case: Case, customer: Customer, address: str, changed_by: User | None) -> Case:
    """An unknown caller turns out to be `customer`: the case becomes theirs, and so does the
    number or address they contacted us from, so the next contact is recognised at once."""
    update_case(case=case, customer=customer, changed_by=changed_by)
    if address.strip():
        add_contact_point(customer=customer, address=address, added_by=changed_by)
    return case


@transaction.atomic
def identify_caller(
    *, case: Case, changed_by: User | None, customer: Customer | None = None, name: str = ""
) -> Case:
    """The unknown caller is an existing `customer`, or a new one called `name` (in the case's
    organization); either way they keep the number they called from. All of it or nothing."""
    address = caller_address(case)
    if customer is not None:
        return set_caller(case=case, customer=customer, address=address, changed_by=changed_by)
    ensure_can_work_on(changed_by, case)
    created = create_customer_at(
        name=name, address=address, organization=case.organization, created_by=changed_by
    )
    return update_case(case=case, customer=created, changed_by=changed_by)
