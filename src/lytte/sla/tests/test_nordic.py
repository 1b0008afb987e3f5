"""Lytte's table of Nordic eves beside what the `holidays` package says in its other categories:
where the package knows a day, the table agrees with it (decision 0038)."""

from __future__ import annotations

from datetime import date

import holidays
import pytest

from lytte.sla.nordic import COUNTRIES, days_of_year, easter, public_holidays, special_days

YEARS = range(2024, 2031)
H = 60
WEEK = (((8 * H, 16 * H),),) * 5 + ((), ())


def _category(country: str, year: int, category: str) -> set[date]:
    return set(holidays.country_holidays(country, years=year, categories=(category,)))


@pytest.mark.parametrize("year", YEARS)
def test_easter_is_the_packages_easter(year: int) -> None:
    assert easter(year) in public_holidays("NO", year)


@pytest.mark.parametrize("year", YEARS)
def test_swedens_closed_eves_are_the_packages_de_facto_holidays(year: int) -> None:
    closed = {day for day, rule in special_days("SE", year) if rule.closes is None}
    assert _category("SE", year, "de_facto") <= closed


@pytest.mark.parametrize("year", YEARS)
def test_icelands_half_days_are_the_packages(year: int) -> None:
    half = {day for day, rule in special_days("IS", year) if rule.closes == 13 * H}
    assert half == _category("IS", year, "half_day")


@pytest.mark.parametrize("year", YEARS)
def test_denmarks_days_are_the_packages_optional_ones(year: int) -> None:
    assert {day for day, _rule in special_days("DK", year)} == _category("DK", year, "optional")


@pytest.mark.parametrize("year", YEARS)
def test_finlands_eves_are_public_holidays_in_the_package(year: int) -> None:
    assert {day for day, _rule in special_days("FI", year)} <= set(public_holidays("FI", year))


@pytest.mark.parametrize("year", YEARS)
def test_norway_has_no_eve_in_the_package(year: int) -> None:
    """Why Norway needs the table: the package knows none of its eves."""
    assert not {day for day, _rule in special_days("NO", year)} & set(public_holidays("NO", year))


@pytest.mark.parametrize("country", COUNTRIES)
def test_every_country_closes_on_its_public_holidays(country: str) -> None:
    days = days_of_year(2026, WEEK, country)
    assert all(days[day] == () for day in public_holidays(country, 2026))


def test_holiday_names_follow_the_language() -> None:
    assert public_holidays("NO", 2026, "nb")[date(2026, 5, 17)] == "Grunnlovsdag"
    assert public_holidays("FI", 2026, "sv")[date(2026, 12, 6)] == "Självständighetsdagen"
    assert public_holidays("SE", 2026, "en")[date(2026, 6, 6)] == "National Day"


def test_switching_the_tables_off() -> None:
    assert days_of_year(2026, WEEK, "NO", public=False, special=False) == {}
    assert date(2026, 12, 24) not in days_of_year(2026, WEEK, "NO", special=False)
