"""The satisfaction figures (issue 17, decision 50): sent, answered, good and bad answers and
the average by reason, channel, team, agent and organization, per week and in total, read from
the survey rollups (feedback.rollups), never from the surveys, so a year costs a few thousand
rows. Only grouped rows reach Python.

A `Scale` says how a kind of score is counted, so NPS (0-10: promoters 9-10, detractors 0-6,
the figure promoters minus detractors) is one more scale, not a second set of queries. NPS is
about the business, not a case: of the page's filters only the organization applies to it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import reduce
from operator import add
from typing import Any

from django.db.models import F, QuerySet, Sum
from django.utils.translation import gettext as _

from lytte.accounts.models import Team, User
from lytte.cases.models import Channel, ContactReason
from lytte.customers.models import Organization
from lytte.feedback.models import NpsSurvey, Survey, SurveyDay
from lytte.feedback.rollups import cover, week_of, weekly_cover
from lytte.insights.dashboard import Filters, reason_subtree
from lytte.insights.display import percent

LABELS_PER_TABLE = 50  # rows of a table (agents, organizations: the most asked first)


@dataclass(frozen=True)
class Scale:
    """A kind of score: its range, the answers counted as good (CSAT: satisfied; NPS:
    promoters) and as bad (CSAT: the rest, watched by the alerts; NPS: detractors)."""

    code: str
    lowest: int
    highest: int
    good: int  # at or above
    bad: int  # at or below
    net: bool = False  # the figure is good minus bad (NPS), else the share of good (CSAT)

    def surveys(self) -> QuerySet[Any]:
        """The raw surveys of this kind (the comments, the export and the alerts read them)."""
        return NpsSurvey.objects.all() if self.net else Survey.objects.all()


CSAT = Scale(SurveyDay.Kind.CSAT, 1, 5, good=4, bad=3)
NPS = Scale(SurveyDay.Kind.NPS, 0, 10, good=9, bad=6, net=True)


@dataclass(frozen=True)
class ScoreRow:
    key: object
    label: str
    sent: int
    answered: int
    good: int
    bad: int
    average: float | None
    net: bool = False

    @property
    def response_rate(self) -> float | None:
        return self.answered / self.sent if self.sent else None

    @property
    def score(self) -> float | None:
        """CSAT: the share of good answers; NPS: good minus bad, as a share of answers."""
        if not self.answered:
            return None
        return (self.good - self.bad if self.net else self.good) / self.answered

    @property
    def satisfied(self) -> int:  # the dashboard's word for CSAT's good answers
        return self.good

    @property
    def csat(self) -> float | None:
        return self.score

    @property
    def passives(self) -> int:  # NPS: neither promoters nor detractors (7-8)
        return self.answered - self.good - self.bad

    @property
    def nps(self) -> int | None:
        """NPS from -100 to 100, rounded; None without answers."""
        return None if self.score is None else round(100 * self.score)

    @property
    def response_percent(self) -> str:
        return percent(self.response_rate) or "\u2013"

    @property
    def score_percent(self) -> str:
        return percent(self.score) or "\u2013"


DIMENSIONS = {
    "reason": "reason_id",
    "channel": "channel",
    "team": "team_id",
    "agent": "agent_id",
    "organization": "organization_id",
}
COUNTS = ("sent", "answered", "good", "bad", "points")


def _histogram(first: int, last: int) -> Any:
    return reduce(add, [F(f"score_{n}") for n in range(first, last + 1)])


def _sums(scale: Scale) -> dict[str, Any]:
    return {
        "sent": Sum("sent"),
        "answered": Sum("answered"),
        "good": Sum(_histogram(scale.good, scale.highest)),
        "bad": Sum(_histogram(scale.lowest, scale.bad)),
        "points": Sum("points"),
    }


def grain(filters: Filters, scale: Scale, dimension: str = "") -> str:
    """The coarsest grain with the table's keys and the filters' (feedback.rollups.GRAINS)."""
    if scale.net:
        return SurveyDay.Grain.ORGANIZATION
    agent = dimension == "agent"
    organization = dimension == "organization" or bool(filters.organization)
    if agent:
        return SurveyDay.Grain.FULL if organization else SurveyDay.Grain.AGENT
    return SurveyDay.Grain.ORGANIZATION if organization else SurveyDay.Grain.BASE


def _narrowed(
    rows: QuerySet[SurveyDay], filters: Filters, scale: Scale, dimension: str = ""
) -> QuerySet[SurveyDay]:
    rows = rows.filter(kind=scale.code, grain=grain(filters, scale, dimension))
    if filters.organization:
        rows = rows.filter(organization_id=filters.organization)
    if scale.net:
        return rows  # NPS has no reason, channel or team
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    if filters.team:
        rows = rows.filter(team_id=filters.team)
    if filters.reason:
        rows = rows.filter(reason_id__in=reason_subtree(filters.reason))
    return rows


def rolled(filters: Filters, scale: Scale = CSAT, dimension: str = "") -> QuerySet[SurveyDay]:
    """The rollup rows counting the period's surveys once (of the grain a table by `dimension`
    reads), narrowed by the page's filters."""
    rows = SurveyDay.objects.filter(cover(filters.start, filters.end))
    return _narrowed(rows, filters, scale, dimension)


def _row(key: object, label: str, row: dict[str, Any], scale: Scale) -> ScoreRow:
    answered = row["answered"] or 0
    return ScoreRow(
        key=key,
        label=label,
        sent=row["sent"] or 0,
        answered=answered,
        good=row["good"] or 0,
        bad=row["bad"] or 0,
        average=(row["points"] or 0) / answered if answered else None,
        net=scale.net,
    )


def total(filters: Filters, scale: Scale = CSAT) -> ScoreRow:
    return _row(None, _("All"), rolled(filters, scale).aggregate(**_sums(scale)), scale)


def combined(rows: list[ScoreRow], scale: Scale = CSAT) -> ScoreRow:
    """The total of a table's rows (of a dimension with few values: every survey in one row),
    so the page's totals cost no query of their own."""
    points = sum((row.average or 0) * row.answered for row in rows)
    summed = {field: sum(getattr(row, field) for row in rows) for field in COUNTS[:-1]}
    return _row(None, _("All"), {**summed, "points": points}, scale)


def figures_by(dimension: str, filters: Filters, scale: Scale = CSAT) -> list[ScoreRow]:
    """The figures per reason, channel, team, agent or organization; the most asked first."""
    field = DIMENSIONS[dimension]
    rows = list(
        rolled(filters, scale, dimension)
        .values(field)
        .annotate(**_sums(scale))
        .order_by("-sent", field)[:LABELS_PER_TABLE]
    )
    labels = labels_for(dimension, [row[field] for row in rows])
    return [_row(row[field], labels.get(row[field], _("None")), row, scale) for row in rows]


def labels_for(dimension: str, keys: list[Any]) -> dict[Any, str]:
    present = [key for key in keys if key is not None]
    if dimension == "channel":
        return {key: str(Channel(key).label) for key in present if key in Channel.values}
    if dimension == "team":
        return dict(Team.objects.filter(pk__in=present).values_list("pk", "name"))
    if dimension == "organization":
        return dict(Organization.objects.filter(pk__in=present).values_list("pk", "name"))
    if dimension == "agent":
        users = User.objects.filter(pk__in=present).only(
            "pk", "username", "first_name", "last_name"
        )
        return {user.pk: user.get_full_name() or user.username for user in users}
    return {r.pk: r.localized_name() for r in ContactReason.objects.filter(pk__in=present)}


# Dimensions with few values (the taxonomy, the channels, the teams): read together in one
# grouped read by all three (at most reasons x channels x teams groups), then summed per table.
SMALL = ("reason", "channel", "team")


def tables(
    filters: Filters, scale: Scale = CSAT, dimensions: tuple[str, ...] = tuple(DIMENSIONS)
) -> dict[str, list[ScoreRow]]:
    """One table per dimension; the small ones from one grouped read."""
    small = [d for d in dimensions if d in SMALL]
    found = _small_tables(filters, scale, small) if small else {}
    return {d: found[d] if d in found else figures_by(d, filters, scale) for d in dimensions}


def _small_tables(
    filters: Filters, scale: Scale, dimensions: list[str]
) -> dict[str, list[ScoreRow]]:
    fields = [DIMENSIONS[d] for d in dimensions]
    sums: dict[str, dict[Any, dict[str, int]]] = {
        d: defaultdict(lambda: defaultdict(int)) for d in dimensions
    }
    for row in rolled(filters, scale).values(*fields).annotate(**_sums(scale)).order_by():
        for dimension, field in zip(dimensions, fields, strict=True):
            into = sums[dimension][row[field]]
            for count in COUNTS:
                into[count] += row[count] or 0
    result = {}
    for dimension, per_key in sums.items():
        keys = sorted(per_key, key=lambda k: (-per_key[k]["sent"], str(k)))[:LABELS_PER_TABLE]
        labels = labels_for(dimension, keys)
        result[dimension] = [
            _row(key, labels.get(key, _("None")), per_key[key], scale) for key in keys
        ]
    return result


def weekly(filters: Filters, scale: Scale = CSAT) -> list[ScoreRow]:
    """The figures per week (Monday, local time) the surveys were sent, oldest first, from one
    grouped read: the whole weeks' rows, and the days of the weeks the period cuts."""
    rows = SurveyDay.objects.filter(weekly_cover(filters.start, filters.end))
    grouped = _narrowed(rows, filters, scale).values("day").annotate(**_sums(scale)).order_by()
    weeks: dict[Any, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in grouped:
        into = weeks[week_of(row["day"])]
        for count in COUNTS:
            into[count] += row[count] or 0
    found = [_row(monday, "", weeks[monday], scale) for monday in sorted(weeks)]
    return [row for row in found if row.sent]
