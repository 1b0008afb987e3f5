"""The director dashboard and the live view: who may see them, what they count (from the
rollups), the cases behind a figure, and every table as CSV and XLSX."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel, ContactReason, Direction, Status
from lytte.cases.services import log_contact, open_case, set_reason, set_status
from lytte.customers.services import create_customer, create_organization
from lytte.insights.rollups import refresh_stale


def this_week(**more: object) -> dict[str, object]:
    """The filters for this week so far (the dashboard opens on the whole weeks before it)."""
    today = timezone.localdate()
    return {"from": today - timedelta(days=today.weekday()), "to": today, **more}


@pytest.fixture
def history(team_oslo: Team, django_capture_on_commit_callbacks: Any) -> list[Case]:
    """Three invoice cases (one resolved at the first contact) and a delivery case, this week.
    The rollups hear of the writes as they commit (the test's transaction never does)."""
    with django_capture_on_commit_callbacks(execute=True):
        cases = _write_history(team_oslo)
    refresh_stale()
    return cases


def _write_history(team_oslo: Team) -> list[Case]:
    fjord = create_organization(name="Fjordkraft AS")
    kari = create_customer(name="Kari Ødegård", organization=fjord)
    invoice = ContactReason.objects.get(code="invoice")
    delivery = ContactReason.objects.get(code="delivery")
    cases = []
    for reason, channel in (
        (invoice, Channel.PHONE),
        (invoice, Channel.EMAIL),
        (invoice, Channel.PHONE),
        (delivery, Channel.CHAT),
    ):
        case = open_case(
            channel=channel,
            opened_by=None,
            customer=kari,
            team=team_oslo,
            subject=f"Sak om {reason.code}",
        )
        log_contact(
            case=case, channel=channel, direction=Direction.INBOUND, logged_by=None, body="hei"
        )
        set_reason(case=case, reason=reason, changed_by=None)
        cases.append(case)
    set_status(case=cases[0], status=Status.RESOLVED, changed_by=None)
    return cases


def test_agents_do_not_see_the_dashboards(client: Client, agent: User) -> None:
    client.force_login(agent)
    for url in (
        "/insights/",
        "/insights/data/",
        "/insights/live/",
        "/insights/live/panel/",
        "/insights/export/weekly.csv/",
        "/insights/cases/",
    ):
        assert client.get(url).status_code == 403, url


def test_the_director_data_counts_what_happened(
    client: Client, supervisor: User, history: list[Case]
) -> None:
    client.force_login(supervisor)

    data = client.get("/insights/data/", this_week()).json()

    top = {row["label"]: row["contacts"] for row in data["top_reasons"]}
    assert top == {"Invoice/payment": 3, "Delivery": 1}
    assert sum(row["contacts"] for row in data["weekly"]) == 4
    assert {row["channel"]: row["contacts"] for row in data["channels"]} == {
        "phone": 2,
        "email": 1,
        "chat": 1,
    }
    figures = data["figures"]
    assert figures["contacts"] == 4
    assert figures["cases_opened"] == 4
    assert figures["cases_resolved"] == 1
    assert figures["first_contact_resolution"] == 1.0
    assert figures["repeat_rate"] == pytest.approx(2 / 4)  # Kari came back about invoices twice


def test_filters_narrow_the_figures_and_bad_ones_are_a_400(
    client: Client, supervisor: User, history: list[Case]
) -> None:
    client.force_login(supervisor)
    invoice = ContactReason.objects.get(code="invoice")

    phone = client.get("/insights/data/", this_week(channel="phone")).json()
    by_reason = client.get("/insights/data/", this_week(reason=invoice.pk)).json()
    long_ago = client.get("/insights/data/", {"from": "2020-01-01", "to": "2020-01-31"}).json()
    bad = client.get("/insights/data/", {"from": "2026-02-30"})
    backwards = client.get("/insights/data/", {"from": "2026-03-01", "to": "2026-01-01"})

    assert sum(row["contacts"] for row in phone["channels"]) == 2
    assert [row["label"] for row in by_reason["top_reasons"]] == ["Invoice/payment"]
    assert long_ago["top_reasons"] == []
    assert bad.status_code == 400
    assert "start" in bad.json()["fields"]
    assert backwards.status_code == 400


def test_the_cases_behind_a_bar_are_listed_and_exported(
    client: Client, supervisor: User, history: list[Case]
) -> None:
    client.force_login(supervisor)
    invoice = ContactReason.objects.get(code="invoice")
    week = (timezone.localdate() - timedelta(days=timezone.localdate().weekday())).isoformat()

    page = client.get("/insights/cases/", {"week": week, "reason_id": invoice.pk}).content.decode()
    exported = client.get(
        "/insights/cases/", {"week": week, "reason_id": invoice.pk, "format": "csv"}
    )

    for case in history[:3]:
        assert f"#{case.number}" in page
    assert f"#{history[3].number}" not in page
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig"))))  # type: ignore[attr-defined]
    assert rows[0][0] == "number"
    assert sorted(int(row[0]) for row in rows[1:]) == sorted(c.number for c in history[:3])
    assert rows[1][5] == "Kari Ødegård"


def test_every_table_exports_as_csv_and_xlsx(
    client: Client, supervisor: User, history: list[Case]
) -> None:
    client.force_login(supervisor)

    for table in ("weekly", "top-reasons", "channels"):
        as_csv = client.get(f"/insights/export/{table}.csv/", this_week())
        as_xlsx = client.get(f"/insights/export/{table}.xlsx/", this_week())
        assert as_csv.status_code == 200
        assert as_xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
        text = b"".join(as_csv.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
        sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
        csv_rows = list(csv.reader(io.StringIO(text)))
        xlsx_rows = [
            [str(cell) if cell is not None else "" for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        assert csv_rows == xlsx_rows
    top = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    client.get("/insights/export/top-reasons.csv/", this_week()).streaming_content
                ).decode("utf-8-sig")
            )
        )
    )  # type: ignore[attr-defined]
    assert top[1][:2] == ["Invoice/payment", "3"]
    assert client.get("/insights/export/nonsense.csv/").status_code == 404


def test_the_live_view_counts_today(client: Client, supervisor: User, history: list[Case]) -> None:
    client.force_login(supervisor)

    panel = client.get("/insights/live/panel/").content.decode()

    assert '<span class="value" id="open-cases">3</span>' in panel
    assert '<span class="value" id="unassigned">3</span>' in panel


def test_a_bad_week_is_a_400_not_a_500(client: Client, supervisor: User) -> None:
    client.force_login(supervisor)

    for week in ("2026-02-30", "uke 47"):
        response = client.get("/insights/cases/", {"week": week})
        assert response.status_code == 400
        assert "week" in response.json()["error"]
