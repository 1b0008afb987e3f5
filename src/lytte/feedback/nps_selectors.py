"""NPS figures (decision 47): NPS = % promoters (9-10) - % detractors (0-6) of the answers to
surveys sent in the period, overall and per organization, counted in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from lytte.customers.models import Organization
from lytte.feedback.models import NpsSurvey
from lytte.feedback.nps_models import DETRACTOR, PROMOTER
from lytte.feedback.selectors import _day_start


@dataclass(frozen=True)
class NpsRow:
    key: int | None
    label: str
    sent: int
    answered: int
    promoters: int
    detractors: int

    @property
    def passives(self) -> int:
        return self.answered - self.promoters - self.detractors

    @property
    def nps(self) -> int | None:
        """-100 to 100, rounded; None without answers."""
        if not self.answered:
            return None
        return round(100 * (self.promoters - self.detractors) / self.answered)

    @property
    def response_rate(self) -> float | None:
        return self.answered / self.sent if self.sent else None


COUNTS = {
    "sent": Count("pk"),
    "answered": Count("pk", filter=Q(score__isnull=False)),
    "promoters": Count("pk", filter=Q(score__gte=PROMOTER)),
    "detractors": Count("pk", filter=Q(score__lte=DETRACTOR)),
}


def _sent(start: date, end: date):  # type: ignore[no-untyped-def]
    return NpsSurvey.objects.filter(
        sent_at__gte=_day_start(start), sent_at__lt=_day_start(end + timedelta(days=1))
    )


def nps_overall(start: date, end: date) -> NpsRow:
    row = _sent(start, end).aggregate(**COUNTS)
    return NpsRow(key=None, label=_("All customers"), **row)


def nps_by_organization(start: date, end: date) -> list[NpsRow]:
    rows = _sent(start, end).values("organization_id").annotate(**COUNTS).order_by("-sent")
    names = dict(
        Organization.objects.filter(pk__in=[r["organization_id"] for r in rows]).values_list(
            "pk", "name"
        )
    )
    return [
        NpsRow(
            key=row["organization_id"],
            label=names.get(row["organization_id"], _("No organization")),
            sent=row["sent"],
            answered=row["answered"],
            promoters=row["promoters"],
            detractors=row["detractors"],
        )
        for row in rows
    ]


def nps_table(start: date, end: date) -> list[NpsRow]:
    """The dashboard's table: everyone first, then each organization (none when nothing was
    sent in the period)."""
    overall = nps_overall(start, end)
    return [overall, *nps_by_organization(start, end)] if overall.sent else []
