"""Closed days from iCalendar files: whole days read, the rest counted as skipped."""

from __future__ import annotations

from datetime import date

import pytest

from lytte.sla.ical import NotCalendar, parse

FEED = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Fjordkraft//Stengt//NO\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:inventory-2026@fjordkraft.no\r\n"
    "DTSTART;VALUE=DATE:20260814\r\n"
    "DTEND;VALUE=DATE:20260816\r\n"
    "SUMMARY:Varetelling\\, lageret stengt\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:summer-party\r\n"
    "DTSTART;VALUE=DATE:20260619\r\n"
    "SUMMARY:Sommerfest for alle ansat\r\n"
    " te\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:meeting\r\n"
    "DTSTART:20260901T120000Z\r\n"
    "DTEND:20260901T130000Z\r\n"
    "SUMMARY:Allmøte\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:every-year\r\n"
    "DTSTART;VALUE=DATE:20261223\r\n"
    "RRULE:FREQ=YEARLY\r\n"
    "SUMMARY:Lillejulaften\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:week\r\n"
    "DTSTART;VALUE=DATE:20260706\r\n"
    "DURATION:P1W\r\n"
    "SUMMARY:Fellesferie\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def test_whole_days_are_read_and_the_rest_skipped() -> None:
    feed = parse(FEED.encode())
    days = {closed.day: closed.name for closed in feed.days}
    assert days[date(2026, 8, 14)] == "Varetelling, lageret stengt"
    assert days[date(2026, 8, 15)] == "Varetelling, lageret stengt"
    assert date(2026, 8, 16) not in days  # DTEND is the first day after
    assert days[date(2026, 6, 19)] == "Sommerfest for alle ansatte"  # a folded line
    assert sorted(d for d in days if d.month == 7) == [date(2026, 7, n) for n in range(6, 13)]
    assert feed.skipped == 2  # the meeting (a time of day) and the yearly event


def test_a_file_that_is_not_a_calendar_is_refused() -> None:
    with pytest.raises(NotCalendar):
        parse(b"<html>not a calendar</html>")
    with pytest.raises(NotCalendar):
        parse(b"")


def test_impossible_dates_are_skipped() -> None:
    text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260231\nEND:VEVENT\nEND:VCALENDAR\n"
    feed = parse(text)
    assert feed.days == []
    assert feed.skipped == 1
