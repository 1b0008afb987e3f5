"""The screen pop and the caller's open cases: each is a link to its workspace; a case about the
reason they last contacted us for (or the one they were in touch about within two hours) is
offered first, a new case second; and the case a pop opens gets its subject from the first note."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel, Direction, Status
from lytte.cases.services import log_contact, set_status
from lytte.cases.tests.factories import earlier_case, reason
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.phone.tests.conftest import Pbx


@pytest.fixture
def ingrid(agent: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(agent)
    return client


@pytest.fixture
def kari_about_a_delivery(kari: Customer, team_oslo: Team) -> Case:
    """Kari wrote about a parcel last week (still open), and about an invoice before that."""
    earlier_case(kari, team_oslo, "Faktura for mars", "invoice", days_ago=30)
    return earlier_case(kari, team_oslo, "Pakken har ikke kommet", "delivery", days_ago=7)


def _pop(client: Client, pbx: Pbx, call_id: str) -> str:
    response = client.get(f"/desk/calls/{pbx.call(call_id).pk}/pop/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_callers_open_cases_in_the_pop_are_links_to_their_workspace(
    pbx: Pbx, kari_about_a_delivery: Case, ingrid: Client
) -> None:
    pbx.ring("c-1", "912 34 567")

    html = _pop(ingrid, pbx, "c-1")

    for case in Case.objects.all():
        assert f'<a href="/desk/cases/{case.number}/">#{case.number} {case.subject}</a>' in html


def test_an_open_case_about_the_last_reason_is_offered_first_and_a_new_case_second(
    pbx: Pbx, kari_about_a_delivery: Case, ingrid: Client
) -> None:
    pbx.ring("c-1", "912 34 567")

    html = _pop(ingrid, pbx, "c-1")

    number = kari_about_a_delivery.number
    offer = html.index(f'name="case" value="{number}">Continue case #{number}</button>')
    assert offer < html.index('name="case" value="new" class="secondary">New case</button>')
    assert "Open case" not in html


def test_a_caller_with_no_case_about_their_last_reason_is_offered_a_new_case(
    pbx: Pbx, kari: Customer, team_oslo: Team, ingrid: Client
) -> None:
    earlier_case(kari, team_oslo, "Spørsmål om åpningstider", None, days_ago=3)
    done = earlier_case(kari, team_oslo, "Strømbrudd", "fault", days_ago=1)
    set_status(case=done, status=Status.RESOLVED, changed_by=None)
    pbx.ring("c-1", "912 34 567")

    html = _pop(ingrid, pbx, "c-1")

    assert "Continue case" not in html
    assert "Open case" in html


def test_a_case_of_another_team_is_not_offered_to_an_agent_who_may_not_work_on_it(
    pbx: Pbx, kari: Customer, team_helsinki: Team, ingrid: Client
) -> None:
    earlier_case(kari, team_helsinki, "Paketti ei tullut", "delivery", days_ago=2)
    pbx.ring("c-1", "912 34 567")

    html = _pop(ingrid, pbx, "c-1")

    assert "Continue case" not in html
    assert "Open case" in html


def test_when_the_last_message_has_no_reason_yet_a_sure_suggestion_for_it_finds_the_case(
    pbx: Pbx, kari_about_a_delivery: Case, team_oslo: Team, ingrid: Client
) -> None:
    paid = earlier_case(kari_about_a_delivery.customer, team_oslo, "Betalt", "invoice", days_ago=2)
    set_status(case=paid, status=Status.RESOLVED, changed_by=None)
    this_morning = earlier_case(kari_about_a_delivery.customer, team_oslo, "Hei", None, days_ago=0)
    log_contact(
        case=this_morning,
        channel=Channel.EMAIL,
        direction=Direction.INBOUND,
        logged_by=None,
        body="Pakken har fortsatt ikke kommet, og sporingen står stille.",
        started_at=timezone.now() - timedelta(hours=4),
    )
    pbx.ring("c-1", "912 34 567")

    html = _pop(ingrid, pbx, "c-1")

    assert f"Continue case #{kari_about_a_delivery.number}" in html


def test_continuing_the_offered_case_logs_the_call_on_it(
    pbx: Pbx, kari_about_a_delivery: Case, agent: User, ingrid: Client
) -> None:
    pbx.ring("c-1", "912 34 567")
    call = pbx.call("c-1")

    response = ingrid.post(f"/desk/calls/{call.pk}/take/", {"case": kari_about_a_delivery.number})

    call.refresh_from_db()
    assert response["Location"] == f"/desk/cases/{kari_about_a_delivery.number}/"
    assert call.contact is not None
    assert call.contact.case == kari_about_a_delivery
    assert call.contact.handled_by == agent
    assert Case.objects.count() == 2


def test_a_new_case_is_new_even_when_the_caller_was_in_touch_an_hour_ago(
    pbx: Pbx, kari_about_a_delivery: Case, ingrid: Client
) -> None:
    log_contact(
        case=kari_about_a_delivery,
        channel=Channel.EMAIL,
        direction=Direction.INBOUND,
        logged_by=None,
        started_at=timezone.now() - timedelta(hours=1),
    )
    pbx.ring("c-1", "912 34 567")
    call = pbx.call("c-1")
    assert f'value="{kari_about_a_delivery.number}"' in _pop(ingrid, pbx, "c-1")

    response = ingrid.post(f"/desk/calls/{call.pk}/take/", {"case": "new"})

    call.refresh_from_db()
    assert call.contact is not None
    new = call.contact.case
    assert new not in (kari_about_a_delivery, *Case.objects.filter(subject="Faktura for mars"))
    assert response["Location"] == f"/desk/cases/{new.number}/"


@pytest.mark.parametrize("choice", ["999999", "nonsense", "someone-elses", "closed"])
def test_continuing_a_case_that_cannot_take_the_call_is_a_422_with_a_message(
    pbx: Pbx, kari_about_a_delivery: Case, team_oslo: Team, ingrid: Client, choice: str
) -> None:
    per = create_customer(name="Per Hansen", phones=["+47 913 00 000"])
    someone_elses = earlier_case(per, team_oslo, "Pers sak", "delivery", days_ago=2)
    set_status(case=kari_about_a_delivery, status=Status.CLOSED, changed_by=None)
    numbers = {
        "someone-elses": str(someone_elses.number),
        "closed": str(kari_about_a_delivery.number),
    }
    pbx.ring("c-1", "912 34 567")
    call = pbx.call("c-1")

    response = ingrid.post(f"/desk/calls/{call.pk}/take/", {"case": numbers.get(choice, choice)})

    call.refresh_from_db()
    assert response.status_code == 422
    html = response.content.decode()
    assert {
        "999999": "There is no case #999999.",
        "nonsense": "There is no case #nonsense.",
        "someone-elses": "That case belongs to another customer.",
        "closed": f"Case #{kari_about_a_delivery.number} is not open.",
    }[choice] in html
    assert "Kari Nordmann" in html  # the pop again, to choose anew
    assert call.contact is None


def test_a_case_opened_from_a_pop_takes_its_subject_from_the_first_note(
    pbx: Pbx, kari: Customer, ingrid: Client
) -> None:
    pbx.ring("c-1", "912 34 567")
    taken = ingrid.post(f"/desk/calls/{pbx.call('c-1').pk}/take/")
    case = Case.objects.get()
    assert "(no subject)" in ingrid.get(taken["Location"]).content.decode()

    ingrid.post(
        f"/desk/cases/{case.number}/log/",
        {
            "note": "Måleren viser feil\nRinger tilbake.",
            "reason": reason("fault").pk,
            "status": Status.NEW,
        },
    )

    page = ingrid.get(taken["Location"]).content.decode()
    assert f"#{case.number} Måleren viser feil" in page
    assert "(no subject)" not in page
