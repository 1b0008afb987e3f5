"""The calendar's admin pages (an admin adds hours with a lunch break and imports closed days
from an iCal file) and the API's read of calendars."""

from __future__ import annotations

from datetime import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lytte.accounts.models import User
from lytte.accounts.services import create_api_token
from lytte.sla import services
from lytte.sla.models import Calendar, DaySource

pytestmark = pytest.mark.django_db
ICS = (
    b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260814\nSUMMARY:Varetelling\n"
    b"END:VEVENT\nEND:VCALENDAR\n"
)


def _inlines(prefix: str, rows: list[dict[str, str]]) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def test_an_admin_adds_a_calendar_with_a_lunch_break_and_an_ical_file(admin_user: User) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="nb")
    client.force_login(admin_user)
    data = {
        "name": "Kundeservice Oslo",
        "time_zone": "Europe/Oslo",
        "country": "NO",
        "public_holidays": "on",
        "special_days": "on",
        "ics": SimpleUploadedFile("stengt.ics", ICS, content_type="text/calendar"),
        **_inlines(
            "windows",
            [
                {"weekday": "0", "opens": "08:00", "closes": "11:30"},
                {"weekday": "0", "opens": "12:00", "closes": "16:00"},
            ],
        ),
        **_inlines("days", []),
    }
    response = client.post("/admin/sla/calendar/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    calendar = Calendar.objects.get(name="Kundeservice Oslo")
    assert calendar.windows.count() == 2
    assert calendar.days.get().source == DaySource.ICAL
    page = client.get(f"/admin/sla/calendar/{calendar.pk}/change/")
    assert page.status_code == 200
    assert 'class="sla-days"' in page.content.decode()
    assert "Grunnlovsdag" in page.content.decode()  # the holidays, named in Norwegian

    # Changing it: the imported day goes, a half day comes, Monday keeps its lunch break.
    imported = calendar.days.get()
    windows = list(calendar.windows.order_by("opens"))
    change = {
        "name": "Kundeservice Oslo",
        "time_zone": "Europe/Oslo",
        "country": "NO",
        "public_holidays": "on",
        **_inlines("windows", []),
        "windows-TOTAL_FORMS": "2",
        "windows-INITIAL_FORMS": "2",
        **{
            f"windows-{i}-{key}": value
            for i, window in enumerate(windows)
            for key, value in {
                "id": str(window.pk),
                "calendar": str(calendar.pk),
                "weekday": "0",
                "opens": f"{window.opens:%H:%M}",
                "closes": f"{window.closes:%H:%M}",
            }.items()
        },
        **_inlines("days", []),
        "days-TOTAL_FORMS": "2",
        "days-INITIAL_FORMS": "1",
        "days-0-id": str(imported.pk),
        "days-0-calendar": str(calendar.pk),
        "days-0-date": "2026-08-14",
        "days-0-kind": "closed",
        "days-0-DELETE": "on",
        "days-1-calendar": str(calendar.pk),
        "days-1-date": "2026-12-23",
        "days-1-kind": "closes_early",
        "days-1-closes": "14:00",
        "days-1-name": "Lillejulaften",
    }
    response = client.post(f"/admin/sla/calendar/{calendar.pk}/change/", change)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(calendar.days.values_list("name", flat=True)) == ["Lillejulaften"]
    assert calendar.windows.count() == 2
    calendar.refresh_from_db()
    assert not calendar.special_days


def test_the_admin_refuses_a_window_that_closes_before_it_opens(admin_user: User) -> None:
    client = Client()
    client.force_login(admin_user)
    data = {
        "name": "Feil",
        "time_zone": "Europe/Oslo",
        "country": "",
        **_inlines("windows", [{"weekday": "0", "opens": "16:00", "closes": "08:00"}]),
        **_inlines("days", []),
    }
    assert client.post("/admin/sla/calendar/add/", data).status_code == 200
    assert not Calendar.objects.filter(name="Feil").exists()


def test_the_api_reads_a_calendar_and_its_days(agent: User, admin_user: User) -> None:
    calendar = services.create_calendar(by=admin_user, name="Kundeservice", country="NO")
    services.set_week(
        by=admin_user, calendar=calendar, week={0: [(time(8), time(11, 30)), (time(12), time(0))]}
    )
    token = create_api_token(user=agent, name="Skript")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="nb")
    listed = client.get("/api/v1/calendars").json()
    assert listed["count"] == 1
    assert listed["items"][0]["hours"] == [
        {"weekday": 0, "opens": "08:00", "closes": "11:30"},
        {"weekday": 0, "opens": "12:00", "closes": "24:00"},
    ]
    days = client.get(f"/api/v1/calendars/{calendar.pk}/days?year=2026").json()
    by_date = {day["date"]: day for day in days}
    assert by_date["2026-05-17"] == {
        "date": "2026-05-17",
        "name": "Grunnlovsdag",
        "source": "holiday",
        "hours": [],
    }
    assert by_date["2026-12-24"]["source"] == "eve"
    assert client.get(f"/api/v1/calendars/{calendar.pk}/days?year=1800").status_code == 422
    assert client.get("/api/v1/calendars/999999").status_code == 404
