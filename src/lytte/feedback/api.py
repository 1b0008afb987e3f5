"""/surveys: the satisfaction surveys and their answers, read-only (issue 17). Supervisors and
admins read every survey; an agent, those of the cases they handled or are assigned to (as on
/desk/feedback/). A business sends answers on to its own systems with the webhook
(lytte.feedback.webhooks); this is for reading them back."""

from datetime import date, datetime
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from lytte.accounts.models import User
from lytte.api.auth import staff
from lytte.api.pagination import Pagination
from lytte.api.schemas.common import ERRORS, Day, Id, ReasonRef, TeamRef, UserRef
from lytte.cases.models import Channel
from lytte.feedback.models import Survey
from lytte.feedback.selectors import sent_between

router = Router(tags=["surveys"])


class SurveyState(StrEnum):
    """`Survey.State` under its own name in the OpenAPI: the knowledge API's `State` (an
    article's) would otherwise take this one's place in the schema's components."""

    SCHEDULED = "scheduled"
    SENT = "sent"
    ANSWERED = "answered"
    SKIPPED = "skipped"


class QuestionOut(Schema):
    language: str
    version: int
    text: str


class SurveyOut(Schema):
    id: int
    case: int = Field(description="The case's number.")
    state: SurveyState
    skipped_because: str = Field(description="Why it was not sent, when `state` is skipped.")
    channel: str = Field(description="The case's channel when the survey was sent.")
    reason: ReasonRef | None = Field(description="The case's reason when it was sent.")
    team: TeamRef | None
    agent: UserRef | None
    language: str
    question: QuestionOut | None = Field(description="The version of the question asked.")
    sent_at: datetime | None
    score: int | None = Field(description="1 to 5; null until answered.")
    comment: str
    what_went_wrong: list[str] = Field(description="The choices picked after a low score.")
    answered_at: datetime | None
    changed_at: datetime | None

    @staticmethod
    def resolve_case(obj: Survey) -> int:
        return obj.case.number

    @staticmethod
    def resolve_what_went_wrong(obj: Survey) -> list[str]:
        return [choice.label for choice in obj.choices.all()]


class SurveyFilters(Schema):
    since: Day | None = Field(None, description="Sent on or after this day (local time).")
    until: Day | None = Field(None, description="Sent on or before this day (local time).")
    reason: Id | None = Field(None, description="Reason id.")
    team: Id | None = Field(None, description="Team id.")
    channel: Channel | None = None
    state: SurveyState | None = None
    score: int | None = Field(None, ge=1, le=5, description="Only answers of this score.")
    min_score: int | None = Field(None, ge=1, le=5, description="Only answers of at least this.")
    max_score: int | None = Field(None, ge=1, le=5, description="Only answers of at most this.")


def _visible(user: User) -> QuerySet[Survey]:
    surveys = Survey.objects.select_related(
        "case", "reason", "team", "agent", "question"
    ).prefetch_related("choices")
    if user.has_perm("feedback.view_survey"):
        return surveys
    return surveys.filter(Q(agent=user) | Q(case__assignee=user))


def _filtered(surveys: QuerySet[Survey], filters: SurveyFilters) -> QuerySet[Survey]:
    if filters.since or filters.until:
        start = filters.since or date(1970, 1, 1)
        end = filters.until or date(9998, 12, 31)
        surveys = surveys.filter(pk__in=sent_between(start, end).values("pk"))
    fields = {
        "reason_id": filters.reason,
        "team_id": filters.team,
        "channel": filters.channel,
        "state": filters.state,
        "score": filters.score,
        "score__gte": filters.min_score,
        "score__lte": filters.max_score,
    }
    return surveys.filter(**{field: value for field, value in fields.items() if value is not None})


@router.get("", response={200: list[SurveyOut], **ERRORS})
@paginate(Pagination)
def list_surveys(request: HttpRequest, filters: Query[SurveyFilters]) -> QuerySet[Survey]:
    """Newest first. `since` and `until` are days the survey was sent, both included."""
    return _filtered(_visible(staff(request)), filters).order_by("-created_at", "-pk")


@router.get("/{survey_id}", response={200: SurveyOut, **ERRORS})
def get_survey(request: HttpRequest, survey_id: Id) -> Survey:
    survey = _visible(staff(request)).filter(pk=survey_id).first()
    if survey is None:
        raise Http404(_("There is no such survey."))
    return survey
