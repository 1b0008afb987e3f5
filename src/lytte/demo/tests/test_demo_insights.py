"""The demo as the insights dashboard sees it: a repeat-contact rate a real site could have,
equal to a count of its own, and something in "Rising now"."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from lytte.accounts.models import User
from lytte.cases.models import Case, Contact, Direction
from lytte.demo.generate import load_demo
from lytte.insights.models import TrendAlert

pytestmark = pytest.mark.slow  # the full-size demo: `make test-fast` leaves it out


@pytest.fixture(scope="module")
def _full_demo_for_the_module(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Loaded once for both tests, rolled back after them (see conftest's shared demo)."""
    with (
        django_db_blocker.unblock(),
        override_settings(DATA_DIR=tmp_path_factory.mktemp("demo")),
        transaction.atomic(),
    ):
        load_demo(seed=7)
        call_command("insights", "rebuild", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def full_demo(_full_demo_for_the_module: None, db: None) -> None:
    """The demo `make run` loads (400 customers, 1,500 cases), with its rollups and trends."""


def repeats_counted_by_hand() -> tuple[int, int]:
    """(customer contacts, those within 7 days of an earlier one by the same customer about the
    same reason): the definition, applied to the raw contacts."""
    seen: dict[tuple[int, int], list[datetime]] = defaultdict(list)
    contacts = repeats = 0
    rows = (
        Contact.objects.filter(direction=Direction.INBOUND)
        .values_list("customer_id", "reason_id", "case__reason_id", "started_at")
        .order_by("started_at")
    )
    for customer, reason, case_reason, started in rows:
        contacts += 1
        label = reason or case_reason
        if customer is None or label is None:
            continue
        earlier = seen[(customer, label)]
        repeats += any(started - timedelta(days=7) <= other < started for other in earlier)
        earlier.append(started)
    return contacts, repeats


def test_the_demo_repeat_rate_is_one_a_real_site_could_have_and_counts_true(
    client: Client, full_demo: None
) -> None:
    client.force_login(User.objects.get(username="supervisor"))
    today = timezone.localdate()
    everything = {"from": today - timedelta(days=120), "to": today}

    figures = client.get("/insights/data/", everything).json()["figures"]
    contacts, repeats = repeats_counted_by_hand()

    assert figures["contacts"] == contacts
    assert figures["repeat_rate"] == pytest.approx(repeats / contacts, abs=0.0001)
    assert 0.05 < figures["repeat_rate"] < 0.35
    keenest = Counter(Case.objects.values_list("customer_id", flat=True)).most_common(1)[0][1]
    assert keenest < 0.03 * Case.objects.count()


def test_the_demo_has_something_rising_now(client: Client, full_demo: None) -> None:
    client.force_login(User.objects.get(username="supervisor"))

    page = client.get("/insights/").content.decode()

    assert TrendAlert.objects.filter(reason__code="login").exists()
    assert "Rising now" in page
    assert "Login" in page
