"""A customer signed in to the portal: their searches and answers are theirs (for "not solved by
self-service", and for their erasure)."""

from __future__ import annotations

import pytest
from django.test import Client

from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.knowledge.models import Feedback, SearchQuery
from lytte.portal.help import views
from lytte.portal.tests.help_world import HelpCentre

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in_liisa(monkeypatch: pytest.MonkeyPatch) -> Customer:
    """Liisa, as the portal's sign-in (lytte.portal.identity) would say on every request."""
    liisa = create_customer(name="Liisa Virtanen", emails=["liisa@example.fi"])
    monkeypatch.setattr(views, "current_customer", lambda request: liisa)
    return liisa


def test_a_signed_in_customers_search_is_recorded_as_theirs(
    help_centre: HelpCentre, signed_in_liisa: Customer
) -> None:
    Client().get("/help/fi/search/", {"q": "laskun"})
    assert SearchQuery.objects.get().customer == signed_in_liisa


def test_a_signed_in_customers_answer_is_recorded_as_theirs(
    help_centre: HelpCentre, signed_in_liisa: Customer
) -> None:
    Client().post("/help/fi/articles/toimitusajat/feedback/", {"helpful": "no"})
    assert Feedback.objects.get().customer == signed_in_liisa
