"""Surveys after calls go by text message to a mobile number through the business's SMS webhook
(a real HTTP server in a thread here), stored first and retried; without a mobile number by
email. And the business-hours window: a survey due while closed waits for the next opening,
across a weekend and Christmas (decision 47)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import TestCase

from lytte.accounts.models import Team
from lytte.cases.models import Case, Channel, ContactReason
from lytte.cases.services import open_case, resolve
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.feedback.models import AskedBy, SmsMessage, Survey, SurveyRules
from lytte.feedback.services import send_survey
from lytte.feedback.services.sending import send_due_surveys
from lytte.feedback.services.sms import deliver, is_mobile
from lytte.mail.models import Mailbox
from lytte.sla import services as sla
from lytte.sla.models import Calendar, TeamCalendar

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


class SmsSink:
    """A tiny SMS provider: records every POST; answers `status` (200 unless told)."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.status = 200
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                sink.received.append({"headers": dict(self.headers), "raw": body})
                self.send_response(sink.status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms"

    def __enter__(self) -> SmsSink:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sms_sink(settings: Any) -> Iterator[SmsSink]:
    with SmsSink() as sink:
        settings.SMS_WEBHOOK_URL = sink.url
        settings.SMS_WEBHOOK_SECRET = "s3cret"
        yield sink


@pytest.fixture
def ola(db: None) -> Customer:
    return create_customer(
        name="Ola Nordmann", phones=["912 34 567"], emails=["ola@example.no"], language="nb"
    )


def call_case(customer: Customer, team: Team) -> Case:
    return open_case(channel=Channel.PHONE, opened_by=None, customer=customer, team=team)


def resolved(case: Case, reason: ContactReason) -> Survey:
    with TestCase.captureOnCommitCallbacks(execute=True):
        resolve(case=case, resolved_by=None, reason=reason)
    survey = Survey.objects.get(case=case)
    Survey.objects.filter(pk=survey.pk).update(send_after=survey.created_at)
    return survey


def test_a_norwegian_mobile_is_mobile_and_a_landline_is_not() -> None:
    assert is_mobile("+4791234567")
    assert not is_mobile("+4722123456")
    assert not is_mobile("nonsense")


def test_after_a_call_the_survey_goes_by_text_message_to_the_webhook(
    ola: Customer, team_oslo: Team, reason: ContactReason, rules: SurveyRules, sms_sink: SmsSink
) -> None:
    survey = resolved(call_case(ola, team_oslo), reason)

    with TestCase.captureOnCommitCallbacks(execute=True):
        sent = send_survey(survey.pk)

    assert sent is not None
    assert sent.state == Survey.State.SENT
    assert sent.sent_by == AskedBy.SMS
    assert sent.channel == Channel.PHONE
    message = SmsMessage.objects.get(survey=survey)
    assert message.state == SmsMessage.State.PENDING  # stored before it is sent
    delivered = deliver(message.pk)
    assert delivered is not None
    assert delivered.state == SmsMessage.State.SENT
    [post] = sms_sink.received
    body = json.loads(post["raw"])
    assert body["to"] == "+4791234567"
    assert body["language"] == "nb"
    assert body["link"].endswith(f"/help/nb/survey/{body['link'].split('/')[-2]}/")
    assert body["link"] in body["text"]
    assert len(body["text"]) <= 300
    expected = hmac.new(b"s3cret", post["raw"], hashlib.sha256).hexdigest()
    assert post["headers"]["X-Lytte-Signature"] == f"sha256={expected}"
    assert post["headers"]["Authorization"] == "Bearer s3cret"
    assert deliver(message.pk) is None  # never twice


def test_the_link_in_the_text_opens_the_same_survey_page(
    client: Any,
    ola: Customer,
    team_oslo: Team,
    reason: ContactReason,
    rules: SurveyRules,
    sms_sink: SmsSink,
) -> None:
    survey = resolved(call_case(ola, team_oslo), reason)
    send_survey(survey.pk)
    link = SmsMessage.objects.get(survey=survey).link

    page = client.get(link[link.index("/help/") :])

    assert page.status_code == 200
    assert b'id="survey-form"' in page.content


def test_a_refused_text_message_is_retried_and_given_up_after_the_last_try(
    ola: Customer, team_oslo: Team, reason: ContactReason, rules: SurveyRules, sms_sink: SmsSink
) -> None:
    survey = resolved(call_case(ola, team_oslo), reason)
    send_survey(survey.pk)
    message = SmsMessage.objects.get(survey=survey)
    sms_sink.status = 503

    first = deliver(message.pk)

    assert first is not None
    assert first.state == SmsMessage.State.PENDING
    assert first.attempts == 1
    assert "503" in first.last_error
    for _attempt in range(4):
        last = deliver(message.pk)
    assert last is not None
    assert last.state == SmsMessage.State.FAILED
    assert len(sms_sink.received) == 5
    sms_sink.status = 200
    assert deliver(message.pk) is None


def test_a_caller_without_a_mobile_number_is_asked_by_email(
    team_oslo: Team,
    reason: ContactReason,
    rules: SurveyRules,
    mailbox: Mailbox,
    sms_sink: SmsSink,
) -> None:
    per = create_customer(
        name="Per Hansen", phones=["22 12 34 56"], emails=["per@example.no"], language="nb"
    )
    survey = resolved(call_case(per, team_oslo), reason)

    sent = send_survey(survey.pk)

    assert sent is not None
    assert sent.state == Survey.State.SENT
    assert sent.sent_by == AskedBy.EMAIL
    assert not SmsMessage.objects.exists()


def test_text_messages_can_be_switched_off(
    ola: Customer,
    team_oslo: Team,
    reason: ContactReason,
    rules: SurveyRules,
    mailbox: Mailbox,
    sms_sink: SmsSink,
) -> None:
    rules.sms_after_calls = False
    rules.save()
    survey = resolved(call_case(ola, team_oslo), reason)

    sent = send_survey(survey.pk)

    assert sent is not None
    assert sent.sent_by == AskedBy.EMAIL


# ---- business hours ------------------------------------------------------------------------


@pytest.fixture
def oslo_hours(db: None) -> Calendar:
    calendar = sla.create_calendar(by=None, name="Oslo", time_zone="Europe/Oslo", country="NO")
    week = {day: [(time(8), time(16))] for day in range(5)}
    sla.set_week(by=None, calendar=calendar, week=week)
    return Calendar.objects.get(pk=calendar.pk)


def _local(*args: int) -> datetime:
    return datetime(*args, tzinfo=OSLO).astimezone(UTC)


def _in_hours(rules: SurveyRules, calendar: Calendar) -> None:
    rules.business_hours, rules.calendar = True, calendar
    rules.save()


def test_a_survey_due_on_friday_evening_waits_for_monday_morning(
    karis_case: Case,
    reason: ContactReason,
    rules: SurveyRules,
    oslo_hours: Calendar,
    smtp_sink: Any,
) -> None:
    _in_hours(rules, oslo_hours)
    survey = resolved(karis_case, reason)
    friday_evening = _local(2026, 12, 4, 18, 30)

    waiting = send_survey(survey.pk, now=friday_evening)

    assert waiting is not None
    assert waiting.state == Survey.State.SCHEDULED
    assert waiting.send_after == _local(2026, 12, 7, 8, 0)
    assert send_due_surveys(now=_local(2026, 12, 6, 12, 0)) == 0  # Sunday: not yet
    assert send_due_surveys(now=_local(2026, 12, 7, 8, 1)) == 1
    assert Survey.objects.get(pk=survey.pk).state == Survey.State.SENT


def test_over_christmas_the_survey_waits_for_the_first_working_day(
    karis_case: Case, reason: ContactReason, rules: SurveyRules, oslo_hours: Calendar
) -> None:
    _in_hours(rules, oslo_hours)
    survey = resolved(karis_case, reason)

    waiting = send_survey(survey.pk, now=_local(2026, 12, 24, 15, 0))  # Christmas Eve

    # The 25th (Friday) and 26th are holidays, then a weekend: Monday the 28th.
    assert waiting is not None
    assert waiting.send_after == _local(2026, 12, 28, 8, 0)


def test_the_teams_own_calendar_wins_over_the_rules(
    karis_case: Case,
    reason: ContactReason,
    rules: SurveyRules,
    oslo_hours: Calendar,
    team_oslo: Team,
    mailbox: Mailbox,
) -> None:
    always = sla.create_calendar(by=None, name="Always", time_zone="Europe/Oslo", country="")
    sla.set_week(by=None, calendar=always, week={d: [(time(0), time(0))] for d in range(7)})
    TeamCalendar.objects.create(team=team_oslo, calendar=always)
    _in_hours(rules, oslo_hours)
    survey = resolved(karis_case, reason)

    sent = send_survey(survey.pk, now=_local(2026, 12, 5, 23, 0))  # Saturday night

    assert sent is not None
    assert sent.state == Survey.State.SENT


def test_without_the_window_a_survey_goes_at_any_hour(
    karis_case: Case,
    reason: ContactReason,
    rules: SurveyRules,
    oslo_hours: Calendar,
    mailbox: Mailbox,
) -> None:
    rules.calendar = oslo_hours
    rules.save()
    survey = resolved(karis_case, reason)

    sent = send_survey(survey.pk, now=_local(2026, 12, 5, 23, 0))

    assert sent is not None
    assert sent.state == Survey.State.SENT


def test_admins_set_the_webhook_and_window_and_the_secret_is_not_shown_again(
    client: Any, admin_user: Any, rules: SurveyRules, oslo_hours: Calendar
) -> None:
    client.force_login(admin_user)
    url = f"/admin/feedback/surveyrules/{rules.pk}/change/"
    form = {
        "active": "on",
        "delay_minutes": "60",
        "quarantine_days": "30",
        "change_hours": "24",
        "valid_days": "28",
        "low_score": "2",
        "channels": "[]",
        "business_hours": "on",
        "calendar": str(oslo_hours.pk),
        "sms_after_calls": "on",
        "sms_webhook_url": "https://sms.example.no/send",
        "sms_webhook_secret": "hemmelig",
    }

    assert client.post(url, form).status_code == 302
    again = client.post(url, {**form, "sms_webhook_secret": ""})

    assert again.status_code == 302
    rules.refresh_from_db()
    assert rules.business_hours
    assert rules.calendar == oslo_hours
    assert (rules.sms_webhook_url, rules.sms_webhook_secret) == (
        "https://sms.example.no/send",
        "hemmelig",
    )
    assert b"hemmelig" not in client.get(url).content


def test_without_an_sms_webhook_a_caller_is_asked_by_email(
    ola: Customer,
    team_oslo: Team,
    reason: ContactReason,
    rules: SurveyRules,
    mailbox: Mailbox,
    settings: Any,
) -> None:
    settings.SMS_WEBHOOK_URL = ""
    survey = resolved(call_case(ola, team_oslo), reason)

    sent = send_survey(survey.pk)

    assert sent is not None
    assert sent.sent_by == AskedBy.EMAIL
    assert not SmsMessage.objects.exists()
