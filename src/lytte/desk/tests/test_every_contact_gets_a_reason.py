"""Every contact gets a reason: a sure suggestion is chosen in the picker before the agent picks,
a note on a case without a reason is refused unless the agent says "no reason yet" (the note
they typed stays in the form), and a case without a subject takes one from the first note."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from lytte.accounts.models import Team, User
from lytte.audit.models import AuditEvent
from lytte.cases import services
from lytte.cases.models import Case, Channel, Direction, Status
from lytte.cases.tests.factories import reason, taken_call
from lytte.customers.models import Customer
from lytte.customers.services import create_customer


@pytest.fixture
def kari(db: None) -> Customer:
    return create_customer(name="Kari Ødegård", phones=["+47 912 34 567"])


@pytest.fixture
def call(agent: User, team_oslo: Team, kari: Customer) -> Case:
    return taken_call(kari, team_oslo, agent)


@pytest.fixture
def ingrid(agent: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(agent)
    return client


def _log(client: Client, case: Case, **fields: object) -> tuple[int, str]:
    data = {"status": case.status, "team": case.team_id, "assignee": case.assignee_id, **fields}
    data = {key: value for key, value in data.items() if value is not None}
    response = client.post(f"/desk/cases/{case.number}/log/", data, HTTP_HX_REQUEST="true")
    return response.status_code, response.content.decode()


def _checked(html: str) -> list[str]:
    """The values of the checked reason radios in a fragment of the picker."""
    return [
        tag.split('value="')[1].split('"')[0]
        for tag in html.split("<input")[1:]
        if 'name="reason"' in tag and "checked" in tag.split(">")[0]
    ]


def test_a_note_without_a_reason_is_refused_with_a_message_and_the_note_is_kept(
    ingrid: Client, call: Case
) -> None:
    status, html = _log(ingrid, call, note="Kunden lurer på noe, ringer tilbake i morgen.")

    assert status == 422
    assert "Choose a contact reason, or tick “No reason yet”." in html
    assert "Kunden lurer på noe, ringer tilbake i morgen." in html  # still in the note field
    assert not call.contacts.filter(channel=Channel.NOTE).exists()


def test_no_reason_yet_saves_the_note_without_a_reason_and_says_so_in_the_audit_trail(
    ingrid: Client, call: Case
) -> None:
    status, _html = _log(ingrid, call, note="Venter på svar fra lageret.", no_reason_yet="on")

    call.refresh_from_db()
    assert status == 200
    assert call.reason is None
    assert call.contacts.filter(channel=Channel.NOTE, body="Venter på svar fra lageret.").exists()
    assert AuditEvent.objects.filter(action="case.reason_deferred", target_id=str(call.pk)).exists()


def test_a_note_with_a_reason_categorises_the_call_and_the_case(ingrid: Client, call: Case) -> None:
    status, _html = _log(ingrid, call, note="Pakken er borte.", reason=reason("delivery").pk)

    call.refresh_from_db()
    assert status == 200
    assert call.reason == reason("delivery")
    assert call.contacts.get(channel=Channel.PHONE).reason == reason("delivery")


def test_a_note_on_a_case_that_has_a_reason_needs_no_new_one(ingrid: Client, call: Case) -> None:
    services.set_reason(case=call, reason=reason("invoice"), changed_by=None)

    status, _html = _log(ingrid, call, note="Sendt kreditnota.")

    assert status == 200
    assert call.contacts.filter(channel=Channel.NOTE, body="Sendt kreditnota.").exists()


def test_reassigning_without_a_note_logs_no_contact_and_needs_no_reason(
    ingrid: Client, call: Case, teammate: User
) -> None:
    status, _html = _log(ingrid, call, assignee=teammate.pk)

    call.refresh_from_db()
    assert status == 200
    assert call.assignee == teammate


def test_the_service_refuses_agent_work_without_a_reason_too(agent: User, call: Case) -> None:
    with pytest.raises(ValidationError) as refused:
        services.record_work(case=call, agent=agent, note="Ringte om noe.", status=Status.OPEN)

    assert "reason" in refused.value.message_dict
    assert not call.contacts.filter(channel=Channel.NOTE).exists()


def test_a_case_without_a_subject_takes_the_first_line_of_the_first_note(
    ingrid: Client, call: Case
) -> None:
    note = (
        "Kunden vil flytte strømavtalen til ny adresse i Storgata 12 B fra første mai, og lurer "
        "på om måleren må leses av\nRinger tilbake etter lunsj."
    )
    _status, html = _log(ingrid, call, note=note, reason=reason("delivery").pk)

    call.refresh_from_db()
    assert call.subject == (
        "Kunden vil flytte strømavtalen til ny adresse i Storgata 12 B fra første mai,…"
    )
    # The page's header, swapped in beside the timeline.
    assert f'<h1 id="case-title" hx-swap-oob="true">#{call.number} {call.subject}</h1>' in html
    page = ingrid.get(f"/desk/cases/{call.number}/").content.decode()
    assert "(no subject)" not in page


def test_a_case_without_a_subject_or_a_note_takes_the_reasons_name(
    agent: User, call: Case, teammate: User
) -> None:
    services.record_work(case=call, agent=agent, reason=reason("invoice"), assignee=teammate)

    call.refresh_from_db()
    assert call.subject == "Invoice/payment"


def test_a_case_with_a_subject_keeps_it(ingrid: Client, call: Case) -> None:
    services.update_case(case=call, changed_by=None, subject="Strømbrudd på Tøyen")

    _log(ingrid, call, note="Feilretting er på vei.", reason=reason("fault").pk)

    call.refresh_from_db()
    assert call.subject == "Strømbrudd på Tøyen"


def test_a_sure_suggestion_is_chosen_and_an_unsure_one_is_only_shown(
    ingrid: Client, call: Case
) -> None:
    url = f"/desk/cases/{call.number}/reason-suggestions/"
    # Keyword rules only (no model in this test): two words of a rule make it sure enough.
    sure = ingrid.get(
        url, {"note": "kunden vil si opp avtalen, bindingstiden er ute"}
    ).content.decode()
    unsure = ingrid.get(url, {"note": "noe om en faktura"}).content.decode()

    assert _checked(sure) == [str(reason("cancellation").pk)]
    assert f'value="{reason("invoice").pk}"' in unsure
    assert _checked(unsure) == []


def test_the_customers_last_message_preselects_its_reason_when_the_case_opens(
    ingrid: Client, agent: User, team_oslo: Team, kari: Customer
) -> None:
    case = services.open_case(channel=Channel.EMAIL, opened_by=None, customer=kari, team=team_oslo)
    services.log_contact(
        case=case,
        channel=Channel.EMAIL,
        direction=Direction.INBOUND,
        logged_by=None,
        body="Hei! Jeg vil si opp avtalen min, bindingstiden er ute nå.",
    )

    page = ingrid.get(f"/desk/cases/{case.number}/").content.decode()

    assert _checked(page.split('id="suggested-reasons"')[1].split("</div>")[0]) == [
        str(reason("cancellation").pk)
    ]


def test_a_sure_suggestion_does_not_replace_the_reason_the_case_has(
    ingrid: Client, call: Case
) -> None:
    services.set_reason(case=call, reason=reason("invoice"), changed_by=None)

    html = ingrid.get(
        f"/desk/cases/{call.number}/reason-suggestions/",
        {"note": "kunden vil si opp avtalen, bindingstiden er ute"},
    ).content.decode()

    assert _checked(html) == []


def test_after_a_refusal_the_sure_suggestion_for_the_typed_note_is_chosen(
    ingrid: Client, call: Case
) -> None:
    status, html = _log(ingrid, call, note="kunden vil si opp avtalen, bindingstiden er ute")

    assert status == 422
    assert str(reason("cancellation").pk) in _checked(html)


def test_after_a_refusal_no_reason_yet_stays_ticked_and_nothing_is_chosen_for_the_agent(
    ingrid: Client, call: Case, other_agent: User
) -> None:
    status, html = _log(
        ingrid,
        call,
        note="kunden vil si opp avtalen, bindingstiden er ute",
        no_reason_yet="on",
        assignee=other_agent.pk,  # not Ingrid's to give: refused
    )

    assert status == 422
    assert _checked(html) == []
    assert 'name="no_reason_yet" id="id_no_reason_yet" checked' in html
