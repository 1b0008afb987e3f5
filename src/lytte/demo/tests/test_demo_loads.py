"""Demo loads of their own, apart from the one demo the other modules here share and only
read: the same seed loads the same data, and larger loads keep their proportions (languages,
organizations, households, open cases per customer)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import transaction
from django.db.models import Count

from lytte.cases.models import OPEN_STATUSES, Case
from lytte.customers.addresses import AddressKind
from lytte.customers.models import ContactPoint, Customer
from lytte.customers.selectors import identify
from lytte.demo.generate import load_demo
from lytte.demo.tests.conftest import SEED, run_demo


class _Rollback(Exception):
    pass


def _load_and_forget(seed: int) -> tuple[object, ...]:
    """What a load with this seed writes, rolled back so the next load starts from the same."""
    try:
        with transaction.atomic():
            load_demo(customers=30, cases=60, seed=seed)
            people = list(Customer.objects.order_by("pk").values_list("name", "language"))
            points = list(ContactPoint.objects.order_by("pk").values_list("kind", "value"))
            cases = Case.objects.order_by("number").values_list(
                "subject", "channel", "reason__code"
            )
            raise _Rollback(people, points, list(cases))
    except _Rollback as rollback:
        return rollback.args


def test_the_same_seed_loads_the_same_data(db: None, data_dir: object) -> None:
    first = _load_and_forget(SEED)
    assert first == _load_and_forget(SEED)
    assert first != _load_and_forget(SEED + 1)


def test_most_customers_speak_their_countrys_language_and_many_work_for_an_organization(
    db: None, data_dir: Path
) -> None:
    run_demo("--customers", "400", "--cases", "0", "--seed", "7")
    customers = Customer.objects.all()
    assert customers.count() == 400
    assert customers.filter(language="en").count() < 40
    assert 0.45 < customers.filter(organization__isnull=False).count() / 400 < 0.75


def test_a_few_households_share_one_phone_number(db: None, data_dir: Path) -> None:
    run_demo("--customers", "400", "--cases", "0", "--seed", "7")
    phones = ContactPoint.objects.filter(kind=AddressKind.PHONE, customer__isnull=False)
    values = list(phones.values_list("value", flat=True))
    shared = {value for value in values if values.count(value) > 1}
    assert 0 < len(shared) < 20
    household = identify(next(iter(shared))).customers
    assert len(household) > 1
    assert len({customer.name.split(" ", 1)[1] for customer in household}) == 1


@pytest.mark.slow  # 1,000 cases: `make test-fast` leaves it out
def test_no_demo_customer_has_more_than_a_handful_of_open_cases(db: None, data_dir: Path) -> None:
    # With this seed the random mix once gave one customer 35 open cases. The spread keeps at
    # most 3 recent cases per customer; older ones are now and then still open, and how many
    # has varied between runs (6 or 7 seen, cause not pinned down), never near dozens.
    run_demo("--customers", "60", "--cases", "1000", "--seed", "1")
    most = (
        Case.objects.filter(status__in=OPEN_STATUSES)
        .values("customer")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("n", flat=True)
        .first()
    )
    assert most is not None
    assert most <= 8
