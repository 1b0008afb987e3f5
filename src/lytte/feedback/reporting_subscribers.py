"""What an answer sets going for reporting (issue 17), in the answer's own transaction: its
comment's words stored for the search and themes, and the webhook's deliveries stored before
the worker sends them (decision 26: bookkeeping writes in the same database)."""

from __future__ import annotations

from lytte.feedback import webhooks
from lytte.feedback.comments import index_comment
from lytte.feedback.events import SurveyAnswered
from lytte.feedback.models import Survey
from lytte.platform.events import subscribe


@subscribe(SurveyAnswered, within_transaction=True)
def survey_answered(event: SurveyAnswered) -> None:
    survey = Survey.objects.only("pk", "comment", "language").get(pk=event.survey_id)
    index_comment(survey)
    webhooks.queue_answered(event.survey_id, first=event.first)
