"""Answering by the signed link (no sign-in): expires, answered once, changed within a window;
and the one-click opt-out."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.audit.services import record
from lytte.feedback.events import SurveyAnswered
from lytte.feedback.models import SCORES, Choice, NpsSurvey, OptOut, Survey, SurveyRules
from lytte.feedback.services.follow_ups import open_follow_up
from lytte.platform.events import publish

SALT = "lytte.feedback.survey"
MAX_COMMENT = 2000


class AnswerRefused(Exception):
    """Why a survey cannot take this answer (the message is for the customer)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def token_for(survey: Survey) -> str:
    """The survey's link token: its id, signed with the secret key (unguessable, unforgeable)."""
    return signing.Signer(salt=SALT).sign(str(survey.pk)).replace(":", ".")


def survey_page(survey: Survey, language: str) -> str:
    """The survey's signed page (no score chosen yet), as a full address."""
    path = reverse("feedback:survey", kwargs={"lang": language, "token": token_for(survey)})
    return settings.BASE_URL.rstrip("/") + path


def survey_for_token(token: str) -> Survey | None:
    """The sent survey a token names, or None for a forged, mangled or unsent one."""
    try:
        pk = int(signing.Signer(salt=SALT).unsign(token.replace(".", ":")))
    except (signing.BadSignature, ValueError):
        return None
    return (
        Survey.objects.select_related("case", "question")
        .exclude(state__in=[Survey.State.SCHEDULED, Survey.State.SKIPPED])
        .filter(pk=pk)
        .first()
    )


def expired(survey: Survey | NpsSurvey, rules: SurveyRules) -> bool:
    sent = survey.sent_at or survey.created_at
    return timezone.now() > sent + timedelta(days=rules.valid_days)


def changeable(survey: Survey | NpsSurvey, rules: SurveyRules) -> bool:
    """May the answer still be given or changed? (Before the first answer: until it expires.)
    The same windows for CSAT and NPS surveys."""
    if survey.answered_at is None:
        return not expired(survey, rules)
    return timezone.now() <= survey.answered_at + timedelta(hours=rules.change_hours)


def _check(survey: Survey, rules: SurveyRules, score: int) -> None:
    if score not in SCORES:
        raise AnswerRefused("score", _("Choose a score from 1 to 5."))
    if survey.answered_at is None and expired(survey, rules):
        raise AnswerRefused("expired", _("This survey has closed."))
    if not changeable(survey, rules):
        raise AnswerRefused("answered", _("You have answered this survey already. Thank you!"))


@transaction.atomic
def answer(
    *,
    survey: Survey,
    score: int,
    comment: str | None = None,
    choice_ids: list[int] | None = None,
) -> Survey:
    """Record (or, within the window, change) the score, and the comment and choices when
    given. A low score opens a follow-up once."""
    survey = Survey.objects.select_for_update(of=("self",)).select_related("case").get(pk=survey.pk)
    rules = SurveyRules.current()
    _check(survey, rules, score)
    now, first = timezone.now(), survey.answered_at is None
    survey.score, survey.state = score, Survey.State.ANSWERED
    if first:
        survey.answered_at = now
    else:
        survey.changed_at = now
    if comment is not None:
        survey.comment = comment.strip()[:MAX_COMMENT]
    survey.save(update_fields=["score", "state", "answered_at", "changed_at", "comment"])
    if choice_ids is not None:
        offered = Choice.objects.filter(question=survey.question, pk__in=choice_ids)
        survey.choices.set(offered if score <= rules.low_score else [])
    record(actor=None, action="survey.answered", target=survey.case, survey=survey, score=score)
    if score <= rules.low_score:
        open_follow_up(survey)
    publish(SurveyAnswered(survey_id=survey.pk, case_id=survey.case_id, score=score, first=first))
    return survey


@transaction.atomic
def opt_out(*, survey: Survey) -> OptOut | None:
    """The survey's customer wants no more surveys (idempotent)."""
    if survey.customer_id is None:
        return None
    row, created = OptOut.objects.get_or_create(customer_id=survey.customer_id)
    if created:
        record(actor=None, action="survey.opted_out", target=survey.case)
    return row
