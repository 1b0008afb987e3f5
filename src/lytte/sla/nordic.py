"""The Nordic days a business calendar closes on or closes early (decision 0038). Pure Python.

Public holidays come from the `holidays` package (its "public" category only). The eves that
the package lacks, or marks in another category, are Lytte's own table below, one row per day
and country, with the time most businesses close. What each country's table rests on is in
docs/decisions/0038-business-calendars.md; a calendar can switch the table off, and its own
days always win.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays

COUNTRIES = ("NO", "DK", "SE", "FI", "IS")
# The holiday names' language for each of Lytte's languages, per country (the package's codes).
HOLIDAY_LANGUAGES = {
    "NO": {"nb": "no", "en": "en_US"},
    "DK": {"da": "da", "en": "en_US"},
    "SE": {"sv": "sv", "en": "en_US"},
    "FI": {"fi": "fi", "sv": "sv_FI", "en": "en_US"},
    "IS": {"en": "en_US"},
}


def gettext_noop(message: str) -> str:
    """Marks a name for translation (makemessages reads the name); Django translates it later."""
    return message


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _fixed(month: int, day: int) -> Callable[[int], date]:
    return lambda year: date(year, month, day)


def _from_easter(days: int) -> Callable[[int], date]:
    return lambda year: easter(year) + timedelta(days=days)


def _friday_between(month: int, first: int) -> Callable[[int], date]:
    """The Friday in the seven days from `first` of `month` (Midsummer Eve: 19-25 June)."""

    def find(year: int) -> date:
        start = date(year, month, first)
        return start + timedelta(days=(4 - start.weekday()) % 7)

    return find


def _all_saints_eve(year: int) -> date:
    """Sweden's All Saints' Day is the Saturday from 31 October to 6 November; the day before."""
    return _friday_between(10, 30)(year)


@dataclass(frozen=True)
class SpecialDay:
    key: str
    name: str  # English; translated with gettext where shown
    on: Callable[[int], date]
    closes: int | None  # minutes after midnight; None: closed the whole day


_NOON, _ONE, _THREE = 12 * 60, 13 * 60, 15 * 60
SPECIAL_DAYS: dict[str, tuple[SpecialDay, ...]] = {
    "NO": (
        SpecialDay(
            "wednesday-before-easter",
            gettext_noop("Wednesday before Maundy Thursday"),
            _from_easter(-4),
            _NOON,
        ),
        SpecialDay("easter-eve", gettext_noop("Easter Eve"), _from_easter(-1), _THREE),
        SpecialDay("whitsun-eve", gettext_noop("Whitsun Eve"), _from_easter(48), _THREE),
        SpecialDay("christmas-eve", gettext_noop("Christmas Eve"), _fixed(12, 24), _NOON),
        SpecialDay("new-years-eve", gettext_noop("New Year's Eve"), _fixed(12, 31), _NOON),
    ),
    "DK": (
        SpecialDay("may-day", gettext_noop("Labour Day (from noon)"), _fixed(5, 1), _NOON),
        SpecialDay(
            "constitution-day", gettext_noop("Constitution Day (from noon)"), _fixed(6, 5), _NOON
        ),
        SpecialDay("christmas-eve", gettext_noop("Christmas Eve"), _fixed(12, 24), None),
        SpecialDay("new-years-eve", gettext_noop("New Year's Eve"), _fixed(12, 31), None),
    ),
    "SE": (
        SpecialDay("twelfth-night", gettext_noop("Twelfth Night"), _fixed(1, 5), _ONE),
        SpecialDay("maundy-thursday", gettext_noop("Maundy Thursday"), _from_easter(-3), _ONE),
        SpecialDay("easter-eve", gettext_noop("Easter Eve"), _from_easter(-1), None),
        SpecialDay("walpurgis-night", gettext_noop("Walpurgis Night"), _fixed(4, 30), _ONE),
        SpecialDay(
            "day-before-ascension", gettext_noop("Day before Ascension Day"), _from_easter(38), _ONE
        ),
        SpecialDay("whitsun-eve", gettext_noop("Whitsun Eve"), _from_easter(48), None),
        SpecialDay("midsummer-eve", gettext_noop("Midsummer Eve"), _friday_between(6, 19), None),
        SpecialDay("all-saints-eve", gettext_noop("All Saints' Eve"), _all_saints_eve, _ONE),
        SpecialDay("christmas-eve", gettext_noop("Christmas Eve"), _fixed(12, 24), None),
        SpecialDay("new-years-eve", gettext_noop("New Year's Eve"), _fixed(12, 31), None),
    ),
    # Midsummer Eve and Christmas Eve are in the package's public holidays for Finland already;
    # listed again so that switching holidays off keeps them, as most agreements do.
    "FI": (
        SpecialDay("midsummer-eve", gettext_noop("Midsummer Eve"), _friday_between(6, 19), None),
        SpecialDay("christmas-eve", gettext_noop("Christmas Eve"), _fixed(12, 24), None),
    ),
    "IS": (
        SpecialDay("christmas-eve", gettext_noop("Christmas Eve"), _fixed(12, 24), _ONE),
        SpecialDay("new-years-eve", gettext_noop("New Year's Eve"), _fixed(12, 31), _ONE),
    ),
}


@cache
def public_holidays(country: str, year: int, language: str = "en") -> dict[date, str]:
    """The public holidays of `country` in `year`, named in `language` where the package has it
    (else English)."""
    if country not in COUNTRIES:
        raise ValueError(f"unknown country {country!r}")
    code = HOLIDAY_LANGUAGES[country].get(language, "en_US")
    found = holidays.country_holidays(
        country, years=year, categories=(holidays.PUBLIC,), language=code
    )
    return {day: str(name) for day, name in sorted(found.items())}


def special_days(country: str, year: int) -> list[tuple[date, SpecialDay]]:
    """Lytte's table for `country` in `year`, by date."""
    return sorted(
        ((day.on(year), day) for day in SPECIAL_DAYS.get(country, ())), key=lambda pair: pair[0]
    )


@dataclass(frozen=True)
class OwnDay:
    """A calendar's own day: closed (no windows, no `closes`), closing early (`closes`), or
    open in its own `windows`."""

    windows: tuple[tuple[int, int], ...] = ()
    closes: int | None = None


def days_of_year(
    year: int,
    week: tuple[tuple[tuple[int, int], ...], ...],
    country: str = "",
    public: bool = True,
    special: bool = True,
    own: dict[date, OwnDay] | None = None,
) -> dict[date, tuple[tuple[int, int], ...]]:
    """The dates of `year` whose windows differ from `week`, and their windows. A calendar's own
    day wins over the country's special day, which wins over a public holiday."""
    from lytte.sla.hours import until

    found: dict[date, tuple[tuple[int, int], ...]] = {}
    if country and public:
        found.update(dict.fromkeys(public_holidays(country, year), ()))
    if country and special:
        for day, rule in special_days(country, year):
            if day in found:
                continue  # a public holiday stays closed
            usual = week[day.weekday()]
            found[day] = () if rule.closes is None else until(usual, rule.closes)
    for day, mine in (own or {}).items():
        if day.year == year:
            usual = week[day.weekday()]
            found[day] = mine.windows if mine.closes is None else until(usual, mine.closes)
    return found
