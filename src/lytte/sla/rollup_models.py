"""Daily rollups of the SLA history that /insights/sla/ reads (decision 0051), so the report
never groups the raw `CaseTarget` rows of a period. Kept by `lytte.sla.rollups`; imported by
`lytte.sla.models` so Django finds them."""

from __future__ import annotations

from django.db import models

# Upper bounds (seconds) of the time histograms: 5, 10, 15, 30, 45 min, 1, 1.5, 2, 3, 4, 6, 8,
# 12, 24 h, 2, 4, 7 days, and beyond. Medians and 90th percentiles are read from them.
TIME_BUCKETS = (
    300,
    600,
    900,
    1800,
    2700,
    3600,
    5400,
    7200,
    10800,
    14400,
    21600,
    28800,
    43200,
    86400,
    172800,
    345600,
    604800,
)
HISTOGRAMS = ("business", "calendar")  # counted time (business time on its calendar), elapsed


class TargetDay(models.Model):
    """The targets of one kind that ended on one local day, by the case's reason, team,
    channel, priority and organization: met (stopped met that day), breached (announced as
    breached that day, or stopped breached unannounced), and of those stopped met or breached
    that day their count, sums and histograms of counted and calendar time and the sum of
    their time over the target. Histogram columns business_0 … business_17 and calendar_0 …
    calendar_17 (one per TIME_BUCKETS bucket) are added below the class, so the database sums
    them."""

    day = models.DateField()
    target = models.CharField(max_length=16)
    reason = models.ForeignKey(
        "cases.ContactReason",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    team = models.ForeignKey(
        "accounts.Team", null=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    channel = models.CharField(max_length=10)
    priority = models.CharField(max_length=10)
    organization = models.ForeignKey(
        "customers.Organization",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    met = models.PositiveIntegerField(default=0)
    breached = models.PositiveIntegerField(default=0)
    stopped = models.PositiveIntegerField(default=0)  # met or breached, stopped that day
    business_seconds = models.BigIntegerField(default=0)  # counted time of those stopped
    calendar_seconds = models.BigIntegerField(default=0)  # their start to stop
    breach_seconds = models.BigIntegerField(default=0)  # their time over the target

    class Meta:
        indexes = [models.Index(fields=["day", "target"], name="sla_targetday_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.target}: {self.met}/{self.breached}"


for _name in HISTOGRAMS:
    for _index in range(len(TIME_BUCKETS) + 1):
        TargetDay.add_to_class(f"{_name}_{_index}", models.PositiveIntegerField(default=0))


class StaleTargetDay(models.Model):
    """A day whose SLA rollups must be recomputed, marked in the transaction that changed it
    (as insights' `StaleDay`)."""

    day = models.DateField(unique=True)
    marked_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.day)
