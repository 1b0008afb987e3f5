"""The dashboard's figures in words, in the viewer's language and number format: the period
("Weeks 37-48 2026, compared with weeks 25-36 2026"), shares and durations, and why a figure
has no value."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from lytte.insights.dashboard import Filters


def _whole_weeks(start: date, end: date) -> bool:
    return start.weekday() == 0 and end.weekday() == 6


def describe(start: date, end: date) -> str:
    """Whole ISO weeks by their numbers ("weeks 37-48 2026"), other periods by their dates."""
    if not _whole_weeks(start, end):
        if start == end:
            return date_format(start, "SHORT_DATE_FORMAT")
        return _("%(start)s–%(end)s") % {  # noqa: RUF001
            "start": date_format(start, "SHORT_DATE_FORMAT"),
            "end": date_format(end, "SHORT_DATE_FORMAT"),
        }
    first, last = start.isocalendar(), end.isocalendar()
    if first.year != last.year:
        return _("week %(first)s %(first_year)s – week %(last)s %(last_year)s") % {  # noqa: RUF001
            "first": first.week,
            "first_year": first.year,
            "last": last.week,
            "last_year": last.year,
        }
    if first.week == last.week:
        return _("week %(week)s %(year)s") % {"week": first.week, "year": first.year}
    return _("weeks %(first)s–%(last)s %(year)s") % {  # noqa: RUF001
        "first": first.week,
        "last": last.week,
        "year": first.year,
    }


def sentence(filters: Filters, *, comparable: bool) -> str:
    """What the page shows and what its changes are measured against."""
    before = filters.previous()
    shown, earlier = describe(filters.start, filters.end), describe(before.start, before.end)
    if comparable:
        text = _("%(period)s, compared with %(before)s.")
    else:
        text = _("%(period)s. The period before (%(before)s) has too little data to compare with.")
    return capfirst(text % {"period": shown, "before": earlier})


def percent(rate: float | None) -> str | None:
    return None if rate is None else f"{number_format(rate * 100, 1)}\u00a0%"


def duration(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    if seconds < 3600:
        return _("%(n)s min") % {"n": number_format(round(seconds / 60))}
    if seconds < 2 * 86400:
        return _("%(n)s h") % {"n": number_format(seconds / 3600, 1)}
    return _("%(n)s days") % {"n": number_format(seconds / 86400, 1)}


def figures(raw: dict[str, Any]) -> list[dict[str, str | None]]:
    """The key figures as cards: value (None: no value), what it is, and why there is none."""
    if not raw["available"]:
        return []
    no_contacts = _("No customer contacts in the period.")
    return [
        {
            "value": number_format(raw["contacts"], force_grouping=True),
            "what": _("customer contacts"),
            "why": None,
        },
        {
            "value": percent(raw["repeat_rate"]),
            "what": _("came back within 7 days with the same reason"),
            "why": no_contacts,
        },
        {
            "value": percent(raw["first_contact_resolution"]),
            "what": _("resolved at the first contact"),
            "why": _("No case was resolved in the period."),
        },
        {
            "value": duration(raw["median_first_response_seconds"]),
            "what": _("median time to first response"),
            "why": _("No case opened in the period has been answered yet."),
        },
        {
            "value": duration(raw["median_resolution_seconds"]),
            "what": _("median time to resolution"),
            "why": _("No case was resolved in the period."),
        },
    ]
