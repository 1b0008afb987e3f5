"""Retention of knowledge searches: after their age the words a reader typed and who they were
go; the search itself stays counted for the knowledge gaps."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lytte.customers.models import Customer
from lytte.knowledge.models import SearchQuery
from lytte.knowledge.services import record_search
from lytte.privacy.services import run_retention

pytestmark = pytest.mark.django_db


def test_a_year_old_search_loses_its_words_and_customer_but_stays_counted() -> None:
    kari = Customer.objects.create(name="Kari Ødegård")
    old = record_search(
        source="portal", language="nb", query="kontonummer 1234.56.78901", results=0, customer=kari
    )
    recent = record_search(source="portal", language="fi", query="myöhässä", results=2)
    SearchQuery.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))

    run = run_retention(dry_run=False)

    assert {line["kind"]: line["purged"] for line in run.report}["searches"] == 1
    old.refresh_from_db()
    assert (old.query, old.customer, old.results, old.language) == ("", None, 0, "nb")
    recent.refresh_from_db()
    assert recent.query == "myöhässä"
    assert SearchQuery.objects.count() == 2
