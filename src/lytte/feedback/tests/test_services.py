"""Surveys by the rules: scheduled at resolution, sent after the delay, never twice within the
quarantine, never to the opted-out or erased; signed links that expire; an answer given once and
changed only within the window; a low score's follow-up on the case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel, ContactReason, Direction, Status
from lytte.cases.services import resolve, set_status
from lytte.customers.models import Customer
from lytte.feedback.models import FollowUp, OptOut, Survey, SurveyRules
from lytte.feedback.services import (
    AnswerRefused,
    answer,
    close_follow_up,
    opt_out,
    publish_question,
    send_due_surveys,
    survey_for_token,
    token_for,
)
from lytte.feedback.tests.conftest import email_case, resolved_and_sent
from lytte.mail.models import Mailbox, OutboundMessage

pytestmark = pytest.mark.django_db


def test_resolving_schedules_the_survey_after_the_delay(
    karis_case: Case, reason: ContactReason, rules: SurveyRules
) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        resolve(case=karis_case, resolved_by=None, reason=reason)
    survey = Survey.objects.get(case=karis_case)
    assert survey.state == Survey.State.SCHEDULED
    karis_case.refresh_from_db()
    assert survey.send_after - karis_case.resolved_at == timedelta(minutes=rules.delay_minutes)
    assert send_due_surveys() == 0  # not yet due

    Survey.objects.filter(pk=survey.pk).update(send_after=timezone.now())
    assert send_due_surveys() == 1
    survey.refresh_from_db()
    assert survey.state == Survey.State.SENT
    assert (survey.language, survey.channel, survey.reason) == ("nb", Channel.EMAIL, reason)
    assert survey.question is not None
    assert survey.question.version == 1
    assert survey.question.language == "nb"
    outbound = OutboundMessage.objects.get(case=karis_case)
    assert outbound.kind == OutboundMessage.Kind.SURVEY
    karis_case.refresh_from_db()
    assert karis_case.status == Status.RESOLVED  # the survey's contact reopens nothing


def test_one_survey_per_customer_within_the_quarantine(
    karis_case: Case, kari: Customer, team_oslo: Team, reason: ContactReason, rules: SurveyRules
) -> None:
    assert resolved_and_sent(karis_case, reason).state == Survey.State.SENT
    second = resolved_and_sent(email_case(kari, team_oslo, "Ny sak"), reason)
    assert (second.state, second.skipped_because) == (Survey.State.SKIPPED, "quarantine")

    Survey.objects.filter(case=karis_case).update(sent_at=timezone.now() - timedelta(days=31))
    third = resolved_and_sent(email_case(kari, team_oslo, "Tredje sak"), reason)
    assert third.state == Survey.State.SENT


def test_never_to_the_opted_out(
    karis_case: Case, kari: Customer, team_oslo: Team, reason: ContactReason
) -> None:
    survey = resolved_and_sent(karis_case, reason)
    opt_out(survey=survey)
    opt_out(survey=survey)  # once is enough
    assert OptOut.objects.filter(customer=kari).count() == 1
    SurveyRules.objects.update(quarantine_days=0)
    later = resolved_and_sent(email_case(kari, team_oslo, "Ny sak"), reason)
    assert later.skipped_because == "opted_out"


@pytest.mark.parametrize(
    ("rule", "why"),
    [("channels", "channel"), ("teams", "team"), ("reasons", "reason"), ("active", "inactive")],
)
def test_the_rules_choose_channels_teams_and_reasons(
    karis_case: Case,
    reason: ContactReason,
    rules: SurveyRules,
    team_helsinki: Team,
    rule: str,
    why: str,
) -> None:
    if rule == "channels":
        rules.channels = [Channel.PHONE]
        rules.save()
    elif rule == "teams":
        rules.teams.set([team_helsinki])
    elif rule == "reasons":
        rules.reasons.set([ContactReason.objects.create(code="outage", name="Outage")])
    else:
        with TestCase.captureOnCommitCallbacks(execute=True):
            resolve(case=karis_case, resolved_by=None, reason=reason)
        rules.active = False
        rules.save()
        Survey.objects.update(send_after=timezone.now())
        send_due_surveys()
        assert Survey.objects.get().skipped_because == why
        return
    assert resolved_and_sent(karis_case, reason).skipped_because == why


def test_a_case_reopened_before_the_survey_is_due_is_not_asked_about(
    karis_case: Case, reason: ContactReason, supervisor: User
) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        resolve(case=karis_case, resolved_by=None, reason=reason)
    set_status(case=karis_case, status=Status.OPEN, changed_by=supervisor)
    Survey.objects.update(send_after=timezone.now())
    send_due_surveys()
    assert Survey.objects.get().skipped_because == "not_resolved"


def test_the_link_is_signed_and_names_only_a_sent_survey(
    karis_case: Case, reason: ContactReason
) -> None:
    survey = resolved_and_sent(karis_case, reason)
    token = token_for(survey)
    assert survey_for_token(token) == survey
    assert survey_for_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert survey_for_token(f"{survey.pk}.forged") is None
    Survey.objects.filter(pk=survey.pk).update(state=Survey.State.SCHEDULED)
    assert survey_for_token(token) is None


def test_the_link_expires_after_28_days(karis_case: Case, reason: ContactReason) -> None:
    survey = resolved_and_sent(karis_case, reason)
    Survey.objects.filter(pk=survey.pk).update(sent_at=timezone.now() - timedelta(days=29))
    survey.refresh_from_db()
    with pytest.raises(AnswerRefused) as refused:
        answer(survey=survey, score=4)
    assert refused.value.code == "expired"


def test_an_answer_can_be_changed_within_the_window_only(
    karis_case: Case, reason: ContactReason
) -> None:
    survey = resolved_and_sent(karis_case, reason)
    answer(survey=survey, score=3)
    changed = answer(survey=survey, score=4, comment="Raskt svar")
    assert (changed.score, changed.comment, changed.changed_at is not None) == (
        4,
        "Raskt svar",
        True,
    )

    Survey.objects.filter(pk=survey.pk).update(answered_at=timezone.now() - timedelta(hours=25))
    with pytest.raises(AnswerRefused) as refused:
        answer(survey=survey, score=5)
    assert refused.value.code == "answered"
    survey.refresh_from_db()
    assert survey.score == 4


def test_a_score_outside_the_scale_is_refused(karis_case: Case, reason: ContactReason) -> None:
    survey = resolved_and_sent(karis_case, reason)
    with pytest.raises(AnswerRefused):
        answer(survey=survey, score=6)


def test_a_low_score_opens_a_follow_up_on_the_case_once(
    karis_case: Case, reason: ContactReason, supervisor: User, agent: User
) -> None:
    survey = resolved_and_sent(karis_case, reason)
    wrong = survey.question.choices.first()  # type: ignore[union-attr]
    answer(survey=survey, score=1)
    answer(survey=survey, score=2, comment="Ingen svarte", choice_ids=[wrong.pk])  # type: ignore[union-attr]
    follow_up = FollowUp.objects.get()
    assert follow_up.case == karis_case
    assert follow_up.team == karis_case.team
    note = follow_up.note
    assert note is not None
    assert note.direction == Direction.INTERNAL
    assert "1" in note.body
    karis_case.refresh_from_db()
    assert karis_case.status == Status.RESOLVED

    with pytest.raises(PermissionDenied):
        close_follow_up(follow_up=follow_up, result="Ringte", by=agent)
    closed = close_follow_up(follow_up=follow_up, result="Ringte og beklaget", by=supervisor)
    assert closed.closed_at is not None
    assert closed.closed_by == supervisor


def test_choices_are_kept_only_for_low_scores(karis_case: Case, reason: ContactReason) -> None:
    survey = resolved_and_sent(karis_case, reason)
    wrong = survey.question.choices.first()  # type: ignore[union-attr]
    answer(survey=survey, score=5, comment="", choice_ids=[wrong.pk])  # type: ignore[union-attr]
    assert not survey.choices.exists()
    assert not FollowUp.objects.exists()


def test_answers_keep_the_version_of_the_question_they_answered(
    karis_case: Case, kari: Customer, team_oslo: Team, reason: ContactReason, admin_user: User
) -> None:
    first = resolved_and_sent(karis_case, reason)
    newer = publish_question(
        language="nb",
        text="Hvordan var det?",
        comment_prompt="Fortell mer",
        choices_prompt="Hva gikk galt?",
        choices=["For treg", "Uvennlig"],
        by=admin_user,
    )
    SurveyRules.objects.update(quarantine_days=0)
    second = resolved_and_sent(email_case(kari, team_oslo, "Ny sak"), reason)
    first.refresh_from_db()
    assert first.question is not None
    assert first.question.version == 1
    assert second.question == newer
    assert newer.version == 2
    assert list(newer.choices.values_list("label", flat=True)) == ["For treg", "Uvennlig"]


def test_no_mailbox_or_no_address_skips(
    kari: Customer, team_oslo: Team, reason: ContactReason, rules: SurveyRules
) -> None:
    case = email_case(kari, team_oslo)
    Mailbox.objects.all().delete()
    assert resolved_and_sent(case, reason).skipped_because == "no_mailbox"
