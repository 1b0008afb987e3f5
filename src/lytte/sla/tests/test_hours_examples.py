"""Named examples of business time: the nights the clocks change in Oslo, lunch breaks, windows
past midnight, and the Nordic eves (decision 0038)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from lytte.sla.hours import (
    NeverOpen,
    Schedule,
    add_business_minutes,
    business_minutes_between,
    is_open,
    next_opening,
)
from lytte.sla.nordic import OwnDay, days_of_year

OSLO = ZoneInfo("Europe/Oslo")
H = 60
WEEKDAYS_8_16 = (((8 * H, 16 * H),),) * 5 + ((), ())


def local(zone: str, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=ZoneInfo(zone))  # type: ignore[misc]


def nordic(country: str, zone: str, week=WEEKDAYS_8_16, own=None) -> Schedule:
    return Schedule.build(
        zone, week, lambda year: days_of_year(year, tuple(week), country, own=own)
    )


def test_the_night_oslo_springs_forward_has_one_hour_less() -> None:
    every_night = Schedule.build("Europe/Oslo", [[(1 * H, 4 * H)]] * 7)
    sunday = local("Europe/Oslo", 2026, 3, 29)
    assert business_minutes_between(every_night, sunday, sunday + timedelta(days=1)) == 2 * H
    # 01:30 plus 60 minutes: 02:30 does not exist; it is 03:30.
    assert add_business_minutes(every_night, local("Europe/Oslo", 2026, 3, 29, 1, 30), 60) == (
        local("Europe/Oslo", 2026, 3, 29, 3, 30)
    )


def test_a_window_starting_in_the_skipped_hour_opens_when_the_clocks_reach_it() -> None:
    schedule = Schedule.build("Europe/Oslo", [[(2 * H + 30, 3 * H + 30)]] * 7)
    sunday = local("Europe/Oslo", 2026, 3, 29)
    assert next_opening(schedule, sunday) == local("Europe/Oslo", 2026, 3, 29, 3)
    assert business_minutes_between(schedule, sunday, sunday + timedelta(days=1)) == 30


def test_the_night_oslo_falls_back_has_the_repeated_hour_twice() -> None:
    every_night = Schedule.build("Europe/Oslo", [[(1 * H, 4 * H)]] * 7)
    sunday = local("Europe/Oslo", 2026, 10, 25)
    assert business_minutes_between(every_night, sunday, sunday + timedelta(days=1)) == 4 * H
    # From 01:30 CEST, 90 minutes: the clocks read 02:00 again, then 02:00 CET.
    due = add_business_minutes(every_night, local("Europe/Oslo", 2026, 10, 25, 1, 30), 90)
    assert due == datetime(2026, 10, 25, 1, 0, tzinfo=UTC)
    assert due.astimezone(OSLO).strftime("%H:%M %Z") == "02:00 CET"


def test_a_working_week_across_the_change_counts_real_hours() -> None:
    office = Schedule.build("Europe/Oslo", WEEKDAYS_8_16)
    friday = local("Europe/Oslo", 2026, 3, 27, 15)
    assert add_business_minutes(office, friday, 2 * H) == local("Europe/Oslo", 2026, 3, 30, 9)


def test_a_lunch_break_is_not_business_time() -> None:
    lunch = ((8 * H, 11 * H + 30), (12 * H, 16 * H))
    office = Schedule.build("Europe/Oslo", [lunch] * 5 + [(), ()])
    morning = local("Europe/Oslo", 2026, 9, 1, 11)
    assert add_business_minutes(office, morning, 45) == local("Europe/Oslo", 2026, 9, 1, 12, 15)
    assert not is_open(office, local("Europe/Oslo", 2026, 9, 1, 11, 45))
    assert next_opening(office, local("Europe/Oslo", 2026, 9, 1, 11, 45)) == local(
        "Europe/Oslo", 2026, 9, 1, 12
    )


def test_hours_past_midnight_run_on() -> None:
    nights = Schedule.build("Europe/Oslo", [[(0, 2 * H), (22 * H, 24 * H)]] * 7)
    late = local("Europe/Oslo", 2026, 9, 1, 23)
    assert add_business_minutes(nights, late, 2 * H) == local("Europe/Oslo", 2026, 9, 2, 1)


def test_christmas_eve_in_norway_closes_at_noon() -> None:
    office = nordic("NO", "Europe/Oslo")
    eve = local("Europe/Oslo", 2026, 12, 24, 11)
    # 11-12 on the eve, then the 25th and 26th are holidays, the 27th a Sunday.
    assert add_business_minutes(office, eve, 90) == local("Europe/Oslo", 2026, 12, 28, 8, 30)


def test_christmas_eve_in_sweden_is_closed_unless_the_calendar_opens_a_half_day() -> None:
    office = nordic("SE", "Europe/Stockholm")
    assert not is_open(office, local("Europe/Stockholm", 2026, 12, 24, 10))
    half_day = {date(2026, 12, 24): OwnDay(windows=((9 * H, 12 * H),))}
    shop = nordic("SE", "Europe/Stockholm", own=half_day)
    eve = local("Europe/Stockholm", 2026, 12, 24, 11, 30)
    assert add_business_minutes(shop, eve, 60) == local("Europe/Stockholm", 2026, 12, 28, 8, 30)


def test_the_day_before_a_red_day_in_sweden_closes_at_one() -> None:
    office = nordic("SE", "Europe/Stockholm")
    walpurgis = local("Europe/Stockholm", 2026, 4, 30)
    assert business_minutes_between(office, walpurgis, walpurgis + timedelta(days=1)) == 5 * H


def test_midsummer_eve_in_finland_is_closed() -> None:
    office = nordic("FI", "Europe/Helsinki")
    thursday = local("Europe/Helsinki", 2026, 6, 18, 15, 30)
    # Friday 19 June is Midsummer Eve, Saturday Midsummer Day.
    assert add_business_minutes(office, thursday, 60) == local(
        "Europe/Helsinki", 2026, 6, 22, 8, 30
    )


def test_iceland_closes_at_one_on_christmas_eve_and_new_years_eve() -> None:
    office = nordic("IS", "Atlantic/Reykjavik")
    for day in (24, 31):
        eve = local("Atlantic/Reykjavik", 2026, 12, day)
        assert business_minutes_between(office, eve, eve + timedelta(days=1)) == 5 * H


def test_denmark_closes_christmas_eve_and_at_noon_on_constitution_day() -> None:
    office = nordic("DK", "Europe/Copenhagen")
    assert not is_open(office, local("Europe/Copenhagen", 2026, 12, 24, 9))
    june_5 = local("Europe/Copenhagen", 2026, 6, 5)
    assert business_minutes_between(office, june_5, june_5 + timedelta(days=1)) == 4 * H


def test_easter_eve_in_norway_closes_at_three() -> None:
    """A shop open on Saturdays: Easter Eve (Working Environment Act, free from 15:00)."""
    saturdays = ((), (), (), (), (), ((10 * H, 18 * H),), ())
    shop = nordic("NO", "Europe/Oslo", week=saturdays)
    eve = local("Europe/Oslo", 2026, 4, 4)
    assert business_minutes_between(shop, eve, eve + timedelta(days=1)) == 5 * H


def test_a_calendar_that_never_opens_says_so() -> None:
    with pytest.raises(NeverOpen):
        next_opening(Schedule.build("Europe/Oslo", [()] * 7), local("Europe/Oslo", 2026, 1, 1))


def test_naive_instants_are_refused() -> None:
    office = Schedule.build("Europe/Oslo", WEEKDAYS_8_16)
    with pytest.raises(ValueError, match="aware"):
        add_business_minutes(office, datetime(2026, 1, 5, 9), 10)  # noqa: DTZ001
