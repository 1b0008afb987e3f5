"""What a supervisor sees first on /insights/: the period stated and filled in, changes only
against a period with data, contacts without a reason as their own line, key figures in their
own number format (or why there is none), an organization filter that searches, the charting
library served compressed, and drill-downs and the live view in words."""

from __future__ import annotations

import gzip
import re
from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel, Contact, ContactReason, Direction, Status
from lytte.cases.services import log_contact, open_case, set_reason, set_status
from lytte.customers.models import Organization
from lytte.customers.services import create_customer
from lytte.insights.rollups import mark_all_stale, refresh_stale


def last_monday() -> date:
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


def contact_on(day: date, reason: str | None, team: Team, *, resolve: bool = False) -> Case:
    """A case opened by a customer on `day` (at 10:00), with or without a reason."""
    customer = create_customer(name=f"Kunde {day} {reason}")
    case = open_case(
        channel=Channel.PHONE, opened_by=None, customer=customer, team=team, subject="Sak"
    )
    contact = log_contact(
        case=case, channel=Channel.PHONE, direction=Direction.INBOUND, logged_by=None, body="hei"
    ).contact
    if reason:
        set_reason(case=case, reason=ContactReason.objects.get(code=reason), changed_by=None)
    if resolve:
        set_status(case=case, status=Status.RESOLVED, changed_by=None)
    when = timezone.make_aware(datetime.combine(day, time(10)))
    Case.objects.filter(pk=case.pk).update(
        created_at=when,
        first_response_at=when + timedelta(minutes=4),
        resolved_at=when + timedelta(hours=3) if resolve else None,
    )
    Contact.objects.filter(pk=contact.pk).update(started_at=when)
    return case


def refresh() -> None:
    mark_all_stale()
    while refresh_stale():
        pass


@pytest.fixture
def norwegian(supervisor: User) -> User:
    supervisor.language = "nb"
    supervisor.save(update_fields=["language"])
    return supervisor


def test_the_page_states_its_period_and_shows_its_dates_filled_in(
    client: Client, norwegian: User
) -> None:
    client.force_login(norwegian)
    monday = last_monday()
    start, end = monday - timedelta(weeks=12), monday - timedelta(days=1)

    page = client.get("/insights/").content.decode()

    assert f'value="{start.isoformat()}"' in page
    assert f'value="{end.isoformat()}"' in page
    first, last = start.isocalendar(), end.isocalendar()
    if first.year == last.year:
        assert f"Uke {first.week}\u2013{last.week} {first.year}" in page
    assert "har for lite data å sammenligne med" in page  # nothing at all before


def test_a_reason_with_almost_nothing_before_is_new_not_a_thousand_percent(
    client: Client, supervisor: User, team_oslo: Team
) -> None:
    client.force_login(supervisor)
    monday = last_monday()
    for week in range(1, 5):  # the four weeks shown: invoices every day, one fault
        for day in range(5):
            contact_on(monday - timedelta(weeks=week, days=-day), "invoice", team_oslo)
    contact_on(monday - timedelta(weeks=2), "fault", team_oslo)
    for week in range(5, 9):  # the four weeks before: invoices on most days, no faults
        for day in range(4):
            contact_on(monday - timedelta(weeks=week, days=-day), "invoice", team_oslo)
    refresh()
    period = {"from": monday - timedelta(weeks=4), "to": monday - timedelta(days=1)}
    early = {"from": monday - timedelta(weeks=6), "to": monday - timedelta(days=1)}

    top = {row["label"]: row for row in client.get("/insights/data/", period).json()["top_reasons"]}
    against_little = client.get("/insights/data/", early).json()["top_reasons"]

    assert top["Invoice/payment"]["change"] == pytest.approx(0.25)
    assert top["Invoice/payment"]["new"] is False
    assert top["Fault/not working"]["change"] is None
    assert top["Fault/not working"]["new"] is True
    # Six weeks against the six before: only two of those have data, so nothing is compared.
    assert all(row["new"] and row["change"] is None for row in against_little)
    page = client.get("/insights/", period).content.decode()
    assert "compared with weeks" in page


def test_contacts_without_a_reason_are_their_own_line_never_a_top_reason(
    client: Client, supervisor: User, team_oslo: Team
) -> None:
    client.force_login(supervisor)
    monday = last_monday()
    for day in range(6):
        contact_on(monday - timedelta(weeks=1, days=-day), None, team_oslo)
    for day in range(4):
        contact_on(monday - timedelta(weeks=1, days=-day), "invoice", team_oslo)
    refresh()

    data = client.get("/insights/data/").json()
    exported = b"".join(
        client.get("/insights/export/top-reasons.csv/").streaming_content  # type: ignore[attr-defined]
    ).decode("utf-8-sig")
    week = (monday - timedelta(weeks=1)).isoformat()
    behind = client.get("/insights/cases/", {"week": week, "reason_id": "none"}).content.decode()

    assert [row["label"] for row in data["top_reasons"]] == ["Invoice/payment"]
    assert data["without_reason"] == {"label": "Without reason", "contacts": 6, "share": 0.6}
    assert {row["label"] for row in data["weekly"]} == {"Invoice/payment", "Without reason"}
    assert "—" not in exported
    assert exported.splitlines()[-1].startswith("Without reason,6,0.6")
    assert "6 cases: Without reason, week" in behind


def test_small_reasons_share_one_other_series_so_no_colour_repeats(
    client: Client, supervisor: User, team_oslo: Team
) -> None:
    client.force_login(supervisor)
    day = last_monday() - timedelta(weeks=1)
    codes = list(ContactReason.objects.values_list("code", flat=True))
    assert len(codes) > 10
    for n, code in enumerate(codes):
        for _copy in range(n + 1):
            contact_on(day, code, team_oslo)
    refresh()

    weekly = client.get("/insights/data/").json()["weekly"]

    series = {row["reason"] for row in weekly}
    assert len(series) <= 10
    assert "other" in series
    assert sum(row["contacts"] for row in weekly) == sum(range(1, len(codes) + 1))


def test_key_figures_are_in_the_viewers_number_format_or_say_why_there_is_none(
    client: Client, norwegian: User, team_oslo: Team
) -> None:
    client.force_login(norwegian)
    monday = last_monday()
    for day in range(3):
        contact_on(monday - timedelta(weeks=1, days=-day), "invoice", team_oslo, resolve=day < 2)
    refresh()
    shown = {"from": monday - timedelta(weeks=1), "to": monday - timedelta(days=1)}
    empty = {"from": monday - timedelta(weeks=30), "to": monday - timedelta(weeks=29)}

    page = client.get("/insights/", shown).content.decode()
    nothing = client.get("/insights/", empty).content.decode()

    assert "100,0\u00a0%" in page  # both resolved cases at the first contact
    assert re.search(r'<span class="value">\d min</span>', page)
    assert '<span class="value">3,0 t</span>' in page
    assert "Ingen saker ble løst i perioden." in nothing
    assert "Ingen saker åpnet i perioden har fått svar ennå." in nothing


def test_the_organization_filter_searches_instead_of_listing_every_organization(
    client: Client, supervisor: User
) -> None:
    client.force_login(supervisor)
    Organization.objects.bulk_create(
        [
            Organization(name=f"Firma {n:04d} AS", name_folded=f"firma {n:04d} as")
            for n in range(500)
        ]
    )
    fjord = Organization.objects.create(name="Fjordkraft AS", name_folded="fjordkraft as")

    page = client.get("/insights/").content.decode()
    found = client.get("/insights/organizations/", {"q": "fjord"}).json()
    chosen = client.get("/insights/", {"organization": fjord.pk}).content.decode()

    assert "Firma 0001 AS" not in page
    assert len(page) < 40_000
    assert found == {"results": [{"id": fjord.pk, "name": "Fjordkraft AS"}]}
    assert 'value="Fjordkraft AS"' in chosen
    assert f'name="organization" value="{fjord.pk}"' in chosen
    assert client.get("/insights/organizations/", {"q": ""}).json() == {"results": []}


def test_the_chart_library_is_served_gzipped_and_cached_for_a_year(
    client: Client, supervisor: User
) -> None:
    client.force_login(supervisor)
    page = client.get("/insights/").content.decode()
    url = re.search(r'<script src="(/insights/plotly/[0-9a-f]+/)"', page)
    assert url is not None

    response = client.get(url.group(1), headers={"Accept-Encoding": "gzip, br"})

    assert response["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert len(response.content) < 2_000_000
    assert b"Plotly" in gzip.decompress(response.content)[:2000]
    assert client.get("/insights/plotly/0123456789abcdef/").status_code == 404
    assert "plotly.min.js" not in page


def test_the_live_view_names_channels_in_the_viewers_language(
    client: Client, norwegian: User, team_oslo: Team
) -> None:
    client.force_login(norwegian)
    customer = create_customer(name="Kari Nordmann")
    open_case(channel=Channel.EMAIL, opened_by=None, customer=customer, team=team_oslo, subject="x")

    panel = client.get("/insights/live/panel/").content.decode()

    assert "<td>E-post</td>" in panel
    assert "<td>email</td>" not in panel


def test_the_cases_behind_a_bar_say_which_reason_and_week(
    client: Client, norwegian: User, team_oslo: Team
) -> None:
    client.force_login(norwegian)
    week = last_monday() - timedelta(weeks=1)
    for day in range(2):
        contact_on(week + timedelta(days=day), "invoice", team_oslo)
    invoice = ContactReason.objects.get(code="invoice")

    page = client.get("/insights/cases/", {"week": week, "reason_id": invoice.pk}).content.decode()

    number, year = week.isocalendar().week, week.isocalendar().year
    assert f"<h1>2 saker: Faktura/betaling, uke {number} {year}</h1>" in page
