"""The daily rollups the dashboards read equal a naive recount of the raw contacts and cases,
after any mix of writes: new contacts, reason changes, resolving, reopening, moving teams,
moving contacts between cases, setting a case's customer."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from lytte.accounts.models import Team
from lytte.cases.models import Case, Channel, Contact, ContactReason, Direction, Status
from lytte.cases.services import (
    assign,
    attach_contact,
    log_contact,
    open_case,
    set_reason,
    set_status,
    update_case,
)
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.insights.models import CaseDay, ContactDay, OrganizationDay, StaleDay
from lytte.insights.rollups import BUCKETS, local_day, mark_stale, median, refresh_stale

Committed = Callable[[], AbstractContextManager[Any]]


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Committed:
    """`with committed(): ...` runs what the writes inside announce, as their commit would:
    the test's own transaction never commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def recount() -> dict[str, Counter[Any]]:
    """The dashboards' numbers counted the slow, obvious way from every raw row."""
    contacts, repeats, opened, resolved, first, orgs = (Counter() for _ in range(6))
    inbound = list(Contact.objects.filter(direction=Direction.INBOUND).select_related("case"))
    for contact in inbound:
        reason = contact.reason_id or contact.case.reason_id
        key = (local_day(contact.started_at), reason, contact.channel, contact.case.team_id)
        contacts[key] += 1
        if (
            contact.customer_id
            and reason
            and any(
                other.customer_id == contact.customer_id
                and (other.reason_id or other.case.reason_id) == reason
                and contact.started_at - timedelta(days=7) <= other.started_at < contact.started_at
                for other in inbound
            )
        ):
            repeats[key] += 1
        if contact.case.organization_id:
            orgs[(local_day(contact.started_at), contact.case.organization_id, reason)] += 1
    for case in Case.objects.all():
        opened[(local_day(case.created_at), case.reason_id, case.channel, case.team_id)] += 1
        if case.resolved_at:
            key = (local_day(case.resolved_at), case.reason_id, case.channel, case.team_id)
            resolved[key] += 1
            first[key] += sum(c.case_id == case.pk for c in inbound) <= 1
    return {
        "contacts": contacts,
        "repeats": repeats,
        "opened": opened,
        "resolved": resolved,
        "first": first,
        "orgs": orgs,
    }


def rolled_up() -> dict[str, Counter[Any]]:
    result: dict[str, Counter[Any]] = {
        name: Counter() for name in ("contacts", "repeats", "opened", "resolved", "first", "orgs")
    }
    for row in ContactDay.objects.all():
        key = (row.day, row.reason_id, row.channel, row.team_id)
        result["contacts"][key] += row.contacts
        result["repeats"][key] += row.repeats
    for row in CaseDay.objects.all():
        key = (row.day, row.reason_id, row.channel, row.team_id)
        result["opened"][key] += row.opened
        result["resolved"][key] += row.resolved
        result["first"][key] += row.resolved_first_contact
    for row in OrganizationDay.objects.all():
        result["orgs"][(row.day, row.organization_id, row.reason_id)] += row.contacts
    return {name: +counter for name, counter in result.items()}  # + drops zero counts


def test_rollups_equal_a_recount_after_random_writes(
    team_oslo: Team, team_helsinki: Team, committed: Committed
) -> None:
    from lytte.customers.services import create_organization

    rng = random.Random(7)
    reasons = list(ContactReason.objects.filter(active=True))
    fjord = create_organization(name="Fjordkraft AS")
    customers: list[Customer] = [
        create_customer(name=f"Kunde {n} Ærø", organization=fjord if n % 2 else None)
        for n in range(6)
    ]
    cases: list[Case] = []
    base = timezone.now() - timedelta(days=20)
    for step in range(120):
        with committed():
            _random_write(rng, step, base, cases, customers, reasons, (team_oslo, team_helsinki))
        if step % 30 == 29:
            refresh_stale()
            assert rolled_up() == recount(), f"after step {step}"

    refresh_stale()
    assert StaleDay.objects.count() == 0
    assert rolled_up() == recount()
    assert sum(recount()["repeats"].values()) > 0  # the mix did produce repeats to count


def _random_write(
    rng: random.Random,
    step: int,
    base: Any,
    cases: list[Case],
    customers: list[Customer],
    reasons: list[ContactReason],
    teams: tuple[Team, Team],
) -> None:
    action = rng.random()
    if action < 0.35 or not cases:
        case = open_case(
            channel=rng.choice([Channel.PHONE, Channel.EMAIL, Channel.CHAT]),
            opened_by=None,
            customer=rng.choice(customers),
            team=rng.choice([*teams, None]),
        )
        # Spread over days the way no service writes: this raw write marks its day itself.
        created = base + timedelta(hours=step * 3)
        Case.objects.filter(pk=case.pk).update(created_at=created)
        mark_stale([local_day(created)])
        cases.append(case)
    case = rng.choice(cases)
    case.refresh_from_db()
    if case.status == Status.CLOSED:
        return
    if action < 0.6:
        log_contact(
            case=case,
            channel=case.channel,
            direction=Direction.INBOUND,
            logged_by=None,
            body="hei",
            started_at=base + timedelta(hours=step * 3, minutes=rng.randrange(60)),
            reason=rng.choice([None, *reasons]),
        )
    elif action < 0.72:
        set_reason(case=case, reason=rng.choice(reasons), changed_by=None)
    elif action < 0.82:
        if case.reason_id is None:
            set_reason(case=case, reason=rng.choice(reasons), changed_by=None)
        set_status(
            case=case,
            status=rng.choice([Status.RESOLVED, Status.OPEN, Status.PENDING]),
            changed_by=None,
        )
    elif action < 0.9:
        assign(case=case, assigned_by=None, team=rng.choice([*teams, None]))
    elif action < 0.95:
        _move_a_contact(rng, case, cases)
    else:
        update_case(case=case, customer=rng.choice(customers), changed_by=None)


def _move_a_contact(rng: random.Random, case: Case, cases: list[Case]) -> None:
    """One of the case's contacts onto another open case of the same customer, if there is one."""
    contact = case.contacts.order_by("?").first()
    if contact is None:
        return
    customer = contact.customer_id or case.customer_id
    others = [
        other
        for other in Case.objects.filter(pk__in=[c.pk for c in cases], customer=customer)
        if other.pk != case.pk and other.is_open
    ]
    if others and case.is_open:
        attach_contact(contact=contact, case=rng.choice(others), attached_by=None)


def test_the_median_is_read_from_the_histogram() -> None:
    histogram = [0] * (len(BUCKETS) + 1)
    histogram[0] = 1  # < 5 min
    histogram[3] = 2  # 30-60 min
    assert median(histogram) is not None
    assert 1800 <= median(histogram) <= 3600  # type: ignore[operator]
    assert median([0] * (len(BUCKETS) + 1)) is None
