"""The desk's pages: who may see what, and bad input that gets a clear answer, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from lytte.accounts.models import Team, User
from lytte.cases import services
from lytte.cases.models import Case, Channel, ContactReason, Direction, Status
from lytte.customers.models import Customer
from lytte.customers.services import create_customer


@pytest.fixture
def kari(db: None) -> Customer:
    return create_customer(
        name="Kari Ødegård", phones=["+47 912 34 567"], emails=["kari@fjellbekk.no"]
    )


@pytest.fixture
def oslo_case(agent: User, team_oslo: Team, kari: Customer) -> Case:
    case = services.open_case(
        channel=Channel.PHONE,
        opened_by=agent,
        customer=kari,
        team=team_oslo,
        subject="Feil beløp på fakturaen",
    )
    services.log_contact(
        case=case,
        channel=Channel.PHONE,
        direction=Direction.INBOUND,
        body="Kunden ringer om fakturaen for mars.",
        handled_by=agent,
        logged_by=agent,
    )
    return case


@pytest.fixture
def helsinki_case(team_helsinki: Team) -> Case:
    return services.open_case(
        channel=Channel.EMAIL, opened_by=None, team=team_helsinki, subject="Lasku väärin"
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_desk_shows_my_queues_with_counts(agent: User, oslo_case: Case) -> None:
    page = _client(agent).get("/desk/", {"queue": "team"})
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-count="team">1<' in body
    assert 'data-count="mine">0<' in body
    assert f"#{oslo_case.number}" in body


def test_staff_land_on_the_desk_after_login(agent: User) -> None:
    response = _client(agent).get("/")
    assert response["Location"] == "/desk/"


def test_the_desk_needs_a_login(db: None) -> None:
    response = Client().get("/desk/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_user_without_a_role_is_refused(db: None) -> None:
    nobody = User.objects.create_user(username="nobody", password="x")
    assert _client(nobody).get("/desk/").status_code == 403


def test_an_unknown_queue_is_404(agent: User) -> None:
    assert _client(agent).get("/desk/queues/everything/").status_code == 404


def test_only_supervisors_see_every_teams_queue(
    agent: User, supervisor: User, helsinki_case: Case
) -> None:
    assert "Asiakaspalvelu Helsinki" not in _client(agent).get("/desk/").content.decode()
    assert "Asiakaspalvelu Helsinki" in _client(supervisor).get("/desk/").content.decode()


def test_the_workspace_shows_the_customer_and_the_timeline(agent: User, oslo_case: Case) -> None:
    body = _client(agent).get(f"/desk/cases/{oslo_case.number}/").content.decode()
    assert "Kari Ødegård" in body
    assert "91 23 45 67" in body  # the national form, not E.164
    assert "Kunden ringer om fakturaen for mars." in body
    assert 'name="note"' in body
    assert "autofocus" in body


def test_logging_saves_note_reason_and_status_together(agent: User, oslo_case: Case) -> None:
    reason = ContactReason.objects.get(code="invoice")
    response = _client(agent).post(
        f"/desk/cases/{oslo_case.number}/log/",
        {
            "note": "Kreditnota sendt, æøå.",
            "reason": reason.pk,
            "status": Status.RESOLVED,
            "team": oslo_case.team_id,
        },
        HTTP_HX_REQUEST="true",
    )
    oslo_case.refresh_from_db()
    assert response.status_code == 200
    assert "Kreditnota sendt, æøå." in response.content.decode()
    assert oslo_case.reason == reason
    assert oslo_case.status == Status.RESOLVED
    assert oslo_case.contacts.filter(channel=Channel.NOTE, body="Kreditnota sendt, æøå.").exists()


def test_an_empty_log_is_a_form_error(agent: User, oslo_case: Case) -> None:
    response = _client(agent).post(
        f"/desk/cases/{oslo_case.number}/log/",
        {"note": "   ", "status": oslo_case.status, "team": oslo_case.team_id},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "Write a note" in response.content.decode()
    assert oslo_case.contacts.count() == 1


def test_an_unknown_reason_is_a_form_error(agent: User, oslo_case: Case) -> None:
    response = _client(agent).post(
        f"/desk/cases/{oslo_case.number}/log/",
        {"note": "Hei", "reason": "999999", "status": oslo_case.status},
    )
    assert response.status_code == 422
    assert "contact reason does not exist" in response.content.decode()
    assert oslo_case.contacts.count() == 1  # nothing saved


def test_resolving_without_a_reason_is_refused_and_nothing_is_saved(
    agent: User, oslo_case: Case
) -> None:
    response = _client(agent).post(
        f"/desk/cases/{oslo_case.number}/log/",
        {"note": "Ferdig", "status": Status.RESOLVED, "team": oslo_case.team_id},
        HTTP_HX_REQUEST="true",
    )
    oslo_case.refresh_from_db()
    assert response.status_code == 422
    assert "Choose a contact reason" in response.content.decode()
    assert oslo_case.status == Status.NEW
    assert not oslo_case.contacts.filter(channel=Channel.NOTE).exists()


def test_agent_cannot_open_or_log_on_another_teams_case(agent: User, helsinki_case: Case) -> None:
    client = _client(agent)
    assert client.get(f"/desk/cases/{helsinki_case.number}/").status_code == 403
    response = client.post(f"/desk/cases/{helsinki_case.number}/log/", {"note": "hei"})
    assert response.status_code == 403
    assert not helsinki_case.contacts.exists()


def test_supervisor_can_reassign_another_teams_case(
    supervisor: User, helsinki_case: Case, team_oslo: Team, teammate: User
) -> None:
    response = _client(supervisor).post(
        f"/desk/cases/{helsinki_case.number}/log/",
        {"status": helsinki_case.status, "team": team_oslo.pk, "assignee": teammate.pk},
    )
    helsinki_case.refresh_from_db()
    assert response.status_code == 302
    assert (helsinki_case.team, helsinki_case.assignee) == (team_oslo, teammate)


def test_an_agent_cannot_hand_a_case_to_someone_outside_their_teams(
    agent: User, oslo_case: Case, other_agent: User
) -> None:
    response = _client(agent).post(
        f"/desk/cases/{oslo_case.number}/log/",
        {"status": oslo_case.status, "team": oslo_case.team_id, "assignee": other_agent.pk},
    )
    oslo_case.refresh_from_db()
    assert response.status_code == 422
    assert oslo_case.assignee is None


def test_an_unknown_case_number_is_404(agent: User) -> None:
    assert _client(agent).get("/desk/cases/987654/").status_code == 404


def test_search_finds_customers_by_any_written_number_and_cases_by_number(
    agent: User, oslo_case: Case
) -> None:
    client = _client(agent)
    by_phone = client.get("/desk/search/", {"q": "0047 912 34 567"}, HTTP_HX_REQUEST="true")
    by_name = client.get("/desk/search/", {"q": "ødegård"}, HTTP_HX_REQUEST="true")
    by_email = client.get("/desk/search/", {"q": "KARI@fjellbekk.no"}, HTTP_HX_REQUEST="true")
    by_number = client.get("/desk/search/", {"q": f"#{oslo_case.number}"}, HTTP_HX_REQUEST="true")
    by_words = client.get("/desk/search/", {"q": "beløp faktura"}, HTTP_HX_REQUEST="true")
    for response in (by_phone, by_name, by_email):
        assert "Kari Ødegård" in response.content.decode()
    for response in (by_number, by_words):
        assert f"#{oslo_case.number}" in response.content.decode()


def test_reason_typeahead_matches_in_any_nordic_language(agent: User) -> None:
    client = _client(agent)
    for text in ("fakt", "lasku", "Beställ"):
        response = client.get("/desk/reasons/", {"reason_q": text})
        assert response.status_code == 200
        assert 'name="reason"' in response.content.decode(), text


def test_a_new_case_for_a_known_caller_is_one_click(agent: User, kari: Customer) -> None:
    client = _client(agent)
    page = client.get("/desk/new/", {"address": "0047 91234567"})
    assert "Kari Ødegård" in page.content.decode()
    response = client.post("/desk/new/", {"customer": kari.pk, "channel": Channel.PHONE})
    case = Case.objects.get(customer=kari)
    assert response["Location"] == f"/desk/cases/{case.number}/"
    assert case.assignee == agent
    assert case.contacts.get().channel == Channel.PHONE


def test_an_unknown_caller_is_created_with_the_number_filled_in(agent: User) -> None:
    client = _client(agent)
    page = client.get("/desk/new/", {"address": "+358 40 765 4321"}).content.decode()
    assert 'value="+358 40 765 4321"' in page
    client.post(
        "/desk/new/",
        {"name": "Matti Meikäläinen", "address": "+358 40 765 4321", "channel": Channel.PHONE},
    )
    customer = Customer.objects.get(name="Matti Meikäläinen")
    assert customer.contact_points.get().value == "+358407654321"
    assert customer.cases.count() == 1


def test_a_nonsense_address_is_a_form_error(agent: User) -> None:
    response = _client(agent).get("/desk/new/", {"address": "hei hei"})
    assert response.status_code == 422
    assert "not a phone number" in response.content.decode()


def test_a_vanished_customer_is_a_form_error_not_a_crash(agent: User) -> None:
    response = _client(agent).post("/desk/new/", {"customer": 424242, "channel": Channel.PHONE})
    assert response.status_code == 422
    assert "no longer exists" in response.content.decode()


def test_supervisor_opens_any_teams_queue(supervisor: User, helsinki_case: Case) -> None:
    client = _client(supervisor)
    page = client.get("/desk/", {"team": helsinki_case.team_id}).content.decode()
    teamless = client.get("/desk/", {"team": "none"}).content.decode()
    assert f"#{helsinki_case.number}" in page
    assert f"#{helsinki_case.number}" not in teamless


def test_an_agent_asking_for_another_team_gets_their_own_queue(
    agent: User, helsinki_case: Case
) -> None:
    page = _client(agent).get("/desk/", {"team": helsinki_case.team_id, "queue": "team"})
    assert f"#{helsinki_case.number}" not in page.content.decode()


def test_the_workspace_shows_ten_other_open_cases_and_how_many_there_are(
    agent: User, oslo_case: Case, kari: Customer, team_oslo: Team
) -> None:
    for n in range(12):
        services.open_case(
            channel=Channel.EMAIL,
            opened_by=agent,
            customer=kari,
            team=team_oslo,
            subject=f"Sak {n}",
        )
    body = _client(agent).get(f"/desk/cases/{oslo_case.number}/").content.decode()
    assert "The newest 10 of 12." in body
    assert body.count('class="status status-new"') >= 10
