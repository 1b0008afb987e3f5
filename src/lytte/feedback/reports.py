"""Reads for the feedback page on /insights/ (issue 17) that need the surveys themselves: the
comments (searched through their stored words) and their themes, and the answers as rows for
export. The figures (by reason, channel, team, agent and organization, per week, CSAT and NPS)
are read from the survey rollups by lytte.feedback.figures (decision 50)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, QuerySet
from django.utils.translation import gettext as _

from lytte.feedback.comments import query_terms
from lytte.feedback.figures import (  # noqa: F401  (the page's figures, read from here too)
    CSAT,
    DIMENSIONS,
    LABELS_PER_TABLE,
    NPS,
    Scale,
    ScoreRow,
    combined,
    figures_by,
    labels_for,
    tables,
    total,
    weekly,
)
from lytte.feedback.models import CommentTerm, Survey
from lytte.feedback.selectors import sent_between
from lytte.insights.dashboard import Filters, reason_subtree

THEMES = 8  # words per reason and language


def scoped(filters: Filters) -> QuerySet[Survey]:
    """The CSAT surveys sent in the period, narrowed by the page's filters."""
    surveys = sent_between(filters.start, filters.end)
    if filters.channel:
        surveys = surveys.filter(channel=filters.channel)
    if filters.team:
        surveys = surveys.filter(team_id=filters.team)
    if filters.organization:
        surveys = surveys.filter(organization_id=filters.organization)
    if filters.reason:
        surveys = surveys.filter(reason_id__in=reason_subtree(filters.reason))
    return surveys


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
