"""Answering an NPS survey by its signed link (decision 47): like a CSAT answer (expires, once,
changeable within the window of the survey rules), and a detractor (0-6) opens a follow-up: a
new case for the customer with an internal note, through the core."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lytte.audit.services import record
from lytte.cases.models import Channel
from lytte.cases.services import open_case
from lytte.feedback.events import NpsAnswered
from lytte.feedback.models import FollowUp, NpsSurvey, OptOut, SurveyRules
from lytte.feedback.nps_models import DETRACTOR, NPS_SCORES
from lytte.feedback.services.answers import MAX_COMMENT, AnswerRefused, changeable, expired
from lytte.feedback.services.follow_ups import record_opened
from lytte.platform.events import publish


@transaction.atomic
def answer_nps(*, survey: NpsSurvey, score: int, comment: str | None = None) -> NpsSurvey:
    """Record (or, within the window, change) the 0-10 score and the why when given."""
    survey = NpsSurvey.objects.select_for_update().get(pk=survey.pk)
    rules = SurveyRules.current()
    if score not in NPS_SCORES:
        raise AnswerRefused("score", _("Choose a score from 0 to 10."))
    if survey.answered_at is None and expired(survey, rules):
        raise AnswerRefused("expired", _("This survey has closed."))
    if not changeable(survey, rules):
        raise AnswerRefused("answered", _("You have answered this survey already. Thank you!"))
    now, first = timezone.now(), survey.answered_at is None
    survey.score = score
    if first:
        survey.answered_at = now
    else:
        survey.changed_at = now
    if comment is not None:
        survey.comment = comment.strip()[:MAX_COMMENT]
    survey.save(update_fields=["score", "answered_at", "changed_at", "comment"])
    record(actor=None, action="nps.answered", target=survey, score=score)
    if score <= DETRACTOR:
        open_nps_follow_up(survey)
    publish(NpsAnswered(nps_id=survey.pk, score=score, first=first))
    return survey


def _note(survey: NpsSurvey) -> str:
    lines = [
        _(
            "The customer answered %(score)s of 10 to how likely they are to recommend us "
            "(a detractor). A supervisor should follow it up."
        )
        % {"score": survey.score}
    ]
    if survey.comment:
        lines.append(_("The customer's comment: %(comment)s") % {"comment": survey.comment})
    return "\n".join(lines)


def open_nps_follow_up(survey: NpsSurvey) -> FollowUp:
    """Once per survey: a case for the customer (through the core) with the note on it."""
    existing = FollowUp.objects.filter(nps=survey).first()
    if existing is not None:
        return existing
    with translation.override(None):  # the case is named in the installation's language
        case = open_case(
            channel=Channel.NOTE,
            opened_by=None,
            customer=survey.customer,
            subject=_("NPS follow-up: %(score)s of 10") % {"score": survey.score},
        )
    return record_opened(
        case=case,
        note=lambda: _note(survey),
        external_id=f"nps:{survey.pk}",
        action="nps.follow_up_opened",
        nps=survey,
    )


@transaction.atomic
def opt_out_nps(*, survey: NpsSurvey) -> OptOut | None:
    if survey.customer_id is None:
        return None
    row, created = OptOut.objects.get_or_create(customer_id=survey.customer_id)
    if created:
        record(actor=None, action="survey.opted_out", target=survey)
    return row
