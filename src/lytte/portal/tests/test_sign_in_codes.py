"""Signing in with a code or link mailed to a known address: the same answer for any address,
single use, expiry, attempts and rate limits."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lytte.audit.models import AuditEvent
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.portal import codes
from lytte.portal.models import SignInCode

pytestmark = pytest.mark.django_db


def ask(client: Client, address: str) -> object:
    response = client.post("/help/nb/sign-in/", {"email": address})
    codes.finish_sending()
    return response


def mailed_code() -> str:
    found = re.search(r"^\s+(\d{6})$", mail.outbox[-1].body, re.MULTILINE)
    assert found, mail.outbox[-1].body
    return found.group(1)


def mailed_link() -> str:
    found = re.search(r"https?://\S+/sign-in/link/\S+/", mail.outbox[-1].body)
    assert found
    return "/" + found.group(0).split("://", 1)[1].split("/", 1)[1]


def test_a_known_address_gets_a_code_and_a_link_in_the_customers_language(kari: Customer) -> None:
    client = Client()
    response = ask(client, "Kari@Example.no")
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Kari@example.no"]
    assert "Hei Kari Nordmann" in message.body or "Kari Nordmann" in message.body
    assert re.fullmatch(r"\d{6}", mailed_code())
    assert "/help/nb/sign-in/link/" in message.body


def test_the_code_signs_the_customer_in_once(kari: Customer) -> None:
    client = Client()
    ask(client, "kari@example.no")
    code = mailed_code()
    response = client.post("/help/nb/sign-in/code/", {"code": code})
    assert response.status_code == 302
    assert response["Location"] == "/help/nb/cases/"
    assert client.get("/help/nb/cases/").status_code == 200
    assert AuditEvent.objects.filter(action="portal.signed_in", target_id=str(kari.pk)).exists()

    other = Client()
    session = other.session
    session["lytte_portal_pending"] = SignInCode.objects.get().pk
    session.save()
    again = other.post("/help/nb/sign-in/code/", {"code": code})
    assert again.status_code == 400
    assert other.get("/help/nb/cases/").status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(kari: Customer) -> None:
    known, unknown = Client(), Client()
    answer_known = ask(known, "kari@example.no")
    answer_unknown = ask(unknown, "nobody@example.no")
    assert answer_known.status_code == answer_unknown.status_code == 302  # type: ignore[attr-defined]
    assert answer_known["Location"] == answer_unknown["Location"]  # type: ignore[index]
    page_known = known.get("/help/nb/sign-in/code/").content.decode()
    page_unknown = unknown.get("/help/nb/sign-in/code/").content.decode()
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", page_known) == strip.sub("", page_unknown)
    assert len(mail.outbox) == 1
    assert Customer.objects.count() == 1  # an unknown address never makes a customer
    # Guessing a code for the unknown address fails like a wrong code.
    assert unknown.post("/help/nb/sign-in/code/", {"code": "123456"}).status_code == 400


def test_an_address_several_customers_share_signs_nobody_in(kari: Customer) -> None:
    create_customer(name="Per Nordmann", emails=["kari@example.no"])
    ask(Client(), "kari@example.no")
    assert mail.outbox == []


def test_a_wrong_code_counts_and_five_wrong_codes_spend_it(kari: Customer) -> None:
    client = Client()
    ask(client, "kari@example.no")
    code = mailed_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _attempt in range(codes.ATTEMPTS_PER_CODE):
        assert client.post("/help/nb/sign-in/code/", {"code": wrong}).status_code == 400
    assert client.post("/help/nb/sign-in/code/", {"code": code}).status_code == 400
    assert AuditEvent.objects.filter(action="portal.code_refused").count() == 5


def test_an_expired_code_signs_nobody_in(kari: Customer) -> None:
    client = Client()
    ask(client, "kari@example.no")
    SignInCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.post("/help/nb/sign-in/code/", {"code": mailed_code()}).status_code == 400


def test_an_address_may_ask_five_times_an_hour(kari: Customer) -> None:
    for n in range(codes.CODES_PER_ADDRESS):
        assert ask(Client(REMOTE_ADDR=f"10.0.0.{n}"), "kari@example.no").status_code == 302  # type: ignore[attr-defined]
    refused = ask(Client(REMOTE_ADDR="10.0.1.1"), "kari@example.no")
    assert refused.status_code == 429  # type: ignore[attr-defined]
    # The same for an address nobody has: the limit tells nothing.
    for _n in range(codes.CODES_PER_ADDRESS):
        ask(Client(REMOTE_ADDR="10.0.2.1"), "nobody@example.no")
    assert ask(Client(REMOTE_ADDR="10.0.3.1"), "nobody@example.no").status_code == 429  # type: ignore[attr-defined]


def test_one_client_may_ask_twenty_times_an_hour(db: None) -> None:
    client = Client(REMOTE_ADDR="10.9.9.9")
    for n in range(codes.CODES_PER_CLIENT):
        assert ask(client, f"person{n}@example.no").status_code == 302  # type: ignore[attr-defined]
    assert ask(client, "one-more@example.no").status_code == 429  # type: ignore[attr-defined]


def test_codes_are_stored_only_as_digests(kari: Customer) -> None:
    ask(Client(), "kari@example.no")
    row = SignInCode.objects.get()
    code = mailed_code()
    stored = " ".join(str(value) for value in row.__dict__.values())
    assert code not in stored
    assert "kari@example.no" not in stored


def test_the_link_page_spends_nothing_and_its_button_signs_in_once(kari: Customer) -> None:
    ask(Client(), "kari@example.no")
    path = mailed_link()
    browser = Client()
    assert browser.get(path).status_code == 200  # a mail scanner opening it spends nothing
    assert browser.get(path).status_code == 200
    signed = browser.post(path)
    assert signed.status_code == 302
    assert signed["Location"] == "/help/nb/cases/"
    assert browser.get("/help/nb/cases/").status_code == 200
    assert Client().post(path).status_code == 410
    assert Client().get(path).status_code == 410


def test_a_made_up_link_signs_nobody_in(kari: Customer) -> None:
    assert Client().post("/help/nb/sign-in/link/not-a-real-token/").status_code == 410


def test_the_code_page_without_asking_first_goes_back_to_the_address(db: None) -> None:
    response = Client().post("/help/nb/sign-in/code/", {"code": "123456"})
    assert response.status_code == 302
    assert response["Location"] == "/help/nb/sign-in/"


def test_expired_codes_are_purged_when_codes_are_asked_for(kari: Customer) -> None:
    ask(Client(), "kari@example.no")
    SignInCode.objects.update(created_at=timezone.now() - timedelta(days=2))
    ask(Client(), "nobody@example.no")
    assert SignInCode.objects.count() == 1


def test_the_sign_in_goes_back_to_the_page_asked_for(kari: Customer) -> None:
    client = Client()
    client.post("/help/nb/sign-in/?next=/help/nb/cases/new/", {"email": "kari@example.no"})
    codes.finish_sending()
    response = client.post("/help/nb/sign-in/code/", {"code": mailed_code()})
    assert response["Location"] == "/help/nb/cases/new/"


def test_the_sign_in_never_goes_elsewhere(kari: Customer) -> None:
    client = Client()
    client.post("/help/nb/sign-in/?next=//evil.example/", {"email": "kari@example.no"})
    codes.finish_sending()
    response = client.post("/help/nb/sign-in/code/", {"code": mailed_code()})
    assert response["Location"] == "/help/nb/cases/"


def _shapes(address: str) -> list[str]:
    """The statements asking for a code runs, without their values."""
    client = Client()
    client.get("/help/nb/sign-in/")
    with CaptureQueriesContext(connection) as queries:
        client.post("/help/nb/sign-in/", {"email": address})
    codes.finish_sending()
    return [re.sub(r"'[^']*'|\bNULL\b|\d+", "?", query["sql"]) for query in queries]


def test_a_known_and_an_unknown_address_cost_the_same_queries(kari: Customer) -> None:
    assert _shapes("kari@example.no") == _shapes("nobody@example.no")
