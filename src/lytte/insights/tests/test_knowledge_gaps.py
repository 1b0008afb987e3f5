"""Knowledge gaps: help-centre searches without results or clicks, unhelpful articles, reasons
with contacts and no article, and cases within 24 hours after the customer's own search."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lytte.accounts.models import User
from lytte.cases.models import Case, Channel
from lytte.cases.services import open_case
from lytte.cases.tests.factories import reason
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.insights import gaps
from lytte.insights.models import ContactDay
from lytte.knowledge.models import SearchQuery, SearchSource, State, Translation, Visibility
from lytte.knowledge.services import (
    create_article,
    record_feedback,
    record_search,
    save_translation,
    set_state,
)

NOW = timezone.now()


def period(language: str = "") -> gaps.GapFilters:
    today = timezone.localdate()
    return gaps.GapFilters(today - timedelta(days=30), today, language)


def search(
    query: str,
    results: int,
    *,
    language: str = "nb",
    source: str = SearchSource.PORTAL,
    customer: Customer | None = None,
    at: datetime | None = None,
    clicked: Translation | None = None,
) -> SearchQuery:
    found = record_search(
        source=source, language=language, query=query, results=results, customer=customer
    )
    SearchQuery.objects.filter(pk=found.pk).update(
        created_at=at or NOW - timedelta(days=2), clicked=clicked
    )
    return found


def article(
    title: str, *, language: str = "nb", state: str = State.PUBLISHED, **links: object
) -> Translation:
    written = create_article(
        by=None, source_language=language, visibility=Visibility.PUBLIC, **links
    )  # type: ignore[arg-type]
    translation = save_translation(
        article=written, language=language, title=title, body=f"Om {title.lower()}.", by=None
    )
    return set_state(translation, state, by=None)


def case_at(
    customer: Customer | None, at: datetime, subject: str = "Hjelp", code: str = ""
) -> Case:
    opened = open_case(
        channel=Channel.WEB,
        opened_by=None,
        customer=customer,
        subject=subject,
        reason=reason(code) if code else None,
    )
    Case.objects.filter(pk=opened.pk).update(created_at=at)
    return opened


# Searches ---------------------------------------------------------------------------------


@pytest.fixture
def searches(db: None) -> None:
    invoice = article("Faktura og betaling")
    search("Fakturaadresse", 0)
    search("  fakturaADRESSE ", 0)
    search("«fakturaadresse»", 0)
    search("bytte strømavtale?", 0)
    search("laskun eräpäivä", 0, language="fi")
    search("faktura", 3)
    search("faktura", 3, clicked=invoice)
    search("strømbrudd", 0, source=SearchSource.DESK)  # an agent's: not the help centre's
    search("gammel", 0, at=NOW - timedelta(days=90))  # before the period


def test_searches_that_found_nothing_are_grouped_by_normalised_query(searches: None) -> None:
    rows = gaps.searches_without_results(period())
    assert [(row["query"], row["searches"]) for row in rows] == [
        ("fakturaadresse", 3),
        ("bytte strømavtale", 1),
        ("laskun eräpäivä", 1),
    ]
    assert rows[0]["share"] == round(3 / 7, 4)  # of the period's seven help-centre searches


def test_searches_with_results_nobody_opened(searches: None) -> None:
    assert gaps.searches_without_clicks(period()) == [
        {"query": "faktura", "searches": 1, "share": round(1 / 7, 4)}
    ]
    assert gaps.search_summary(period()) == {
        "searches": 7,
        "without_results": 5,
        "without_clicks": 1,
    }


def test_the_language_narrows_the_searches(searches: None) -> None:
    rows = gaps.searches_without_results(period("fi"))
    assert rows == [{"query": "laskun eräpäivä", "searches": 1, "share": 1.0}]


# Feedback ---------------------------------------------------------------------------------


def test_unhelpful_articles_with_their_share_and_latest_comments(db: None) -> None:
    meter = article("Lese av måleren")
    invoice = article("Faktura og betaling")
    finnish = article("Mittarin lukeminen", language="fi")
    record_feedback(translation=meter, helpful=False, comment="Fant ikke måleren")
    record_feedback(translation=meter, helpful=False)
    record_feedback(translation=meter, helpful=False, comment="Bildet mangler")
    record_feedback(translation=meter, helpful=True)
    record_feedback(translation=invoice, helpful=True)
    record_feedback(translation=finnish, helpful=False)

    rows = gaps.unhelpful_articles(period())
    assert [(row["title"], row["unhelpful"], row["answers"], row["share"]) for row in rows] == [
        ("Lese av måleren", 3, 4, 0.75),
        ("Mittarin lukeminen", 1, 1, 1.0),
    ]
    assert rows[0]["comments"] == ["Bildet mangler", "Fant ikke måleren"]
    assert rows[0]["path"] == f"/help/nb/articles/{meter.slug}/"
    assert [row["title"] for row in gaps.unhelpful_articles(period("fi"))] == ["Mittarin lukeminen"]


# Reasons ----------------------------------------------------------------------------------


def test_reasons_with_contacts_and_no_published_article(db: None) -> None:
    day = timezone.localdate() - timedelta(days=3)
    for code, contacts in (("invoice", 30), ("delivery", 12), ("fault", 5), ("praise", 0)):
        ContactDay.objects.create(day=day, reason=reason(code), channel="phone", contacts=contacts)
    ContactDay.objects.create(day=day - timedelta(days=60), reason=reason("order"), contacts=99)
    article("Når kommer pakken?", reasons=[reason("delivery")])
    article("Ruteren blinker", state=State.DRAFT, reasons=[reason("fault")])  # not published

    rows = gaps.reasons_without_articles(period())
    assert [(row["reason"].code, row["contacts"]) for row in rows] == [
        ("invoice", 30),
        ("fault", 5),
    ]
    # No Finnish article answers deliveries either.
    assert [row["reason"].code for row in gaps.reasons_without_articles(period("fi"))] == [
        "invoice",
        "delivery",
        "fault",
    ]


# Not solved by self-service ---------------------------------------------------------------


@pytest.fixture
def kari(db: None) -> Customer:
    return create_customer(name="Kari Nordmann", emails=["kari@example.no"])


@pytest.fixture
def ola(db: None) -> Customer:
    return create_customer(name="Ola Hansen", emails=["ola@example.no"])


def test_a_case_23_hours_after_the_customers_search_counts_and_25_hours_does_not(
    kari: Customer, ola: Customer
) -> None:
    searched = NOW - timedelta(days=5)
    search("fakturaadresse", 0, customer=kari, at=searched)
    within = case_at(kari, searched + timedelta(hours=23), code="invoice")
    case_at(kari, searched + timedelta(hours=25))  # too late: another matter
    case_at(kari, searched - timedelta(hours=1))  # before the search
    case_at(ola, searched + timedelta(hours=1))  # someone else

    assert list(gaps.cases_after_search(period())) == [within]
    figures = gaps.not_solved_by_self_service(period())
    assert figures == {
        "cases": 1,
        "share": 0.25,  # of the four cases opened in the period
        "searches": 1,
        "searches_followed": 1,
        "search_share": 1.0,
    }
    assert [
        (row["reason"].code, row["cases"]) for row in gaps.cases_after_search_by_reason(period())
    ] == [("invoice", 1)]


def test_a_case_exactly_24_hours_after_counts(kari: Customer) -> None:
    searched = NOW - timedelta(days=5)
    search("strømbrudd", 0, customer=kari, at=searched)
    case_at(kari, searched + timedelta(hours=24))
    assert gaps.not_solved_by_self_service(period())["cases"] == 1


def test_an_anonymous_search_or_a_desk_search_does_not_count(kari: Customer) -> None:
    searched = NOW - timedelta(days=5)
    search("fakturaadresse", 0, at=searched)  # not signed in: nobody to follow
    search("fakturaadresse", 0, customer=kari, source=SearchSource.DESK, at=searched)
    case_at(kari, searched + timedelta(hours=2))

    assert gaps.not_solved_by_self_service(period())["cases"] == 0
    assert gaps.cases_after_search_by_reason(period()) == []


def test_one_case_after_several_searches_counts_once_and_the_language_is_the_searchs(
    kari: Customer,
) -> None:
    searched = NOW - timedelta(days=5)
    search("faktura", 2, customer=kari, at=searched)
    search("fakturaadresse", 0, customer=kari, at=searched + timedelta(hours=1))
    case_at(kari, searched + timedelta(hours=3))

    figures = gaps.not_solved_by_self_service(period())
    assert (figures["cases"], figures["searches"], figures["searches_followed"]) == (1, 2, 2)
    assert gaps.not_solved_by_self_service(period("fi"))["cases"] == 0
    assert gaps.cases_after_search_by_reason(period()) == [
        {"reason": None, "label": "", "cases": 1}
    ]


# The page ---------------------------------------------------------------------------------


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_shows_the_gaps_to_a_supervisor_and_refuses_an_agent(
    supervisor: User, agent: User, searches: None
) -> None:
    response = _client(supervisor).get("/insights/knowledge/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "fakturaadresse" in body
    assert "bytte strømavtale" in body
    assert _client(agent).get("/insights/knowledge/").status_code == 403


def test_the_page_reads_in_a_fixed_number_of_queries_however_many_rows(
    supervisor: User, django_assert_max_num_queries: Any
) -> None:
    for number in range(30):
        meter = article(f"Artikkel {number}")
        record_feedback(translation=meter, helpful=False, comment=f"Kommentar {number}")
        search(f"søk {number}", 0)
    client = _client(supervisor)
    with django_assert_max_num_queries(25):
        assert client.get("/insights/knowledge/").status_code == 200


def test_the_director_dashboard_links_to_the_gaps(supervisor: User) -> None:
    assert 'href="/insights/knowledge/"' in _client(supervisor).get("/insights/").content.decode()


@pytest.mark.parametrize(
    "params",
    [{"from": "2026-13-40"}, {"language": "xx"}, {"from": "2026-06-01", "to": "2026-01-01"}],
)
def test_bad_filters_are_a_400_not_an_error(supervisor: User, params: dict[str, str]) -> None:
    assert _client(supervisor).get("/insights/knowledge/", params).status_code == 400
    export = _client(supervisor).get("/insights/knowledge/export/", {"table": "reasons", **params})
    assert export.status_code == 400


def test_each_table_exports_as_csv(supervisor: User, searches: None) -> None:
    response = _client(supervisor).get(
        "/insights/knowledge/export/", {"table": "no-results", "language": "nb"}
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert list(csv.reader(io.StringIO(text)))[:2] == [
        ["query", "searches", "share"],
        ["fakturaadresse", "3", str(round(3 / 6, 4))],
    ]
    for table in ("no-clicks", "unhelpful", "reasons", "after-search"):
        assert (
            _client(supervisor).get("/insights/knowledge/export/", {"table": table}).status_code
            == 200
        )
    assert _client(supervisor).get("/insights/knowledge/export/", {"table": "x"}).status_code == 404
