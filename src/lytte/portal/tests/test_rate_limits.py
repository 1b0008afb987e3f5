"""The portal's abuse limits: a customer filing case after case, or anyone flooding an article's
feedback or the search log, is told to wait (429 with a sentence) and nothing more is stored;
one customer's or address's use does not limit another's."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from lytte.cases.models import Case, Contact
from lytte.customers.models import Customer
from lytte.knowledge.models import Feedback, SearchQuery
from lytte.portal.tests.help_world import HelpCentre
from lytte.portal.tests.sessions import portal_client

pytestmark = pytest.mark.django_db
FEEDBACK = "/help/nb/articles/faktura-og-betaling/feedback/"


@pytest.fixture(autouse=True)
def _small_limits(settings: Any) -> None:
    settings.PORTAL_RATE_LIMITS = {
        "case": (2, 3600),
        "reply": (2, 3600),
        "feedback": (2, 3600),
        "search": (2, 60),
        "suggestions": (2, 60),
    }


def _new_case(client: Client, subject: str) -> Any:
    form = {"subject": subject, "body": "Strømmen går hele tiden", "client_token": uuid.uuid4().hex}
    return client.post("/help/nb/cases/new/", form)


def test_a_customer_past_the_limit_of_new_cases_is_asked_to_wait(
    kari: Customer, ola: Customer
) -> None:
    client = portal_client(kari)
    assert [_new_case(client, f"Sak {n}").status_code for n in (1, 2)] == [302, 302]
    refused = _new_case(client, "Sak 3")
    assert refused.status_code == 429
    assert "Vent litt" in refused.content.decode()
    assert Case.objects.filter(customer=kari).count() == 2
    assert _new_case(portal_client(ola), "Olas sak").status_code == 302  # his own count


def test_replies_past_the_limit_are_refused_and_not_stored(
    kari: Customer, karis_case: Case
) -> None:
    client = portal_client(kari)
    url = f"/help/nb/cases/{karis_case.number}/"
    before = Contact.objects.filter(case=karis_case).count()
    statuses = [
        client.post(url, {"body": f"Hei igjen {n}", "client_token": uuid.uuid4().hex}).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert Contact.objects.filter(case=karis_case).count() == before + 2


def test_article_feedback_past_the_limit_is_refused_with_and_without_htmx(
    help_centre: HelpCentre,
) -> None:
    client = Client()
    assert client.post(FEEDBACK, {"helpful": "yes"}).status_code == 302
    assert client.post(FEEDBACK, {"helpful": "no"}, HTTP_HX_REQUEST="true").status_code == 200
    refused = client.post(FEEDBACK, {"helpful": "no"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 429
    assert 'role="alert"' in refused.content.decode()
    assert client.post(FEEDBACK, {"helpful": "no"}).status_code == 429
    assert Feedback.objects.count() == 2
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post(FEEDBACK, {"helpful": "yes"}).status_code == 302


def test_searches_past_the_limit_are_not_run_nor_recorded(help_centre: HelpCentre) -> None:
    client = Client()
    for word in ("faktura", "strøm"):
        assert client.get("/help/nb/search/", {"q": word}).status_code == 200
    refused = client.get("/help/nb/search/", {"q": "måler"})
    assert refused.status_code == 429
    assert "Vent et minutt" in refused.content.decode()
    assert SearchQuery.objects.count() == 2
    suggestions = "/help/nb/search/suggestions/"
    assert [client.get(suggestions, {"q": "fak"}).status_code for _ in range(3)] == [200, 200, 429]
