"""The rollups hear of every counted write through the core's domain events, not model signals:
after a busy day of work through the services, refreshing only the days the events marked
gives exactly the rows a rebuild from scratch gives."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_init, post_save, pre_save
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.accounts.services import remove_team
from lytte.cases import services
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
from lytte.customers.services import create_customer, create_organization
from lytte.insights.models import CaseDay, ContactDay, OrganizationDay, StaleDay
from lytte.insights.rollups import local_day, mark_all_stale, refresh_stale
from lytte.insights.tests.test_rollups import Committed, committed, recount, rolled_up
from lytte.privacy.services import erase_customer

__all__ = ["committed"]  # the fixture

ROLLUPS: list[type[Model]] = [ContactDay, CaseDay, OrganizationDay]


def tables() -> dict[str, list[tuple[Any, ...]]]:
    """Every rollup row, as its values without the row id, in a stable order."""
    result = {}
    for model in ROLLUPS:
        names = [field.attname for field in model._meta.concrete_fields if field.attname != "id"]
        result[model.__name__] = sorted(
            model.objects.values_list(*names), key=lambda row: tuple(map(repr, row))
        )
    return result


def refresh() -> None:
    while refresh_stale():
        pass


def rebuilt_from_scratch() -> dict[str, list[tuple[Any, ...]]]:
    for model in ROLLUPS:
        model.objects.all().delete()
    mark_all_stale()
    refresh()
    return tables()


def _world(teams: list[Team]) -> tuple[list[Customer], list[Case]]:
    """Customers and cases spread over the last three weeks (raw writes, then a rebuild, as the
    demo loader does), so the work that follows touches old days, not only today."""
    rng = random.Random(11)
    fjord = create_organization(name="Fjordkraft AS")
    customers = [
        create_customer(name=f"Kunde {n}", organization=fjord if n % 3 == 0 else None)
        for n in range(8)
    ]
    cases = []
    now = timezone.now()
    for n in range(24):
        case = open_case(
            channel=rng.choice([Channel.PHONE, Channel.EMAIL, Channel.CHAT]),
            opened_by=None,
            customer=rng.choice(customers),
            team=rng.choice([*teams, None]),
        )
        created = now - timedelta(days=21 - n * 0.8, hours=rng.randrange(8))
        Case.objects.filter(pk=case.pk).update(created_at=created)
        case.refresh_from_db()
        cases.append(case)
    rebuilt_from_scratch()
    StaleDay.objects.all().delete()
    return customers, cases


def _customers_write(rng: random.Random, cases: list[Case]) -> None:
    """Many emails in, each some days after its case opened (no reason yet: a contact's reason
    would also move its case, and each event should show it marks enough on its own)."""
    for case in cases:
        for n in range(rng.randrange(1, 5)):
            log_contact(
                case=case,
                channel=Channel.EMAIL,
                direction=Direction.INBOUND,
                logged_by=None,
                body="hei",
                started_at=_after(rng, case.created_at, n),
            )


def _agents_answer(rng: random.Random, cases: list[Case], agent: User) -> None:
    """Replies out, which give cases their first response."""
    for case in cases[::2]:
        log_contact(
            case=case,
            channel=Channel.EMAIL,
            direction=Direction.OUTBOUND,
            logged_by=None,
            body="svar",
            started_at=_after(rng, case.created_at, 2),
            handled_by=agent,
        )


def _after(rng: random.Random, moment: datetime, n: int) -> datetime:
    later = moment + timedelta(hours=n * 20 + rng.randrange(1, 12))
    return min(later, timezone.now() - timedelta(minutes=1))


def _reasons_set(rng: random.Random, cases: list[Case]) -> None:
    reasons = list(ContactReason.objects.filter(active=True))
    for case in cases:
        set_reason(case=case, reason=rng.choice(reasons), changed_by=None)


def _resolved_and_back(cases: list[Case]) -> None:
    for case in cases[::2]:
        set_status(case=case, status=Status.RESOLVED, changed_by=None)
    for case in cases[::6]:
        set_status(case=case, status=Status.OPEN, changed_by=None)  # reopened: uncounted


def _moved(rng: random.Random, cases: list[Case], teams: list[Team]) -> None:
    for case in cases[1::3]:
        assign(case=case, assigned_by=None, team=rng.choice([*teams, None]))


def _customers_set(rng: random.Random, customers: list[Customer], cases: list[Case]) -> None:
    for case in cases[1::4]:
        update_case(case=case, customer=rng.choice(customers), changed_by=None)


def _contact_moved(cases: list[Case]) -> None:
    """A contact onto another open case of its customer."""
    for case in cases[3::5]:
        others = [c for c in cases if c.pk != case.pk and c.customer_id == case.customer_id]
        contact = case.contacts.filter(customer=case.customer_id).first()
        if others and contact is not None and case.is_open and others[0].is_open:
            attach_contact(contact=contact, case=others[0], attached_by=None)


def _comes_back(cases: list[Case]) -> None:
    """A customer writes again on a resolved case: it reopens, uncounted on its resolved day."""
    for case in [case for case in cases if case.status == Status.RESOLVED][::2]:
        log_contact(case=case, channel=Channel.PHONE, direction=Direction.INBOUND, logged_by=None)


def test_a_days_work_through_the_services_keeps_every_rollup_row_equal_to_a_rebuild(
    team_oslo: Team, team_helsinki: Team, agent: User, admin_user: User, committed: Committed
) -> None:
    rng = random.Random(5)
    teams = [team_oslo, team_helsinki]
    customers, cases = _world(teams)
    work = {
        "emails in": lambda: _customers_write(rng, cases),
        "replies out": lambda: _agents_answer(rng, cases, agent),
        "reasons set": lambda: _reasons_set(rng, cases),
        "resolved and reopened": lambda: _resolved_and_back(cases),
        "moved between teams": lambda: _moved(rng, cases, teams),
        "customer set": lambda: _customers_set(rng, customers, cases),
        "contact moved": lambda: _contact_moved(cases),
        "erasure": lambda: erase_customer(
            customer=customers[0], erased_by=admin_user, reason="Asked to be forgotten"
        ),
        "customers come back": lambda: _comes_back(cases),
        "a team removed": lambda: remove_team(team=team_helsinki, removed_by=admin_user),
    }
    for what, do in work.items():
        for case in cases:
            case.refresh_from_db()
        with committed():
            do()
        refresh()  # only the days the events marked, and the week after each
        assert tables() == rebuilt_from_scratch(), f"after {what}"
        assert rolled_up() == recount(), f"after {what}"
    # The work reached what is compared: contacts counted, cases resolved.
    assert Contact.objects.filter(direction=Direction.INBOUND).count() > len(cases)
    assert sum(row.resolved for row in CaseDay.objects.all()) > 0


def test_no_model_signal_does_the_events_work() -> None:
    """Cases and contacts are counted from events; a signal would also fire for writes that
    publish nothing and cost a call on every row loaded."""
    for model in (Case, Contact):
        for signal in (post_init, pre_save, post_save, post_delete):
            assert not signal.has_listeners(model), (signal, model)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_days_mark_commits_and_rolls_back_with_the_write_it_follows() -> None:
    """The mark is written inside the writing transaction: a rolled-back write leaves no mark,
    and a committed one has its mark even if no after-commit delivery ever ran (a crash)."""
    StaleDay.objects.all().delete()
    seen_inside: list[bool] = []

    def failing_request() -> None:
        with transaction.atomic():
            services.open_case(channel=Channel.PHONE, opened_by=None)
            seen_inside.append(StaleDay.objects.exists())
            raise RuntimeError("the request failed after the write")

    with pytest.raises(RuntimeError):
        failing_request()
    assert seen_inside == [True]  # marked within the transaction...
    assert not StaleDay.objects.exists()  # ...and gone with it

    with transaction.atomic():
        case = services.open_case(channel=Channel.PHONE, opened_by=None)
        transaction.get_connection().run_on_commit.clear()  # the process dies at the commit
    assert StaleDay.objects.filter(day=local_day(case.created_at)).exists()
