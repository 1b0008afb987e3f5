"""Pages that must stay fast on 100,000 customers and 300,000 cases find their rows through an
index narrowed to the case, the customer or the words searched, never by reading a whole table
or index (bench/http.py measures them). These are SQLite's plans, which depend on the schema
only; PostgreSQL's depend on table statistics."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lytte.accounts.models import Team, User
from lytte.cases import services
from lytte.cases.models import Channel
from lytte.customers.services import create_customer

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's query plans; PostgreSQL's need statistics"
)


def _plans(agent: User, path: str, **headers: str) -> list[list[str]]:
    """EXPLAIN QUERY PLAN of every query one GET of `path` makes, a list of steps each."""
    client = Client()
    client.force_login(agent)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, headers=headers).status_code == 200
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if query["sql"].startswith("SELECT"):
                cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
                plans.append([row[-1] for row in cursor.fetchall()])
    return plans


def test_the_workspace_reads_the_customers_own_addresses_not_every_address(
    agent: User, team_oslo: Team
) -> None:
    kari = create_customer(name="Kari Nordmann", phones=["+4791234567"], emails=["kari@x.no"])
    case = services.open_case(channel=Channel.PHONE, opened_by=agent, customer=kari, team=team_oslo)
    plans = _plans(agent, f"/desk/cases/{case.number}/")
    # (kind=?) alone walks every customer's email address: 116 ms at 100,000 customers.
    steps = [step for plan in plans for step in plan]
    assert not [step for step in steps if "contactpoint_lookup (kind=?)" in step]


def _scans(plans: list[list[str]], table: str) -> list[str]:
    """Steps of the plans of queries on `table` that SCAN a table or an index (not a word
    index, nor a subquery's few rows)."""
    steps = [step for plan in plans if any(table in s for s in plan) for step in plan]
    assert steps, f"no query read {table}"
    return [step for step in steps if re.match(r"SCAN (?!\(|\w+_fts )", step)]


def test_subject_search_reads_the_word_index_not_every_case(agent: User) -> None:
    plans = _plans(agent, "/desk/search/?q=zebrafinch+feil", HX_REQUEST="true")
    assert [step for plan in plans for step in plan if "cases_case_subject_fts" in step]
    assert not _scans(plans, "cases_case")


def test_name_search_reads_the_word_indexes_not_every_customer_or_organization(
    agent: User,
) -> None:
    create_customer(name="Kari Ødegård", phones=["+4791234567"])
    plans = _plans(agent, "/desk/search/?q=%C3%98deg%C3%A5rd", HX_REQUEST="true")
    steps = [step for plan in plans for step in plan]
    assert [step for step in steps if "customer_name_folded_fts" in step]
    assert [step for step in steps if "organization_name_folded_fts" in step]
    assert not _scans(plans, "customers_customer")
    assert not _scans(plans, "customers_organization")
