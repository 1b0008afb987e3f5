"""Admins manage the phone in the admin site: integrations and their queues, agents' phone
settings, blocked numbers; they read calls and CTI events, which only the PBX writes."""

from __future__ import annotations

import pytest
from django.test import Client

from lytte.accounts.models import User
from lytte.phone.models import AgentPhone, BlockedNumber
from lytte.phone.tests.conftest import FROM_KARI, Pbx

PAGES = [
    "/admin/phone/",
    "/admin/phone/ctiintegration/",
    "/admin/phone/ctiintegration/add/",
    "/admin/phone/agentphone/",
    "/admin/phone/agentphone/add/",
    "/admin/phone/blockednumber/",
    "/admin/phone/blockednumber/add/",
    "/admin/phone/call/",
    "/admin/phone/ctievent/",
]


@pytest.fixture
def phone_rows(pbx: Pbx, agent: User) -> list[str]:
    """The change page of one row of each phone model."""
    pbx.send("newCall", "c-1", **FROM_KARI)
    phone = AgentPhone.objects.create(user=agent, extension="201", pbx_name="ingrid.braten")
    blocked = BlockedNumber.objects.create(value="+4799999999", note="Telefonsalg, Ålesund")
    call = pbx.call("c-1")
    event = call.integration.events.get()
    return [
        f"/admin/phone/ctiintegration/{pbx.integration.pk}/change/",
        f"/admin/phone/agentphone/{phone.pk}/change/",
        f"/admin/phone/blockednumber/{blocked.pk}/change/",
        f"/admin/phone/call/{call.pk}/change/",
        f"/admin/phone/ctievent/{event.pk}/change/",
    ]


@pytest.mark.parametrize("path", PAGES)
def test_an_admin_opens_every_phone_admin_page(client: Client, admin_user: User, path: str) -> None:
    client.force_login(admin_user)

    assert client.get(path).status_code == 200


def test_an_admin_opens_each_phone_rows_page(
    client: Client, admin_user: User, phone_rows: list[str]
) -> None:
    client.force_login(admin_user)

    for path in phone_rows:
        assert client.get(path).status_code == 200, path


def test_an_admin_adds_a_blocked_number(client: Client, admin_user: User) -> None:
    client.force_login(admin_user)

    response = client.post(
        "/admin/phone/blockednumber/add/", {"value": "+358401234567", "note": "Häirikkö"}
    )

    assert response.status_code == 302
    assert BlockedNumber.objects.get().note == "Häirikkö"


def test_calls_and_cti_events_stay_as_the_pbx_sent_them(admin_user: User) -> None:
    assert admin_user.has_perm("phone.view_call")
    assert admin_user.has_perm("phone.view_ctievent")
    assert not admin_user.has_perm("phone.change_call")
    assert not admin_user.has_perm("phone.delete_ctievent")


def test_a_supervisor_reads_calls_but_does_not_set_up_the_phone(supervisor: User) -> None:
    assert supervisor.has_perm("phone.view_call")
    assert not supervisor.has_perm("phone.change_ctiintegration")
    assert not supervisor.has_perm("phone.view_agentphone")
