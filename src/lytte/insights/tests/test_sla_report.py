"""Service levels on /insights/sla/ (decision 0041): attainment per target and dimension,
business beside calendar time, breaches over time with the cases behind them, exports."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel, ContactReason, Priority
from lytte.cases.services import open_case
from lytte.sla import report, rollups
from lytte.sla.models import CaseTarget, Outcome, Target
from lytte.sla.rollup_models import TIME_BUCKETS

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 10)


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


def stopped(
    case: Case,
    target: str,
    outcome: str,
    started: datetime,
    calendar_minutes: int,
    business_minutes: int,
    announced: datetime | None = None,
) -> CaseTarget:
    return CaseTarget.objects.create(
        case=case,
        target=target,
        target_seconds=3600,
        started_at=started,
        spent=timedelta(0),
        paused=timedelta(0),
        outcome=outcome,
        stopped_at=started + timedelta(minutes=calendar_minutes) if outcome != "running" else None,
        used=timedelta(minutes=business_minutes) if outcome != "running" else None,
        breach_announced_at=announced,
        due_at=started + timedelta(hours=1) if outcome == "running" else None,
    )


@pytest.fixture
def world(agent: User, team_oslo: Team, team_helsinki: Team) -> dict[str, Any]:
    billing = ContactReason.objects.create(code="sla-billing", name="Billing", name_nb="Faktura")
    invoice = ContactReason.objects.create(
        code="sla-invoice", name="Invoice", name_nb="Fakturafeil", parent=billing
    )
    oslo = open_case(channel=Channel.EMAIL, opened_by=agent, team=team_oslo, reason=invoice)
    helsinki = open_case(channel=Channel.PHONE, opened_by=None, team=team_helsinki)
    Case.objects.filter(pk=helsinki.pk).update(priority=Priority.URGENT)
    CaseTarget.objects.all().delete()  # no policy: only the history made here
    morning = at(DAY, 9)
    stopped(oslo, Target.FIRST_RESPONSE, Outcome.MET, morning, 30, 20)
    stopped(oslo, Target.RESOLUTION, Outcome.BREACHED, morning, 600, 300, at(DAY, 10))
    stopped(helsinki, Target.FIRST_RESPONSE, Outcome.MET, morning, 10, 10)
    stopped(helsinki, Target.FIRST_RESPONSE, Outcome.MET, at(DAY, 11), 50, 40)
    stopped(helsinki, Target.FIRST_RESPONSE, Outcome.BREACHED, morning, 90, 70)  # unannounced
    stopped(
        helsinki,
        Target.NEXT_RESPONSE,
        Outcome.RUNNING,
        morning,
        0,
        0,
        at(DAY + timedelta(days=8), 10),
    )
    stopped(helsinki, Target.RESOLUTION, Outcome.CANCELLED, morning, 5, 5)
    stopped(oslo, Target.FIRST_RESPONSE, Outcome.MET, at(DAY - timedelta(days=30), 9), 5, 5)
    rollups.rebuild()  # written past the services: as after a bulk load
    return {"oslo": oslo, "helsinki": helsinki, "billing": billing, "invoice": invoice}


SCOPE = report.Scope(start=DAY - timedelta(days=2), end=DAY + timedelta(days=12))


def test_attainment_counts_met_and_breached_in_the_period(world: dict[str, Any]) -> None:
    totals = {row.target: (row.met, row.breached) for row in report.attainment(SCOPE)}
    assert totals == {
        "first_response": (3, 1),  # the one a month earlier is outside the period
        "resolution": (0, 1),  # a cancelled target is neither
        "next_response": (0, 1),  # still running, announced as breached
    }
    by_team = {(row.key, row.target): row.rate for row in report.attainment(SCOPE, "team")}
    assert by_team[(world["oslo"].team_id, "first_response")] == 1.0
    assert by_team[(world["helsinki"].team_id, "first_response")] == pytest.approx(2 / 3)
    by_priority = {(row.key, row.target) for row in report.attainment(SCOPE, "priority")}
    assert ("urgent", "next_response") in by_priority


def test_the_reason_filter_covers_its_subtree(world: dict[str, Any]) -> None:
    scope = report.Scope(
        start=SCOPE.start, end=SCOPE.end, reasons=(world["billing"].pk, world["invoice"].pk)
    )
    totals = {row.target: (row.met, row.breached) for row in report.attainment(scope)}
    assert totals == {"first_response": (1, 0), "resolution": (0, 1)}


def bucket_of(minutes: int) -> tuple[timedelta, timedelta]:
    """The rollups' histogram bucket (low, high] holding `minutes`: a quantile read from it."""
    index = rollups.bucket(minutes * 60)
    low = TIME_BUCKETS[index - 1] if index else 0
    return timedelta(seconds=low), timedelta(seconds=TIME_BUCKETS[index])


def within(value: timedelta | None, minutes: int) -> bool:
    low, high = bucket_of(minutes)
    return value is not None and low < value <= high


def test_times_show_business_beside_calendar_time(world: dict[str, Any]) -> None:
    first, resolution = report.times(SCOPE)
    assert first.target == "first_response"
    assert first.count == 4
    # business 10, 20, 40, 70; calendar 10, 30, 50, 90 minutes: nearest-rank median 20 and 30,
    # p90 70 and 90, read from the daily histograms to within their bucket; means exact.
    assert within(first.counted[0], 20)
    assert within(first.counted[1], 70)
    assert within(first.calendar[0], 30)
    assert within(first.calendar[1], 90)
    assert first.counted_mean == timedelta(minutes=35)
    assert first.calendar_mean == timedelta(minutes=45)
    assert resolution.count == 1
    assert within(resolution.counted[0], 300)
    assert within(resolution.counted[1], 300)
    assert within(resolution.calendar[0], 600)
    assert within(resolution.calendar[1], 600)
    assert resolution.over == timedelta(0)  # made with no time over in this history


def test_breaches_over_time_per_day_and_week(world: dict[str, Any]) -> None:
    days = report.over_time(SCOPE, "day")
    assert [(row["bucket"], row["target"], row["breaches"]) for row in days] == [
        (DAY, "first_response", 1),
        (DAY, "resolution", 1),
        (DAY + timedelta(days=8), "next_response", 1),
    ]
    weeks = report.over_time(SCOPE, "week")
    assert {row["bucket"] for row in weeks} == {date(2026, 11, 9), date(2026, 11, 16)}


def test_the_page_for_a_supervisor(client: Client, supervisor: User, world: dict[str, Any]) -> None:
    client.force_login(supervisor)
    response = client.get("/insights/sla/", {"from": SCOPE.start, "to": SCOPE.end})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="table-sla-team"' in page
    assert 'id="table-sla-times"' in page
    assert "Helsinki" in page
    assert 'class="sla-drill"' in page
    assert (
        client.get("/insights/sla/", {"from": "2026-12-01", "to": "2026-11-01"}).status_code == 400
    )
    director = client.get("/insights/").content.decode()
    assert 'id="insights-nav-sla"' in director


def test_an_agent_may_not_see_it(client: Client, agent: User) -> None:
    client.force_login(agent)
    assert client.get("/insights/sla/").status_code == 403


def test_drill_down_lists_the_breached_cases(
    client: Client, supervisor: User, world: dict[str, Any]
) -> None:
    client.force_login(supervisor)
    day = {"from": DAY, "to": DAY}
    page = client.get("/insights/sla/breaches/", {**day, "target": "resolution"})
    assert page.status_code == 200
    text = page.content.decode()
    assert f"#{world['oslo'].number}" in text
    assert f"#{world['helsinki'].number}" not in text
    assert client.get("/insights/sla/breaches/", {**day, "target": "nope"}).status_code == 400
    response = client.get("/insights/sla/breaches/", {**day, "format": "csv"})
    body = b"".join(response.streaming_content).decode().lstrip("\ufeff")  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 3  # header, the Oslo resolution, the unannounced Helsinki one


def test_exports_as_csv_and_xlsx(client: Client, supervisor: User, world: dict[str, Any]) -> None:
    client.force_login(supervisor)
    period = {"from": SCOPE.start, "to": SCOPE.end}
    response = client.get("/insights/sla/export/attainment.csv/", period)
    body = b"".join(response.streaming_content).decode().lstrip("\ufeff")  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["dimension", "label", "target", "met", "breached", "attainment"]
    assert ["Team", "Kundeservice Oslo", "first response", "1", "0", "100.0"] in rows
    response = client.get("/insights/sla/export/times.xlsx/", period)
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)  # type: ignore[union-attr]
    assert values[0][:2] == ("target", "count")
    assert values[1][1] == 4
    assert 15 < values[1][2] <= 30  # the median of 10, 20, 40, 70 minutes, within its bucket
    assert values[1][6:] == (35.0, 45.0)  # the means, exact
    assert client.get("/insights/sla/export/nope.csv/", period).status_code == 404
    assert client.get("/insights/sla/export/times.csv/", {"from": "x"}).status_code == 400
