"""The call log at /desk/calls/ with its call-back list, and `lytte phone` for setting up PBXs."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from lytte.accounts.models import Team, User
from lytte.customers.models import Customer
from lytte.phone.models import AgentPhone, BlockedNumber, Call, CtiIntegration, PhoneQueue
from lytte.phone.tests.conftest import FROM_KARI, SWITCHBOARD, Pbx

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture(autouse=True)
def _known_base_url(settings: Any) -> None:
    settings.BASE_URL = "https://lytte.example.no"  # as LYTTE_BASE_URL sets it


@pytest.fixture
def ingrid_at_the_desk(agent: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(agent)
    return client


@pytest.fixture
def calls(pbx: Pbx, kari: Customer, agent: User, other_agent: User, team_helsinki: Team) -> Pbx:
    """A morning at the switchboard: an answered call, a missed one, one for Helsinki, one out."""
    AgentPhone.objects.create(user=agent, extension="201")
    AgentPhone.objects.create(user=other_agent, extension="301")
    PhoneQueue.objects.create(integration=pbx.integration, name="Suomi", team=team_helsinki)
    pbx.ring("answered", "912 34 567")
    pbx.send("answer", "answered", **FROM_KARI, answeringNumber="201")
    pbx.send("hangup", "answered", **FROM_KARI, cause="normalClearing")
    pbx.ring("missed", "+47 22 12 34 56")
    pbx.send("hangup", "missed", from_="22123456", to=SWITCHBOARD, cause="noAnswer")
    pbx.ring("helsinki", "+358 40 123 4567", queue="Suomi")
    pbx.send("answer", "helsinki", answeringNumber="301")
    pbx.send("newCall", "out", from_="201", to="912 34 567", direction="out")
    _started("answered", datetime(2025, 3, 3, 8, 15, tzinfo=OSLO))
    _started("missed", datetime(2025, 3, 3, 9, 5, tzinfo=OSLO))
    _started("helsinki", datetime(2025, 3, 4, 0, 30, tzinfo=OSLO))  # 23:30 UTC the day before
    _started("out", datetime(2025, 3, 4, 10, 0, tzinfo=OSLO))
    return pbx


def _started(call_id: str, when: datetime) -> None:
    Call.objects.filter(call_id=call_id).update(started_at=when)


def _listed(client: Client, query: str = "") -> list[str]:
    response = client.get(f"/desk/calls/{query}")
    assert response.status_code == 200
    return [call.call_id for call in response.context["page"]]


def test_the_call_log_lists_every_call_newest_first(calls: Pbx, ingrid_at_the_desk: Client) -> None:
    assert _listed(ingrid_at_the_desk) == ["out", "helsinki", "missed", "answered"]


def test_the_call_log_names_the_caller_and_offers_a_call_back_for_missed_calls(
    calls: Pbx, ingrid_at_the_desk: Client
) -> None:
    html = ingrid_at_the_desk.get("/desk/calls/").content.decode()

    assert "Kari Nordmann" in html
    assert 'href="tel:+4722123456"' in html
    assert 'href="tel:+4791234567"' not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?missed=1", ["missed"]),
        ("?waiting=1", ["missed"]),
        ("?direction=out", ["out"]),
        ("?direction=in", ["helsinki", "missed", "answered"]),
        ("?queue=Suomi", ["helsinki"]),
        ("?since=2025-03-04", ["out", "helsinki"]),
        ("?until=2025-03-03", ["missed", "answered"]),
        ("?since=2025-03-03&until=2025-03-03", ["missed", "answered"]),
        ("?since=2025-03-05", []),
        ("?since=not-a-date&team=abc", ["out", "helsinki", "missed", "answered"]),
    ],
)
def test_the_call_log_is_filtered(
    calls: Pbx, ingrid_at_the_desk: Client, query: str, expected: list[str]
) -> None:
    assert _listed(ingrid_at_the_desk, query) == expected


def test_the_call_log_is_filtered_by_team_and_agent(
    calls: Pbx, ingrid_at_the_desk: Client, agent: User, other_agent: User, team_helsinki: Team
) -> None:
    assert _listed(ingrid_at_the_desk, f"?team={team_helsinki.pk}") == ["helsinki"]
    assert _listed(ingrid_at_the_desk, f"?agent={agent.pk}") == ["answered"]
    assert _listed(ingrid_at_the_desk, f"?agent={other_agent.pk}&team={team_helsinki.pk}") == [
        "helsinki"
    ]


def test_done_takes_a_call_off_the_call_back_list(
    calls: Pbx, agent: User, ingrid_at_the_desk: Client
) -> None:
    missed = calls.call("missed")

    response = ingrid_at_the_desk.post(
        f"/desk/calls/{missed.pk}/called-back/", {"next": "/desk/calls/?waiting=1"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/desk/calls/?waiting=1"
    assert _listed(ingrid_at_the_desk, "?waiting=1") == []
    assert _listed(ingrid_at_the_desk, "?missed=1") == ["missed"]
    missed.refresh_from_db()
    assert missed.called_back_at is not None


def test_done_must_be_posted(calls: Pbx, ingrid_at_the_desk: Client) -> None:
    response = ingrid_at_the_desk.get(f"/desk/calls/{calls.call('missed').pk}/called-back/")

    assert response.status_code == 405
    assert _listed(ingrid_at_the_desk, "?waiting=1") == ["missed"]


def test_someone_without_a_role_is_refused_the_call_log(calls: Pbx) -> None:
    client = Client()
    client.force_login(User.objects.create_user(username="vikar", password="x"))

    assert client.get("/desk/calls/").status_code == 403
    assert client.post(f"/desk/calls/{calls.call('missed').pk}/called-back/").status_code == 403
    assert calls.call("missed").called_back_at is None


def test_the_call_log_sends_strangers_to_the_login_page(calls: Pbx) -> None:
    response = Client().get("/desk/calls/?waiting=1")

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/login/"


def _phone(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("phone", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_integration_create_prints_a_url_whose_token_works(db: None, team_oslo: Team) -> None:
    out, err = _phone(
        "integration",
        "create",
        "Växel Malmö",
        "--team",
        team_oslo.name,
        "--base-url",
        "https://lytte.example/",
    )

    url = urlsplit(out.strip())
    assert (url.scheme, url.netloc) == ("https", "lytte.example")
    assert url.path.startswith("/api/v1/cti/cti_")
    assert "shown only now" in err
    integration = CtiIntegration.objects.get(name="Växel Malmö")
    assert integration.team == team_oslo
    token = url.path.removeprefix("/api/v1/cti/")
    response = Pbx(integration, token).ring("c-1", "anonymous")
    assert (response.status_code, response.json()) == (200, {})
    assert Call.objects.get().integration == integration


def test_a_blocked_number_is_turned_away_whichever_way_it_is_written(pbx: Pbx) -> None:
    out, _err = _phone("block", "+47 912 34 567", "--note", "Ringer hver natt")

    assert "+4791234567" in out
    assert BlockedNumber.objects.get().note == "Ringer hver natt"
    response = pbx.ring("c-1", "0047 91234567")
    assert response.json() == {"action": "reject", "reason": "busy"}
    assert pbx.ring("c-2", "22 12 34 56").json() == {}


def test_blocking_a_number_twice_keeps_one_block(db: None) -> None:
    _phone("block", "912 34 567")
    _phone("block", "+4791234567")

    assert BlockedNumber.objects.count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("block", "anonymous"), "withheld"),
        (("block", "12"), "not a valid phone number"),
        (("block", "abc"), "not a phone number"),
        (("integration", "create", "Sentralbord Oslo"), "exists"),
        (("integration", "create", "Vaihde", "--team", "Ingen slikt team"), "no team"),
        (("integration",), "required"),
        (("integration", "delete", "Sentralbord Oslo"), "invalid choice"),
        (("ring",), "invalid choice"),
    ],
)
def test_bad_arguments_are_a_command_error(pbx: Pbx, args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        _phone(*args)

    assert CtiIntegration.objects.count() == 1
    assert not BlockedNumber.objects.exists()


def test_integration_create_prints_the_url_of_lytte_base_url(db: None, settings: Any) -> None:
    settings.BASE_URL = "https://lytte.example.no:8443/"
    out, _err = _phone("integration", "create", "Sentralbord")
    assert out.startswith("https://lytte.example.no:8443/api/v1/cti/cti_")


def test_integration_create_without_a_base_url_says_so_and_creates_nothing(
    db: None, settings: Any
) -> None:
    settings.BASE_URL = ""
    with pytest.raises(CommandError, match="LYTTE_BASE_URL"):
        _phone("integration", "create", "Sentralbord")
    assert not CtiIntegration.objects.exists()
