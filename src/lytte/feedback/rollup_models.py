"""Daily survey rollups (issue 17, decision 50): what the feedback page and the director's
CSAT and NPS tables read, so no request groups a year of surveys. One row counts the surveys
of one kind (CSAT or NPS) sent in one span (a day, the week from a Monday, the month from its
first) with the same keys of its grain (reason, channel and team; and the agent, or the
organization, or both): how many were sent and answered, the sum of their scores and how many
gave each score. Recomputed whole from the
surveys (see feedback.rollups), never edited."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyDay(models.Model):
    class Kind(models.TextChoices):
        CSAT = "csat", "CSAT"
        NPS = "nps", "NPS"

    class Span(models.TextChoices):
        DAY = "d", _("day")
        WEEK = "w", _("week")
        MONTH = "m", _("month")

    # The keys have no constraint and nothing is done on their delete: a row keeps counting
    # under a deleted team or agent until its day is recomputed (the totals stay right).
    class Grain(models.TextChoices):
        """Which keys a row keeps (the others are summed over and empty): few keys make few
        rows, so each table reads the coarsest grain that has its keys and its filters."""

        BASE = "base", "reason, channel, team"
        AGENT = "agt", "+ agent"
        ORGANIZATION = "org", "+ organization"
        FULL = "full", "+ agent + organization"

    kind = models.CharField(max_length=4, choices=Kind.choices)
    grain = models.CharField(max_length=4, choices=Grain.choices, default=Grain.FULL)
    span = models.CharField(max_length=1, choices=Span.choices, default=Span.DAY)
    day = models.DateField()  # the span's first day
    reason = models.ForeignKey(
        "cases.ContactReason",
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    channel = models.CharField(max_length=10, blank=True)
    team = models.ForeignKey(
        "accounts.Team",
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    organization = models.ForeignKey(
        "customers.Organization",
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    sent = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    points = models.PositiveIntegerField(default=0)  # the sum of the scores given
    # How many answers gave each score: CSAT 1-5, NPS 0-10.
    score_0 = models.PositiveIntegerField(default=0)
    score_1 = models.PositiveIntegerField(default=0)
    score_2 = models.PositiveIntegerField(default=0)
    score_3 = models.PositiveIntegerField(default=0)
    score_4 = models.PositiveIntegerField(default=0)
    score_5 = models.PositiveIntegerField(default=0)
    score_6 = models.PositiveIntegerField(default=0)
    score_7 = models.PositiveIntegerField(default=0)
    score_8 = models.PositiveIntegerField(default=0)
    score_9 = models.PositiveIntegerField(default=0)
    score_10 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("survey rollup")
        verbose_name_plural = _("survey rollups")
        indexes = [models.Index(fields=["kind", "grain", "span", "day"], name="surveyday_span")]

    def __str__(self) -> str:
        return f"{self.kind} {self.span} {self.day}: {self.answered}/{self.sent}"


class StaleSurveyDay(models.Model):
    """A day whose survey rollups must be recomputed: written in the transaction that changed
    one of its surveys, so a crash never leaves a rollup silently wrong."""

    day = models.DateField(unique=True)
    marked_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.day)
