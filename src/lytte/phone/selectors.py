"""Reads about calls shared by the desk's pops and call log and the REST API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from lytte.accounts.models import User
from lytte.cases.models import OPEN_STATUSES, Case, Contact, ContactReason, Direction
from lytte.cases.policies import NOTHING, can_work_on, reach
from lytte.cases.rules import InboundContact, Sender
from lytte.cases.selectors import open_cases_for_customer, visible_cases
from lytte.customers.models import Customer
from lytte.customers.selectors import identify
from lytte.insights.selectors import suggest
from lytte.phone.models import Call

# A call within this time of the customer's last contact on an open case continues that case.
SAME_MATTER = timedelta(hours=2)


def calls_with_relations(calls: QuerySet[Call] | None = None) -> QuerySet[Call]:
    base = Call.objects.all() if calls is None else calls
    return base.select_related(
        "customer", "organization", "answered_by", "team", "contact__case", "integration"
    )


def visible_calls(user: User | None) -> QuerySet[Call]:
    """The calls `user` may see (decision 19): a call logged on a case follows its case; one on
    no case yet (ringing, missed, the call-back list) is for all staff, as any agent may call
    back."""
    scope = reach(user, "contact__case__")
    if scope == NOTHING:
        return Call.objects.none()
    if not scope:
        return Call.objects.all()
    return Call.objects.filter(Q(contact__isnull=True) | scope)


@dataclass(frozen=True)
class CallFilters:
    missed: bool | None = None
    waiting: bool = False  # missed and not called back yet: the call-back list
    team: int | None = None
    queue: str = ""
    agent: int | None = None
    direction: str = ""
    since: date | None = None
    until: date | None = None


def filtered_calls(filters: CallFilters, user: User | None) -> QuerySet[Call]:
    query = Q()
    if filters.missed is not None:
        query &= Q(missed=filters.missed)
    if filters.waiting:
        query &= Q(missed=True, called_back_at__isnull=True)
    if filters.team is not None:
        query &= Q(team_id=filters.team)
    if filters.queue:
        query &= Q(queue=filters.queue)
    if filters.agent is not None:
        query &= Q(answered_by_id=filters.agent)
    if filters.direction:
        query &= Q(direction=filters.direction)
    zone = timezone.get_current_timezone()
    if filters.since is not None:
        query &= Q(started_at__gte=datetime.combine(filters.since, time.min, zone))
    if filters.until is not None:
        query &= Q(started_at__lt=datetime.combine(filters.until, time.max, zone))
    return calls_with_relations(visible_calls(user).filter(query)).order_by("-started_at", "-id")


@dataclass(frozen=True)
class Caller:
    """What the agent needs before saying hello."""

    call: Call
    customers: list[Customer]
    open_cases: list[Case]
    last_reason: ContactReason | None
    seen_before: list[Call]
    offered: Case | None = None  # the open case the pop offers to continue, before a new one


def caller_for(call: Call, agent: User | None = None) -> Caller:
    """Who is calling: the customer (or everyone sharing the number), their open cases, the
    reason they last contacted us for and the case to continue (one `agent` may work on); for an
    unknown number, earlier calls from it."""
    customers: list[Customer] = [call.customer] if call.customer else []
    if not customers and call.caller:
        customers = identify(call.caller).customers
    if len(customers) == 1:
        open_cases = open_cases_for_customer(customers[0], agent)
        latest = (
            visible_cases(agent)
            .filter(customer=customers[0], reason__isnull=False)
            .select_related("reason")
            .order_by("-created_at")
            .first()
        )
        last_reason = latest.reason if latest else None
        about = _reason_of_last_contact(customers[0]) or last_reason
        offered = continuing_case(call, agent) or (
            open_cases.filter(reason=about).first() if about else None
        )
        if offered is not None and not can_work_on(agent, offered):
            offered = None
        return Caller(call, customers, list(open_cases[:5]), last_reason, [], offered)
    seen_before: list[Call] = []
    if not customers and call.caller:
        seen_before = list(
            calls_with_relations(
                visible_calls(agent).filter(caller=call.caller).exclude(pk=call.pk)
            )[:5]
        )
    return Caller(call, customers, [], None, seen_before)


def _reason_of_last_contact(customer: Customer) -> ContactReason | None:
    """Why the customer was last in touch: that contact's reason (or its case's) or, when it has
    none yet, a sure suggestion for what they wrote (decision 14)."""
    last = (
        Contact.objects.filter(customer=customer)
        .exclude(direction=Direction.INTERNAL)
        .select_related("reason", "case__reason")
        .order_by("-started_at", "-id")
        .first()
    )
    if last is None:
        return None
    if reason := last.reason or last.case.reason:
        return reason
    return suggest(last.body).sure if last.body.strip() else None


def continuing_case(call: Call, agent: User | None = None) -> Case | None:
    """The open case (of those `agent` may see) the caller was in contact about within the last
    two hours: the call is most likely about it."""
    return _same_matter(call.customer, agent)


def same_matter_rule(contact: InboundContact, sender: Sender) -> Case | None:
    """Phone's case rule (decision 25): a call continues the open case its caller was in
    contact about within the last two hours (one the answering agent may see)."""
    return _same_matter(sender.customer, contact.handled_by)


def _same_matter(customer: Customer | None, agent: User | None) -> Case | None:
    if customer is None:
        return None
    since = timezone.now() - SAME_MATTER
    return (
        visible_cases(agent)
        .filter(customer=customer, status__in=OPEN_STATUSES, contacts__started_at__gte=since)
        .order_by("-contacts__started_at")
        .first()
    )
