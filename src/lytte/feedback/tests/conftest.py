"""The feedback world: Kari (Norwegian, with an email address) and her email case in the Oslo
team, a mailbox to send from, a reason to resolve with; helpers to resolve and send."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import TestCase

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel, ContactReason
from lytte.cases.rules import InboundContact
from lytte.cases.services import NewCaseAt, receive_contact, resolve
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.feedback.models import Survey, SurveyRules
from lytte.feedback.services import send_survey
from lytte.mail.models import Mailbox
from lytte.mail.services import create_push_mailbox
from lytte.mail.tests.servers import SmtpSink


@pytest.fixture
def mailbox(team_oslo: Team) -> Mailbox:
    return create_push_mailbox(
        name="Kundeservice", address="kundeservice@lytte.test", team=team_oslo
    )[0]


@pytest.fixture
def reason(db: None) -> ContactReason:
    return ContactReason.objects.create(code="billing", name="Billing", name_nb="Faktura")


@pytest.fixture
def kari(db: None) -> Customer:
    return create_customer(name="Kari Nordmann", emails=["kari@example.no"], language="nb")


def email_case(customer: Customer, team: Team, subject: str = "Feil på fakturaen") -> Case:
    address = customer.contact_points.get().value
    received = receive_contact(
        InboundContact(channel=Channel.EMAIL, address=address, subject=subject, body="Hei!"),
        new_case_at=NewCaseAt(team=team),
    )
    return received.case


def resolved_and_sent(case: Case, reason: ContactReason, by: User | None = None) -> Survey:
    """Resolve the case (its survey is scheduled after commit), then send it now."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        resolve(case=case, resolved_by=by, reason=reason)
    survey = Survey.objects.get(case=case)
    Survey.objects.filter(pk=survey.pk).update(send_after=survey.created_at)
    sent = send_survey(survey.pk)
    assert sent is not None
    return sent


@pytest.fixture
def rules(db: None) -> SurveyRules:
    return SurveyRules.current()


@pytest.fixture
def karis_case(kari: Customer, team_oslo: Team, mailbox: Mailbox, rules: SurveyRules) -> Case:
    return email_case(kari, team_oslo)


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    with SmtpSink() as sink:
        yield sink
