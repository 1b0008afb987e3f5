"""NPS figures (decision 47): NPS = % promoters (9-10) - % detractors (0-6) of the answers to
surveys sent in the period, overall and per organization, read from the survey rollups
(decision 50)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from lytte.feedback.figures import NPS, ScoreRow, figures_by, total
from lytte.insights.dashboard import Filters


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


def _from(row: ScoreRow, label: str) -> NpsRow:
    return NpsRow(
        key=row.key,  # type: ignore[arg-type]
        label=label,
        sent=row.sent,
        answered=row.answered,
        promoters=row.good,
        detractors=row.bad,
    )


def nps_overall(start: date, end: date) -> NpsRow:
    return _from(total(Filters(start, end), NPS), _("All customers"))


def nps_by_organization(start: date, end: date) -> list[NpsRow]:
    """The organizations asked most first (at most figures.LABELS_PER_TABLE of them)."""
    rows = figures_by("organization", Filters(start, end), NPS)
    return [_from(row, row.label if row.key is not None else _("No organization")) for row in rows]


def nps_table(start: date, end: date) -> list[NpsRow]:
    """The dashboard's table: everyone first, then each organization (none when nothing was
    sent in the period)."""
    overall = nps_overall(start, end)
    return [overall, *nps_by_organization(start, end)] if overall.sent else []
