"""Surveys for the reporting tests: opened cases with their surveys sent (and answered) when
a test says, without mail in between."""

from __future__ import annotations

from datetime import datetime

from django.test import TestCase
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.cases.models import Channel, ContactReason
from lytte.cases.services import open_case
from lytte.customers.models import Organization
from lytte.feedback.models import Survey
from lytte.feedback.rollups import rebuild
from lytte.feedback.services import answer


def sent_survey(
    *,
    reason: ContactReason | None = None,
    team: Team | None = None,
    agent: User | None = None,
    organization: Organization | None = None,
    channel: str = Channel.EMAIL,
    language: str = "nb",
    sent_at: datetime | None = None,
) -> Survey:
    case = open_case(
        channel=channel, opened_by=None, team=team, organization=organization, reason=reason
    )
    sent_at = sent_at or timezone.now()
    return Survey.objects.create(
        case=case,
        state=Survey.State.SENT,
        send_after=sent_at,
        sent_at=sent_at,
        language=language,
        reason=reason,
        channel=channel,
        team=team,
        agent=agent,
        organization=case.organization,
    )


def answered(score: int, comment: str = "", **fields: object) -> Survey:
    """Sent now and answered through the service (its events run, as after a real answer)."""
    survey = sent_survey(**fields)  # type: ignore[arg-type]
    with TestCase.captureOnCommitCallbacks(execute=True):
        return answer(survey=survey, score=score, comment=comment or None)


def scored(score: int | None, **fields: object) -> Survey:
    """Written as answered at once (for weeks back, which the service refuses as expired)."""
    survey = sent_survey(**fields)  # type: ignore[arg-type]
    if score is not None:
        Survey.objects.filter(pk=survey.pk).update(
            score=score, state=Survey.State.ANSWERED, answered_at=survey.sent_at
        )
    return survey


def rolled_up() -> None:
    """The survey rollups recomputed, as `lytte feedback rebuild` does (these helpers write
    surveys directly, without the events that mark their days)."""
    rebuild()
