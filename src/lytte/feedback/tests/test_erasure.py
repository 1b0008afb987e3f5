"""Survey comments are the customer's own text (decisions 20 and 40): erasure empties them and
the follow-up's result, keeps the scores, and the customer is never asked again; retention
empties comments past their age, except under a legal hold."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, ContactReason
from lytte.customers.models import Customer
from lytte.feedback.models import FollowUp, OptOut, Survey, SurveyRules
from lytte.feedback.services import answer, close_follow_up
from lytte.feedback.tests.conftest import email_case, resolved_and_sent
from lytte.privacy.services import erase_customer, place_hold, run_retention

pytestmark = pytest.mark.django_db


def test_erasure_empties_the_comments_and_keeps_the_scores(
    karis_case: Case, kari: Customer, reason: ContactReason, admin_user: User, team_oslo: Team
) -> None:
    survey = answer(
        survey=resolved_and_sent(karis_case, reason), score=1, comment="Kari, 0142 Oslo"
    )
    close_follow_up(follow_up=FollowUp.objects.get(), result="Ringte Kari", by=admin_user)
    later = email_case(kari, team_oslo, "Ny sak")

    erase_customer(customer=kari, erased_by=admin_user, reason="Bedt om sletting")

    survey.refresh_from_db()
    assert (survey.comment, survey.score) == ("", 1)
    assert FollowUp.objects.get().result == ""
    assert OptOut.objects.get(customer=kari).erased
    SurveyRules.objects.update(quarantine_days=0)
    assert resolved_and_sent(later, reason).skipped_because == "opted_out"


def test_retention_empties_old_comments_except_held_ones(
    karis_case: Case, kari: Customer, reason: ContactReason, admin_user: User, team_oslo: Team
) -> None:
    survey = answer(survey=resolved_and_sent(karis_case, reason), score=4, comment="Bra")
    Survey.objects.filter(pk=survey.pk).update(answered_at=timezone.now() - timedelta(days=800))

    run = run_retention(dry_run=False)

    assert {line["kind"]: line["purged"] for line in run.report}["survey_comments"] == 1
    survey.refresh_from_db()
    assert (survey.comment, survey.score) == ("", 4)

    Survey.objects.filter(pk=survey.pk).update(comment="Bra")
    place_hold(reason="Tvist", placed_by=admin_user, customer=kari)
    run = run_retention(dry_run=False)
    assert {line["kind"]: line["purged"] for line in run.report}["survey_comments"] == 0
