"""NPS (decision 47): a programme's round draws a random sample (a number or a share) of the
customers it may ask (of its organization; never the opted-out, the erased or the recently
asked), their surveys go out by email in their language with one link per score from 0 to 10,
the page takes one click and then "why?", a detractor opens a follow-up on a new case, and the
director dashboard shows NPS overall and per organization."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from lytte.accounts.models import User
from lytte.cases.models import Case, Contact, ContactReason
from lytte.cases.services import resolve
from lytte.customers.models import Customer, Organization
from lytte.customers.services import create_customer
from lytte.feedback.models import FollowUp, NpsProgram, NpsSurvey, OptOut, Survey, SurveyRules
from lytte.feedback.nps_selectors import nps_by_organization, nps_overall, nps_table
from lytte.feedback.rollups import refresh_stale
from lytte.feedback.services import send_survey
from lytte.feedback.services.forget import forget_customer
from lytte.feedback.services.nps import (
    eligible,
    nps_for_token,
    run_due_programs,
    run_program,
    send_due_nps,
    send_nps,
    token_for,
)
from lytte.feedback.services.nps_answers import answer_nps
from lytte.feedback.tests.conftest import resolved_and_sent
from lytte.platform import notices
from lytte.sla import services as sla

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def fjord(db: None) -> Organization:
    return Organization.objects.create(name="Fjordkraft AS")


@pytest.fixture
def customers(fjord: Organization) -> list[Customer]:
    made = [
        create_customer(name=f"Kunde {n}", emails=[f"kunde{n}@example.no"], language="nb")
        for n in range(8)
    ]
    made += [
        create_customer(
            name=f"Ansatt {n}", emails=[f"ansatt{n}@fjord.no"], language="sv", organization=fjord
        )
        for n in range(4)
    ]
    return made


def program(**fields: object) -> NpsProgram:
    return NpsProgram.objects.create(name="Hver måned", **fields)  # type: ignore[arg-type]


def sent(survey: NpsSurvey) -> NpsSurvey:
    result = send_nps(survey.pk)
    assert result is not None
    return result


def test_a_round_draws_the_share_or_the_number_asked_for(customers: list[Customer]) -> None:
    by_share = run_program(program(sample_percent=25), rng=random.Random(1))
    by_number = run_program(program(sample_size=5, quarantine_days=0), rng=random.Random(2))

    assert len(by_share) == 3  # 25 % of 12
    assert len(by_number) == 5
    assert len({s.customer_id for s in by_number}) == 5


def test_the_opted_out_erased_recently_asked_and_unreachable_are_never_drawn(
    customers: list[Customer],
) -> None:
    OptOut.objects.create(customer=customers[0])
    forget_customer(customers[1])
    first = run_program(program(sample_size=2), rng=random.Random(3))
    nobody = create_customer(name="Uten adresse", phones=["+4791234567"])

    may = set(eligible(program(), timezone.now()))

    assert customers[0] not in may
    assert customers[1] not in may
    assert not {s.customer for s in first} & may  # in quarantine now
    assert nobody not in may
    assert len(may) == 12 - 2 - 2


def test_a_round_may_be_limited_to_an_organization(
    customers: list[Customer], fjord: Organization
) -> None:
    drawn = run_program(program(sample_percent=100, organization=fjord))

    assert {s.customer.organization for s in drawn} == {fjord}  # type: ignore[union-attr]
    assert len(drawn) == 4


def test_programmes_run_on_their_schedule(customers: list[Customer]) -> None:
    now = timezone.now()
    monthly = program(sample_size=2, next_run_at=now - timedelta(minutes=1))
    program(sample_size=2, next_run_at=now + timedelta(days=3))

    assert run_due_programs(now=now) == 2
    monthly.refresh_from_db()
    assert monthly.next_run_at == now + timedelta(days=30)
    assert run_due_programs(now=now) == 0


def test_the_mail_asks_in_the_customers_language_with_a_link_per_score(
    customers: list[Customer], fjord: Organization
) -> None:
    [survey] = run_program(program(sample_size=1, organization=fjord))

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert send_due_nps() == 1
    assert notices.deliver_due() == 1  # the platform's outbox (decision 48), as the worker does

    [message] = mail.outbox
    assert message.to[0].endswith("@fjord.no")
    assert survey.question.language == "sv"  # the customer's language (the words: the .po's)
    assert survey.question.text in message.body
    links = re.findall(r"/help/sv/nps/\S+/\?score=(\d+)", message.body)
    assert links == [str(n) for n in range(11)]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert NpsSurvey.objects.get(pk=survey.pk).sent_at is not None
    assert send_due_nps() == 0  # never twice
    assert notices.deliver_due() == 0


def test_an_opted_out_customer_drawn_earlier_is_skipped_when_due(customers: list[Customer]) -> None:
    [survey] = run_program(program(sample_size=1))
    OptOut.objects.create(customer=survey.customer)

    assert sent(survey).skipped_because == "opted_out"
    assert not mail.outbox


def test_in_business_hours_a_round_drawn_on_saturday_goes_out_on_monday(
    customers: list[Customer],
) -> None:
    calendar = sla.create_calendar(by=None, name="Oslo", time_zone="Europe/Oslo", country="NO")
    sla.set_week(by=None, calendar=calendar, week={d: [(time(8), time(16))] for d in range(5)})
    saturday = datetime(2026, 12, 5, 10, 0, tzinfo=OSLO).astimezone(UTC)

    drawn = run_program(
        program(sample_size=2, business_hours=True, calendar=calendar), now=saturday
    )

    monday = datetime(2026, 12, 7, 8, 0, tzinfo=OSLO).astimezone(UTC)
    assert {s.due_at for s in drawn} == {monday}
    assert send_due_nps(now=saturday + timedelta(days=1)) == 0
    assert send_due_nps(now=monday) == 2


def test_one_click_then_why_and_a_detractor_opens_a_follow_up_once(
    client: Client, customers: list[Customer]
) -> None:
    [survey] = run_program(program(sample_size=1, language="nb"))
    survey = sent(survey)
    url = f"/help/nb/nps/{token_for(survey)}/"

    page = client.get(url, {"score": "3"})
    assert page.status_code == 200
    assert b"data-autosubmit" in page.content
    assert b'id="id_score_3"' in page.content
    assert b"checked" in page.content
    scored = client.post(url, {"score": "3"})
    assert scored.status_code == 302
    assert scored["Location"].endswith("?scored=1")
    answered = client.post(url, {"score": "2", "comment": "Lang ventetid", "details": "1"})
    assert answered.status_code == 302

    survey.refresh_from_db()
    assert (survey.score, survey.comment) == (2, "Lang ventetid")
    follow_up = FollowUp.objects.get(nps=survey)
    assert follow_up.case.customer == survey.customer
    note = Contact.objects.get(pk=follow_up.note_id)
    assert "3" in note.body
    assert FollowUp.objects.count() == 1


def test_a_promoter_opens_nothing_and_a_bad_score_is_a_form_error(
    client: Client, customers: list[Customer]
) -> None:
    [survey] = run_program(program(sample_size=1))
    survey = sent(survey)
    url = f"/help/{survey.language}/nps/{token_for(survey)}/"

    assert client.post(url, {"score": "11"}).status_code == 400
    assert client.post(url, {"score": "10"}).status_code == 302
    assert not FollowUp.objects.exists()
    assert client.get(f"/help/nb/nps/{token_for(survey)}x/").status_code == 404
    assert nps_for_token("1.forged") is None


def test_the_answer_is_changed_within_the_window_only(customers: list[Customer]) -> None:
    [survey] = run_program(program(sample_size=1))
    survey = answer_nps(survey=sent(survey), score=8)
    answer_nps(survey=survey, score=9)
    NpsSurvey.objects.filter(pk=survey.pk).update(answered_at=timezone.now() - timedelta(days=2))

    with pytest.raises(Exception, match="already"):
        answer_nps(survey=survey, score=0)
    assert NpsSurvey.objects.get(pk=survey.pk).score == 9


def test_the_opt_out_page_stops_all_surveys(client: Client, customers: list[Customer]) -> None:
    [survey] = run_program(program(sample_size=1))
    survey = sent(survey)

    assert client.post(f"/help/nb/nps/{token_for(survey)}/opt-out/").status_code == 200
    assert OptOut.objects.filter(customer=survey.customer).exists()


def test_nps_is_promoters_minus_detractors_overall_and_per_organization(
    customers: list[Customer], fjord: Organization, supervisor: User, client: Client
) -> None:
    drawn = [sent(s) for s in run_program(program(sample_percent=100))]
    scores = {
        c.pk: s
        for c, s in zip(customers, [10, 9, 9, 8, 7, 3, 0, None, 10, 6, None, None], strict=False)
    }
    for survey in drawn:
        if scores[survey.customer_id] is not None:  # type: ignore[index]
            answer_nps(survey=survey, score=scores[survey.customer_id])  # type: ignore[index,arg-type]
    assert refresh_stale() == 1  # the sending and the answers marked today
    today = timezone.localdate()

    overall = nps_overall(today, today)
    assert (overall.sent, overall.answered, overall.promoters, overall.detractors) == (12, 9, 4, 3)
    assert overall.nps == 11  # (4 - 3) / 9
    rows = {row.label: row for row in nps_by_organization(today, today)}
    assert rows["Fjordkraft AS"].nps == 0  # one 10, one 6
    assert rows["No organization"].nps == 14  # 3 promoters, 2 detractors of 7
    assert len(nps_table(today, today)) == 3

    client.force_login(supervisor)
    period = {"from": today.isoformat(), "to": today.isoformat()}
    page = client.get(reverse("insights:director"), period).content.decode()
    table = re.search(r'<table class="data" id="nps-table">.*?</table>', page, re.S)
    assert table is not None
    assert "Fjordkraft AS" in table.group(0)
    assert re.findall(r"<td>(-?\d+)</td></tr>", table.group(0))[0] == "11"


def test_erasure_empties_the_why_and_keeps_the_score(customers: list[Customer]) -> None:
    [survey] = run_program(program(sample_size=1))
    answer_nps(survey=sent(survey), score=9, comment="Alltid hyggelige")

    forget_customer(survey.customer)  # type: ignore[arg-type]

    survey.refresh_from_db()
    assert (survey.score, survey.comment) == (9, "")


def test_erasure_takes_an_nps_mail_not_yet_sent_out_of_the_outbox(
    customers: list[Customer],
) -> None:
    from lytte.platform.models import Notice

    [survey] = run_program(program(sample_size=1))
    sent(survey)
    assert Notice.objects.count() == 1  # queued, not yet sent

    forget_customer(survey.customer)  # type: ignore[arg-type]

    assert notices.deliver_due() == 0
    assert not Notice.objects.exists()
    assert not mail.outbox


def test_the_customers_export_has_their_nps_answer(customers: list[Customer]) -> None:
    from lytte.privacy.export.own_words import survey_records

    [survey] = run_program(program(sample_size=1))
    answer_nps(survey=sent(survey), score=4, comment="For dyrt")

    records = list(survey_records(survey.customer))  # type: ignore[arg-type]

    assert [(r["score"], r["comment"]) for r in records if "nps_sent_at" in r] == [(4, "For dyrt")]


def test_a_customer_sent_a_csat_survey_lately_is_not_drawn_for_nps(
    karis_case: Case, reason: ContactReason, kari: Customer
) -> None:
    resolved_and_sent(karis_case, reason)

    assert kari not in set(eligible(program(), timezone.now()))


def test_a_customer_sent_an_nps_survey_lately_gets_no_csat_survey(
    karis_case: Case, reason: ContactReason, kari: Customer, rules: SurveyRules
) -> None:
    [nps] = run_program(program(sample_size=1))
    sent(nps)
    with TestCase.captureOnCommitCallbacks(execute=True):
        resolve(case=karis_case, resolved_by=None, reason=reason)
    survey = Survey.objects.get(case=karis_case)

    skipped = send_survey(survey.pk, now=survey.send_after)

    assert skipped is not None
    assert (skipped.state, skipped.skipped_because) == (Survey.State.SKIPPED, "quarantine")
