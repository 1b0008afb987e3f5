"""Reads of the feedback app: CSAT figures for insights, and the answers a member of staff
may see (an agent: their own cases'; supervisors and admins: all)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lytte.accounts.models import Team, User
from lytte.cases.models import Channel, ContactReason
from lytte.feedback.models import FollowUp, Survey

SATISFIED = 4  # a CSAT is the share of answers of 4 or 5

DIMENSIONS = {"reason": "reason_id", "channel": "channel", "team": "team_id"}


@dataclass(frozen=True)
class CsatRow:
    key: object
    label: str
    sent: int
    answered: int
    satisfied: int
    average: float | None

    @property
    def response_rate(self) -> float | None:
        return self.answered / self.sent if self.sent else None

    @property
    def csat(self) -> float | None:
        return self.satisfied / self.answered if self.answered else None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def sent_between(start: date, end: date) -> QuerySet[Survey]:
    """Surveys sent on the local days from `start` to `end` (inclusive)."""
    return Survey.objects.filter(
        sent_at__gte=_day_start(start), sent_at__lt=_day_start(end + timedelta(days=1))
    )


def csat_by(
    dimension: str, start: date, end: date, *, channel: str = "", team: int | None = None
) -> list[CsatRow]:
    """Sent, answered, satisfied and the average score per reason, channel or team, of the
    surveys sent in the period (optionally of one channel or team)."""
    field = DIMENSIONS[dimension]
    surveys = sent_between(start, end)
    if channel:
        surveys = surveys.filter(channel=channel)
    if team is not None:
        surveys = surveys.filter(team_id=team)
    rows = (
        surveys.values(field)
        .annotate(
            sent=Count("pk"),
            answered=Count("pk", filter=Q(score__isnull=False)),
            satisfied=Count("pk", filter=Q(score__gte=SATISFIED)),
            average=Avg("score"),
        )
        .order_by("-sent")
    )
    labels = _labels(dimension, [row[field] for row in rows])
    return [
        CsatRow(
            key=row[field],
            label=labels.get(row[field], _("None")),
            sent=row["sent"],
            answered=row["answered"],
            satisfied=row["satisfied"],
            average=row["average"],
        )
        for row in rows
    ]


def _labels(dimension: str, keys: list[object]) -> dict[object, str]:
    if dimension == "channel":
        return {key: str(Channel(str(key)).label) for key in keys if key in Channel.values}
    if dimension == "team":
        return dict(Team.objects.filter(pk__in=keys).values_list("pk", "name"))
    reasons = ContactReason.objects.filter(pk__in=keys)
    return {reason.pk: _reason_name(reason) for reason in reasons}


def _reason_name(reason: ContactReason) -> str:
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return getattr(reason, f"name_{language}", "") or reason.name


def csat_tables(
    start: date, end: date, *, channel: str = "", team: int | None = None
) -> dict[str, list[Any]]:
    """The dashboard's three tables: by reason, channel and team (one grouped read, as the
    feedback page reads them: decision 42)."""
    from lytte.feedback.figures import tables  # figures reads the rollups
    from lytte.insights.dashboard import Filters

    filters = Filters(start, end, channel=channel, team=team)
    return dict(tables(filters, dimensions=tuple(DIMENSIONS)))


def answers_for(user: User) -> QuerySet[Survey]:
    """Answered surveys this member of staff may read, newest first."""
    answered = (
        Survey.objects.filter(answered_at__isnull=False)
        .select_related("case", "reason", "team", "agent")
        .prefetch_related("choices")
        .order_by("-answered_at")
    )
    if user.has_perm("feedback.view_survey"):
        return answered
    return answered.filter(Q(agent=user) | Q(case__assignee=user))


def open_follow_ups() -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.filter(closed_at__isnull=True)
        .select_related("case", "team", "survey", "nps")
        .order_by("opened_at")
    )
