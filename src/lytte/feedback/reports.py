"""Reads for the feedback page on /insights/ (issue 17): satisfaction and response rate by
reason, channel, team, agent and organization, per week, the comments and their themes, and
the answers as rows for export. Every figure is one grouped query over the surveys sent in the
period (the `sent_at` index); only grouped rows reach Python.

A `Scale` says how a kind of score is counted, so NPS (0-10: promoters 9-10, detractors 0-6,
the figure promoters minus detractors) is one more scale, not a second set of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from lytte.accounts.models import Team, User
from lytte.cases.models import Channel, ContactReason
from lytte.customers.models import Organization
from lytte.feedback.comments import query_terms
from lytte.feedback.models import CommentTerm, Survey
from lytte.feedback.selectors import sent_between
from lytte.insights.dashboard import Filters, reason_subtree, week_of
from lytte.insights.display import percent

THEMES = 8  # words per reason and language
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

    def surveys(self) -> QuerySet[Survey]:
        return Survey.objects.all()  # one kind of survey today; NPS will filter by its kind


CSAT = Scale("csat", 1, 5, good=4, bad=3)


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


def scoped(filters: Filters, scale: Scale = CSAT) -> QuerySet[Survey]:
    """The surveys sent in the period, narrowed by the page's filters."""
    surveys = sent_between(filters.start, filters.end) & scale.surveys()
    if filters.channel:
        surveys = surveys.filter(channel=filters.channel)
    if filters.team:
        surveys = surveys.filter(team_id=filters.team)
    if filters.organization:
        surveys = surveys.filter(organization_id=filters.organization)
    if filters.reason:
        surveys = surveys.filter(reason_id__in=reason_subtree(filters.reason))
    return surveys


def _counts(scale: Scale) -> dict[str, Any]:
    return {
        "sent": Count("pk"),
        "answered": Count("score"),
        "good": Count("pk", filter=Q(score__gte=scale.good)),
        "bad": Count("pk", filter=Q(score__lte=scale.bad)),
        "points": Sum("score"),
    }


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
    return _row(None, _("All"), scoped(filters, scale).aggregate(**_counts(scale)), scale)


def combined(rows: list[ScoreRow], scale: Scale = CSAT) -> ScoreRow:
    """The total of a table's rows (of a dimension with few values: every survey in one row),
    so the page's totals cost no query of their own."""
    points = sum((row.average or 0) * row.answered for row in rows)
    fields = ("sent", "answered", "good", "bad")
    summed = {field: sum(getattr(row, field) for row in rows) for field in fields}
    return _row(None, _("All"), {**summed, "points": points}, scale)


def figures_by(dimension: str, filters: Filters, scale: Scale = CSAT) -> list[ScoreRow]:
    """Sent, answered, good, bad and the average per reason, channel, team, agent or
    organization; the most asked first."""
    field = DIMENSIONS[dimension]
    rows = list(
        scoped(filters, scale)
        .values(field)
        .annotate(**_counts(scale))
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
        return {user.pk: user.get_full_name() or user.username for user in _users(present)}
    return {r.pk: r.localized_name() for r in ContactReason.objects.filter(pk__in=present)}


def _users(ids: list[int]) -> QuerySet[User]:
    return User.objects.filter(pk__in=ids).only("pk", "username", "first_name", "last_name")


# Dimensions with few values (the taxonomy, the channels, the teams): read together in one
# scan grouped by all three (at most reasons x channels x teams groups), then summed per table.
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
    for row in scoped(filters, scale).values(*fields).annotate(**_counts(scale)).order_by():
        for dimension, field in zip(dimensions, fields, strict=True):
            into = sums[dimension][row[field]]
            for count in ("sent", "answered", "good", "bad", "points"):
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
    """The figures per week (Monday, local time) the surveys were sent, oldest first: one
    range of the index per week (a week computed per row would be a function call per survey
    on SQLite)."""
    rows = []
    monday = week_of(filters.start)
    while monday <= filters.end:
        after = monday + timedelta(weeks=1)
        days = replace(
            filters,
            start=max(monday, filters.start),
            end=min(after - timedelta(days=1), filters.end),
        )
        row = _row(monday, "", scoped(days, scale).aggregate(**_counts(scale)), scale)
        if row.sent:
            rows.append(row)
        monday = after
    return rows


def comments(filters: Filters, text: str = "", *, limit: int = 50) -> QuerySet[Survey]:
    """Answers with a comment in the period, newest first; with `text`, those whose comment
    has every word of it in some form (stemmed as the knowledge search stems, any language)."""
    found = scoped(filters).exclude(comment="")
    for stems in query_terms(text):
        found = found.filter(pk__in=CommentTerm.objects.filter(term__in=stems).values("survey_id"))
    # By when they were sent (answers come within days): the index walked backwards, stopping
    # at the first `limit` comments, instead of every survey of the period sorted.
    return found.select_related("case", "reason").order_by("-sent_at", "-pk")[:limit]


@dataclass(frozen=True)
class Theme:
    reason: str
    language: str
    words: list[tuple[str, int]]  # (word as written, comments)

    @property
    def language_name(self) -> str:
        return str(dict(settings.LANGUAGES).get(self.language, self.language or "\u2013"))


def themes(filters: Filters, *, per_group: int = THEMES, least: int = 2) -> list[Theme]:
    """Per reason and language, the words most comments use (each comment counted once per
    word, stop words left out), from one grouped query of the stems."""
    rows = (
        CommentTerm.objects.filter(survey__in=scoped(filters))  # words only of comments
        .values("survey__reason_id", "survey__language", "term")
        .annotate(comments=Count("pk"), word=Min("word"))
        .filter(comments__gte=least)
        .order_by("-comments", "term")
    )
    groups: dict[tuple[Any, str], list[tuple[str, int]]] = defaultdict(list)
    for row in rows:
        words = groups[(row["survey__reason_id"], row["survey__language"])]
        if len(words) < per_group:
            words.append((row["word"], row["comments"]))
    names = labels_for("reason", [reason for reason, _language in groups])
    return sorted(
        (
            Theme(names.get(reason, _("Without reason")), language, words)
            for (reason, language), words in groups.items()
        ),
        key=lambda theme: (-theme.words[0][1], theme.reason, theme.language),
    )


EXPORT_COLUMNS = [
    "case",
    "sent",
    "answered",
    "score",
    "reason",
    "channel",
    "team",
    "agent",
    "organization",
    "language",
    "comment",
    "what_went_wrong",
]


def answer_rows(filters: Filters) -> Iterator[list[Any]]:
    """Every answer in the period as a row of EXPORT_COLUMNS, read in chunks."""
    answered = (
        scoped(filters)
        .filter(score__isnull=False)
        .select_related("case__organization", "reason", "team", "agent")
        .prefetch_related("choices")
        .order_by("sent_at", "pk")
    )
    for survey in answered.iterator(chunk_size=2000):
        yield [
            survey.case.number,
            survey.sent_at.isoformat() if survey.sent_at else "",
            survey.answered_at.isoformat() if survey.answered_at else "",
            survey.score,
            survey.reason.localized_name() if survey.reason else "",
            survey.get_channel_display(),
            survey.team.name if survey.team else "",
            (survey.agent.get_full_name() or survey.agent.username) if survey.agent else "",
            survey.case.organization.name if survey.case.organization else "",
            survey.language,
            survey.comment,
            " | ".join(choice.label for choice in survey.choices.all()),
        ]
