"""The customer page: every member of staff may open a customer; each sees the cases they may
see; supervisors and admins also see who opened the data, and export it."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from django.test import Client

from lytte.accounts.models import Team, User
from lytte.audit.models import AccessChannel, AccessRecord
from lytte.audit.selectors import access_log, events_for
from lytte.audit.services import record_access
from lytte.cases import services
from lytte.cases.models import Case, Channel, Direction
from lytte.customers.models import Customer
from lytte.customers.services import create_customer, create_organization
from lytte.mail.models import InboundMessage
from lytte.privacy.tests.conftest import ase, her_mail

__all__ = ["ase", "her_mail"]


@pytest.fixture
def birgitta(db: None) -> Customer:
    skarg = create_organization(name="Skärgårdens Båtvarv AB", org_number="556677-8899")
    return create_customer(
        name="Birgitta Åström-Öberg",
        phones=["+46 70 123 45 67"],
        emails=["birgitta@skargarden.example"],
        organization=skarg,
    )


@pytest.fixture
def oslo_case(agent: User, team_oslo: Team, birgitta: Customer) -> Case:
    case = services.open_case(
        channel=Channel.PHONE,
        opened_by=agent,
        customer=birgitta,
        team=team_oslo,
        subject="Fel belopp på fakturan",
    )
    services.log_contact(
        case=case,
        channel=Channel.PHONE,
        direction=Direction.INBOUND,
        body="Kunden ringer om fakturan för mars.",
        handled_by=agent,
        logged_by=agent,
    )
    return case


@pytest.fixture
def helsinki_case(team_helsinki: Team, birgitta: Customer) -> Case:
    return services.open_case(
        channel=Channel.EMAIL,
        opened_by=None,
        customer=birgitta,
        team=team_helsinki,
        subject="Lasku on väärin",
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_agent_sees_the_customer_and_only_the_cases_she_may_work_on(
    agent: User, birgitta: Customer, oslo_case: Case, helsinki_case: Case
) -> None:
    page = _client(agent).get(f"/desk/customers/{birgitta.pk}/")

    body = page.content.decode()
    assert page.status_code == 200
    assert "Birgitta Åström-Öberg" in body
    assert "Skärgårdens Båtvarv AB" in body
    assert "070-123 45 67" in body or "+46 70 123 45 67" in body
    assert "birgitta@skargarden.example" in body
    assert f"#{oslo_case.number} Fel belopp på fakturan" in body
    assert "Lasku on väärin" not in body
    assert "Kunden ringer" not in body  # contacts are listed, not read out


def test_a_supervisor_sees_every_case_the_access_log_and_the_export_button(
    agent: User, supervisor: User, birgitta: Customer, oslo_case: Case, helsinki_case: Case
) -> None:
    _client(agent).get(f"/desk/cases/{oslo_case.number}/")

    body = _client(supervisor).get(f"/desk/customers/{birgitta.pk}/").content.decode()

    assert "Lasku on väärin" in body
    assert "Who opened this customer's data" in body
    assert "Ingrid Bråten" in body
    assert "Sigrid Åsheim" in body  # her own look is logged before the page is drawn
    assert "Export data (GDPR)" in body


def test_an_agent_sees_neither_who_else_looked_nor_the_export(
    agent: User, teammate: User, birgitta: Customer
) -> None:
    record_access(user=teammate, customer=birgitta, channel=AccessChannel.CUSTOMER_PAGE)

    body = _client(agent).get(f"/desk/customers/{birgitta.pk}/").content.decode()

    assert "Ola Nordmann" not in body
    assert "Who opened" not in body
    assert "Export data" not in body


def test_opening_the_page_and_the_workspace_is_logged_with_the_case(
    agent: User, birgitta: Customer, oslo_case: Case
) -> None:
    client = _client(agent)
    client.get(f"/desk/customers/{birgitta.pk}/")
    client.get(f"/desk/cases/{oslo_case.number}/")
    client.get(f"/desk/cases/{oslo_case.number}/")  # a reload within minutes: still one row

    entries = [(e.channel, e.case_number) for e in access_log(birgitta.pk)]
    assert entries == [("workspace", oslo_case.number), ("customer_page", None)]


def test_an_unknown_customer_is_the_not_found_page(agent: User) -> None:
    page = _client(agent).get("/desk/customers/4242/")

    assert page.status_code == 404
    assert "This page does not exist" in page.content.decode()


def test_the_workspace_and_search_results_link_to_the_customer_page(
    agent: User, birgitta: Customer, oslo_case: Case
) -> None:
    client = _client(agent)
    link = f'href="/desk/customers/{birgitta.pk}/"'

    assert link in client.get(f"/desk/cases/{oslo_case.number}/").content.decode()
    assert link in client.get("/desk/search/", {"q": "åström"}).content.decode()


def test_a_supervisor_downloads_the_export_uncached_and_it_is_audited(
    supervisor: User, birgitta: Customer, oslo_case: Case
) -> None:
    response = _client(supervisor).post(f"/desk/customers/{birgitta.pk}/export/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f'filename="customer-{birgitta.pk}.zip"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    with zipfile.ZipFile(BytesIO(b"".join(response.streaming_content))) as archive:  # type: ignore[attr-defined]
        assert "Birgitta Åström-Öberg" in archive.read("customer.json").decode()
    assert next(iter(events_for(birgitta))).action == "customer.exported"


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_agent_cannot_export(agent: User, birgitta: Customer, method: str) -> None:
    response = getattr(_client(agent), method)(f"/desk/customers/{birgitta.pk}/export/")

    assert response.status_code == (405 if method == "get" else 403)
    assert not access_log(birgitta.pk).filter(channel="export").exists()


def test_exporting_an_unknown_customer_is_a_404(supervisor: User) -> None:
    assert _client(supervisor).post("/desk/customers/4242/export/").status_code == 404


def test_reading_her_email_and_its_attachment_is_in_her_access_log_with_the_case(
    agent: User, ase: Customer, her_mail: tuple[bytes, Case]
) -> None:
    _raw, case = her_mail
    message = InboundMessage.objects.get(case=case)
    attachment = message.attachments.get()
    client = _client(agent)

    assert client.get(f"/desk/mail/messages/{message.pk}/").status_code == 200
    assert client.get(f"/desk/mail/attachments/{attachment.pk}/").status_code == 200

    assert [(e.channel, e.case_number) for e in access_log(ase.pk)] == [("workspace", case.number)]


def test_a_long_access_log_says_how_much_of_it_the_page_shows(
    supervisor: User, birgitta: Customer
) -> None:
    AccessRecord.objects.bulk_create(
        AccessRecord(customer=birgitta, channel=AccessChannel.API, case_number=n) for n in range(60)
    )

    body = _client(supervisor).get(f"/desk/customers/{birgitta.pk}/").content.decode()

    assert "The newest 50 of 61." in body
