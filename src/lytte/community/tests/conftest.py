"""The community's small world: Kari asks, Ola answers, Ingrid (agent) replies as staff."""

from __future__ import annotations

import time
from typing import Any

import pytest

from lytte.community import services
from lytte.community.forms import started_token
from lytte.community.models import Category, Member, Thread
from lytte.customers.models import Customer
from lytte.customers.services import create_customer


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
