"""The community's small world: Kari asks, Ola answers, Ingrid (agent) replies as staff."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from lytte.community import services
from lytte.community.events import PostEdited, PostReplied, ThreadStarted
from lytte.community.forms import started_token
from lytte.community.models import Category, Member, Thread
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.platform.events import DomainEvent, subscribe, unsubscribe


@pytest.fixture
def kari(db: None) -> Customer:
    return create_customer(
        name="Kari Nordmann", emails=["kari@example.no"], phones=["+47 912 34 567"], language="nb"
    )


@pytest.fixture
def ola(db: None) -> Customer:
    return create_customer(name="Ola Hansen", emails=["ola@example.no"], language="nb")


@pytest.fixture
def kari_member(kari: Customer) -> Member:
    return services.choose_display_name(kari, "Fjordkari")


@pytest.fixture
def ola_member(ola: Customer) -> Member:
    return services.choose_display_name(ola, "Ola fra Bergen")


@pytest.fixture
def category(db: None) -> Category:
    return Category.objects.create(slug="billing", name="Billing", name_nb="Faktura", position=1)


@pytest.fixture
def question(kari_member: Member, category: Category) -> Thread:
    return services.ask(
        member=kari_member,
        category=category,
        language="nb",
        title="Fakturaen kom ikke i posten",
        body="Jeg har **ikke** fått fakturaen for mai.",
    )


def guarded(**data: Any) -> dict[str, Any]:
    """A posting form's data as a person sends it: the honeypot empty, shown a while ago."""
    return {"website": "", "started": started_token(time.time() - 30), **data}


@pytest.fixture
def heard() -> Iterator[list[DomainEvent]]:
    """The community's post events, as its own subscribers hear them (in the transaction)."""
    events: list[DomainEvent] = []
    kinds = (ThreadStarted, PostReplied, PostEdited)
    for kind in kinds:
        subscribe(kind, within_transaction=True)(events.append)
    yield events
    for kind in kinds:
        unsubscribe(kind, events.append)


def long_quiet(thread: Thread) -> datetime:
    """The thread's last activity three days ago (returned), to see whether a post moves it."""
    at = timezone.now() - timedelta(days=3)
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=at)
    return at
