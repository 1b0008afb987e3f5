"""Marking the days whose survey rollups a write changed (decision 50), in the writing
transaction (decision 26): the day a survey was sent on, when it is sent and when its answer
is given or changed; and every day counted under a team being removed."""

from __future__ import annotations

from lytte.accounts.events import TeamRemoved
from lytte.feedback.events import NpsAnswered, NpsSent, SurveyAnswered, SurveySent
from lytte.feedback.models import NpsSurvey, Survey, SurveyDay
from lytte.feedback.rollups import mark_sent, mark_stale
from lytte.platform.events import subscribe


@subscribe(SurveySent, within_transaction=True)
def survey_sent(event: SurveySent) -> None:
    mark_sent(*Survey.objects.filter(pk=event.survey_id).values_list("sent_at", flat=True))


@subscribe(SurveyAnswered, within_transaction=True)
def survey_answered(event: SurveyAnswered) -> None:
    mark_sent(*Survey.objects.filter(pk=event.survey_id).values_list("sent_at", flat=True))


@subscribe(NpsSent, within_transaction=True)
def nps_sent(event: NpsSent) -> None:
    mark_sent(*NpsSurvey.objects.filter(pk=event.nps_id).values_list("sent_at", flat=True))


@subscribe(NpsAnswered, within_transaction=True)
def nps_answered(event: NpsAnswered) -> None:
    mark_sent(*NpsSurvey.objects.filter(pk=event.nps_id).values_list("sent_at", flat=True))


@subscribe(TeamRemoved, within_transaction=True)
def team_removed(event: TeamRemoved) -> None:
    """The team's surveys move to no team: its days are counted again."""
    counted = SurveyDay.objects.filter(span=SurveyDay.Span.DAY, team_id=event.team_id)
    mark_stale(counted.values_list("day", flat=True).distinct())
