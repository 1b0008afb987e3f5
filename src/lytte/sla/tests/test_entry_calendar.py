"""Issue 18: a case that came in through a mailbox, phone queue or chat widget with its own
calendar has its business-time clocks on that calendar: first the way in's, then the team's,
then the policy's (`targets.calendar_for`, decision 0051)."""

from __future__ import annotations

from datetime import time
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel
from lytte.cases.rules import InboundContact
from lytte.cases.services import NewCaseAt, open_case, receive_contact
from lytte.cases.services.workflow import assign
from lytte.chat.models import ChatWidget
from lytte.chat.services import leave_message
from lytte.chat.services.conversations import claimed
from lytte.mail.models import Mailbox
from lytte.mail.services import create_push_mailbox, receive_message
from lytte.phone.models import Call, PhoneQueue
from lytte.phone.services import create_integration, log_call
from lytte.sla.models import (
    Calendar,
    CaseTarget,
    EntryCalendar,
    OpeningWindow,
    Outcome,
    Policy,
    TeamCalendar,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendars(team_oslo: Team) -> dict[str, Calendar]:
    found = {
        name: Calendar.objects.create(name=name, country="NO")
        for name in ("policy", "team", "mailbox")
    }
    for calendar in found.values():
        for weekday in range(5):
            OpeningWindow.objects.create(
                calendar=calendar, weekday=weekday, opens=time(8), closes=time(16)
            )
    TeamCalendar.objects.create(team=team_oslo, calendar=found["team"])
    Policy.objects.create(
        name="All", calendar=found["policy"], first_response_minutes=60, resolution_minutes=600
    )
    return found


def came_in_through(
    case: Case | None, *, agent: User, team: Team | None, calendar: Calendar, via: str
) -> Case:
    """A contact through the core's entry by a way in with `calendar`: it opens a case, or
    continues `case`."""
    return receive_contact(
        InboundContact(channel=Channel.EMAIL, body="Hei", external_id=f"{via}:{calendar.pk}"),
        actor=agent,
        new_case_at=NewCaseAt(team=team, calendar_id=calendar.pk, via=via),
        onto=case,
        new_case=case is None,
    ).case


def clock_calendars(case_id: int) -> set[int | None]:
    rows = CaseTarget.objects.filter(case_id=case_id, outcome=Outcome.RUNNING)
    return set(rows.values_list("calendar_id", flat=True))


def test_the_way_ins_calendar_comes_before_the_teams_and_the_policys(
    supervisor: User,
    agent: User,
    team_oslo: Team,
    team_helsinki: Team,
    calendars: dict[str, Calendar],
) -> None:
    nobody = open_case(channel=Channel.EMAIL, opened_by=None)
    assert clock_calendars(nobody.pk) == {calendars["policy"].pk}  # no team, no way in
    plain = open_case(channel=Channel.EMAIL, opened_by=agent, team=team_oslo)
    assert clock_calendars(plain.pk) == {calendars["team"].pk}

    case = came_in_through(
        None, agent=agent, team=team_oslo, calendar=calendars["mailbox"], via="Kundeservice"
    )
    assert clock_calendars(case.pk) == {calendars["mailbox"].pk}
    assert CaseTarget.objects.filter(case=case).count() == 2  # started there, none moved
    came_in_through(case, agent=agent, team=team_oslo, calendar=calendars["team"], via="another")
    assert EntryCalendar.objects.get(case=case).calendar == calendars["mailbox"]  # the first

    # Moving the case to another team keeps the hours the customer was promised.
    assign(case=case, assigned_by=supervisor, team=team_helsinki)
    assert clock_calendars(case.pk) == {calendars["mailbox"].pk}


def test_calendar_time_policies_ignore_every_calendar(
    agent: User, team_oslo: Team, calendars: dict[str, Calendar]
) -> None:
    Policy.objects.update(business_time=False)
    case = came_in_through(
        None, agent=agent, team=team_oslo, calendar=calendars["mailbox"], via="Kundeservice"
    )
    assert clock_calendars(case.pk) == {None}


def test_mail_to_a_mailbox_with_a_calendar_counts_on_it(
    team_oslo: Team, calendars: dict[str, Calendar]
) -> None:
    mailbox: Mailbox = create_push_mailbox(
        name="Kundeservice", address="kundeservice@lytte.test", team=team_oslo
    )[0]
    Mailbox.objects.filter(pk=mailbox.pk).update(calendar=calendars["mailbox"])
    mailbox.refresh_from_db()
    message = EmailMessage()
    message["From"] = "Kari Nordmann <kari@example.no>"
    message["To"] = mailbox.address
    message["Subject"] = "Kortet er sperret"
    message["Message-ID"] = make_msgid()
    message.set_content("Hei, kortet mitt er sperret.")
    received = receive_message(mailbox=mailbox, raw=message.as_bytes())
    case = received.message.case
    assert case is not None
    assert clock_calendars(case.pk) == {calendars["mailbox"].pk}
    assert EntryCalendar.objects.get(case=case).via == "Kundeservice"


def test_a_call_through_a_queue_with_a_calendar_counts_on_it(
    agent: User, team_oslo: Team, calendars: dict[str, Calendar]
) -> None:
    integration, _token = create_integration(name="Sentralbord Oslo")
    PhoneQueue.objects.create(
        integration=integration, name="kort", team=team_oslo, calendar=calendars["mailbox"]
    )
    call = Call.objects.create(
        integration=integration, call_id="c-sla", direction="in", from_number="+4722123456",
        queue="kort", team=team_oslo, started_at=timezone.now(), answered_at=timezone.now(),
    )  # fmt: skip
    case = log_call(call=call, agent=agent, new_case=True)
    assert clock_calendars(case.pk) == {calendars["mailbox"].pk}
    assert EntryCalendar.objects.get(case=case).via == "kort"
    other = Call.objects.create(
        integration=integration, call_id="c-sla-2", direction="in", from_number="+4722123457",
        queue="no such queue", team=team_oslo, started_at=timezone.now(),
    )  # fmt: skip
    plain = log_call(call=other, agent=agent, new_case=True)
    assert clock_calendars(plain.pk) == {calendars["team"].pk}  # a queue without a calendar


def test_a_message_left_in_a_chat_widget_with_a_calendar_counts_on_it(
    team_oslo: Team, calendars: dict[str, Calendar]
) -> None:
    widget = ChatWidget.objects.create(
        name="Nettbutikken", team=team_oslo, allowed_origins="https://butikk.example.no",
        calendar=calendars["mailbox"],
    )  # fmt: skip
    received = leave_message(
        widget,
        client_id="left0001",
        body="Hei, kortet mitt er sperret.",
        identity=lambda: claimed("Kari", "kari@example.no"),
    )
    assert received.opened_case
    assert clock_calendars(received.case.pk) == {calendars["mailbox"].pk}
    assert EntryCalendar.objects.get(case=received.case).via == "Nettbutikken"
