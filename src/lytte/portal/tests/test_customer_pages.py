"""The signed-in customer's pages: their cases, one case with its messages and a reply, a new
case; and never another customer's data."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone

from lytte.accounts.models import User
from lytte.cases.events import ContactLogged
from lytte.cases.models import Case, Channel, Contact, ContactReason, Direction, Status
from lytte.cases.services import log_contact, set_reason, set_status
from lytte.customers.models import Customer
from lytte.platform.events import subscribe, unsubscribe
from lytte.portal import codes
from lytte.portal.identity import SESSION_KEY
from lytte.portal.models import ExternalIdentity, PortalSession, SignInCode
from lytte.portal.tests.conftest import email_case
from lytte.portal.tests.sessions import portal_client
from lytte.privacy.services.erasure import erase_customer

pytestmark = pytest.mark.django_db


def token() -> str:
    return uuid.uuid4().hex


def test_the_cases_page_lists_the_customers_cases_newest_first(
    kari: Customer, karis_case: Case, olas_case: Case
) -> None:
    later = email_case(kari, "Måleren blinker", "Den røde lampen blinker.")
    page = portal_client(kari).get("/help/nb/cases/").content.decode()
    assert page.index("Måleren blinker") < page.index("Strømmen er borte")
    assert "Feil på fakturaen" not in page
    assert f"/help/nb/cases/{later.number}/" in page


def test_the_case_page_shows_what_the_customer_may_see_and_no_internal_note(
    kari: Customer, karis_case: Case, agent: User
) -> None:
    log_contact(
        case=karis_case,
        channel=Channel.NOTE,
        direction=Direction.INTERNAL,
        body="Kunden er vanskelig, ring ikke etter kl 16",
        logged_by=agent,
    )
    log_contact(
        case=karis_case,
        channel=Channel.EMAIL,
        direction=Direction.OUTBOUND,
        body="Hei Kari, vi ser på saken.",
        logged_by=agent,
    )
    page = portal_client(kari).get(f"/help/nb/cases/{karis_case.number}/").content.decode()
    assert "vi har ikke strøm på Grünerløkka" in page
    assert "Hei Kari, vi ser på saken." in page
    assert "vanskelig" not in page


@pytest.fixture
def logged() -> Iterator[list[ContactLogged]]:
    heard: list[ContactLogged] = []
    subscribe(ContactLogged)(heard.append)
    yield heard
    unsubscribe(ContactLogged, heard.append)


def test_a_reply_is_a_web_contact_on_the_case_and_shows_on_it(
    kari: Customer,
    karis_case: Case,
    logged: list[ContactLogged],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = portal_client(kari)
    path = f"/help/nb/cases/{karis_case.number}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"body": "Nå er strømmen tilbake!", "client_token": token()})
    assert response.status_code == 302
    reply = Contact.objects.get(case=karis_case, channel=Channel.WEB)
    assert (reply.direction, reply.body) == (Direction.INBOUND, "Nå er strømmen tilbake!")
    assert reply.case.customer == kari
    assert [event.contact_id for event in logged] == [reply.pk]  # the desk hears of it
    assert "Nå er strømmen tilbake!" in client.get(path).content.decode()


def test_a_reply_sent_twice_is_one_contact(kari: Customer, karis_case: Case) -> None:
    client = portal_client(kari)
    form = {"body": "Dobbeltklikk", "client_token": token()}
    path = f"/help/nb/cases/{karis_case.number}/"
    assert client.post(path, form).status_code == 302
    assert client.post(path, form).status_code == 302
    assert Contact.objects.filter(channel=Channel.WEB).count() == 1


def test_a_reply_to_a_resolved_case_opens_it_again(kari: Customer, karis_case: Case) -> None:
    set_reason(case=karis_case, reason=ContactReason.objects.first(), changed_by=None)
    set_status(case=karis_case, status=Status.RESOLVED, changed_by=None)
    path = f"/help/nb/cases/{karis_case.number}/"
    portal_client(kari).post(path, {"body": "Det er ikke løst", "client_token": token()})
    karis_case.refresh_from_db()
    assert karis_case.is_open
    assert Contact.objects.get(channel=Channel.WEB).case == karis_case


def test_a_closed_case_takes_no_reply(kari: Customer, karis_case: Case) -> None:
    set_reason(case=karis_case, reason=ContactReason.objects.first(), changed_by=None)
    set_status(case=karis_case, status=Status.CLOSED, changed_by=None)
    client = portal_client(kari)
    path = f"/help/nb/cases/{karis_case.number}/"
    assert "Send reply" not in client.get(path).content.decode()
    response = client.post(path, {"body": "Hallo?", "client_token": token()})
    assert response.status_code == 400
    assert not Contact.objects.filter(channel=Channel.WEB).exists()


def test_an_empty_reply_is_a_form_error(kari: Customer, karis_case: Case) -> None:
    path = f"/help/nb/cases/{karis_case.number}/"
    response = portal_client(kari).post(path, {"body": "  ", "client_token": token()})
    assert response.status_code == 400


def test_a_new_case_is_a_web_contact_opening_a_case_for_the_customer(kari: Customer) -> None:
    client = portal_client(kari)
    form = {"subject": "Ny adresse", "body": "Jeg har flyttet til Bergen.", "client_token": token()}
    response = client.post("/help/nb/cases/new/", form)
    case = Case.objects.get(subject="Ny adresse")
    assert response["Location"] == f"/help/nb/cases/{case.number}/"
    assert (case.customer, case.channel) == (kari, Channel.WEB)
    assert case.contacts.get().body == "Jeg har flyttet til Bergen."
    assert client.post("/help/nb/cases/new/", form).status_code == 302  # sent twice: one case
    assert Case.objects.filter(subject="Ny adresse").count() == 1


def test_a_new_case_needs_a_subject_and_a_message(kari: Customer) -> None:
    response = portal_client(kari).post(
        "/help/nb/cases/new/", {"subject": "", "body": "", "client_token": token()}
    )
    assert response.status_code == 400
    assert not Case.objects.exists()


# Never another customer's data -----------------------------------------------------------------


def test_another_customers_case_is_not_found(kari: Customer, olas_case: Case) -> None:
    assert portal_client(kari).get(f"/help/nb/cases/{olas_case.number}/").status_code == 404


def test_a_reply_onto_another_customers_case_is_refused(kari: Customer, olas_case: Case) -> None:
    path = f"/help/nb/cases/{olas_case.number}/"
    response = portal_client(kari).post(path, {"body": "Hei Ola", "client_token": token()})
    assert response.status_code == 404
    assert not Contact.objects.filter(channel=Channel.WEB).exists()


def test_another_customers_client_token_cannot_reach_their_case(
    kari: Customer, ola: Customer, karis_case: Case, olas_case: Case
) -> None:
    shared = token()
    portal_client(ola).post(
        f"/help/nb/cases/{olas_case.number}/", {"body": "Ola", "client_token": shared}
    )
    portal_client(kari).post(
        f"/help/nb/cases/{karis_case.number}/", {"body": "Kari", "client_token": shared}
    )
    assert Contact.objects.get(channel=Channel.WEB, body="Kari").case == karis_case


def test_a_staff_session_is_no_customer_session(agent: User, karis_case: Case) -> None:
    client = Client()
    client.force_login(agent)
    response = client.get("/help/nb/cases/")
    assert response.status_code == 302
    assert response["Location"].startswith("/help/nb/sign-in/")
    assert client.get(f"/help/nb/cases/{karis_case.number}/").status_code == 302


def test_a_customer_session_is_no_staff_session(kari: Customer) -> None:
    client = portal_client(kari)
    assert client.get("/desk/").status_code == 302
    assert client.get("/desk/")["Location"].startswith("/login/")


def test_sessions_are_not_shared(kari: Customer, ola: Customer, olas_case: Case) -> None:
    assert portal_client(ola).get(f"/help/nb/cases/{olas_case.number}/").status_code == 200
    assert portal_client().get(f"/help/nb/cases/{olas_case.number}/").status_code == 302
    assert portal_client(kari).get(f"/help/nb/cases/{olas_case.number}/").status_code == 404


def test_a_session_naming_another_customer_than_its_row_signs_nobody_in(
    kari: Customer, ola: Customer, olas_case: Case
) -> None:
    client = portal_client(kari)
    session = client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "customer": ola.pk}
    session.save()
    assert client.get("/help/nb/cases/").status_code == 302


def test_signing_out_ends_the_sign_in_and_keeps_a_staff_sign_in(
    kari: Customer, agent: User
) -> None:
    client = portal_client(kari)
    client.force_login(agent)
    response = client.post("/help/nb/sign-out/")
    assert response.status_code == 302
    assert response["Location"] == "/help/nb/"  # back to the help centre
    assert client.get("/help/nb/cases/").status_code == 302
    assert not PortalSession.objects.exists()
    assert client.get("/desk/").status_code == 200


def test_signing_in_changes_the_session_key(kari: Customer) -> None:
    client = Client()
    client.get("/help/nb/sign-in/")
    client.post("/help/nb/sign-in/", {"email": "kari@example.no"})
    codes.finish_sending()
    before = client.cookies["sessionid"].value
    code = next(
        line.strip() for line in mail.outbox[-1].body.splitlines() if line.strip().isdigit()
    )
    client.post("/help/nb/sign-in/code/", {"code": code})
    assert client.cookies["sessionid"].value != before
    assert not Session.objects.filter(session_key=before).exists()


def test_the_signed_in_pages_send_others_to_the_sign_in_page(db: None) -> None:
    for path in ("/help/nb/cases/", "/help/nb/cases/1001/", "/help/nb/cases/new/"):
        response = Client().get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/help/nb/sign-in/?next=")


def test_the_header_offers_sign_in_or_my_cases(kari: Customer) -> None:
    assert "/help/nb/sign-in/" in Client().get("/help/nb/sign-in/").content.decode()
    page = portal_client(kari).get("/help/nb/cases/").content.decode()
    assert "/help/nb/sign-out/" in page


def test_erasure_ends_the_customers_portal_sign_in_and_forgets_their_ids(
    kari: Customer, admin_user: User
) -> None:
    client = portal_client(kari)
    assert client.get("/help/nb/cases/").status_code == 200
    ExternalIdentity.objects.create(subject="crm-1001", customer=kari)
    SignInCode.objects.create(
        customer=kari,
        address_digest="a",
        client_digest="c",
        created_at=timezone.now(),
        expires_at=timezone.now(),
    )
    erase_customer(customer=kari, erased_by=admin_user, reason="Kunden ba om sletting")
    assert client.get("/help/nb/cases/").status_code == 302
    assert not PortalSession.objects.filter(customer=kari).exists()
    assert not ExternalIdentity.objects.exists()
    assert not SignInCode.objects.exists()


def test_a_new_case_from_the_portal_is_on_the_desk_like_any_contact(
    kari: Customer, supervisor: User
) -> None:
    form = {"subject": "Ny adresse", "body": "Jeg har flyttet til Bergen.", "client_token": token()}
    portal_client(kari).post("/help/nb/cases/new/", form)
    case = Case.objects.get(subject="Ny adresse")
    desk = Client()
    desk.force_login(supervisor)
    page = desk.get(f"/desk/cases/{case.number}/").content.decode()
    assert "Jeg har flyttet til Bergen." in page
    assert "Kari Nordmann" in page
    assert "Ny adresse" in desk.get("/desk/?queue=unassigned").content.decode()
