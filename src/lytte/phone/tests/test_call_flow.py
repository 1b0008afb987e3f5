"""A call's life through the CTI webhook: identified, popped, answered, logged, hung up."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from lytte.accounts.models import User
from lytte.cases.models import Channel, Direction
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.phone.models import AgentPhone, Call, CallState, CtiEvent, CtiIntegration
from lytte.phone.services import create_integration


@pytest.fixture
def pbx(db: None) -> tuple[CtiIntegration, str]:
    return create_integration(name="Sentralbord Oslo")


@pytest.fixture
def kari(db: None) -> Customer:
    return create_customer(name="Kari Nordmann", phones=["+47 22 12 34 56"])


def _post(token: str, **fields: object) -> tuple[int, dict[str, object]]:
    response = Client().post(
        f"/api/v1/cti/{token}", json.dumps(fields), content_type="application/json"
    )
    return response.status_code, response.json()


def test_an_answered_call_ends_as_a_contact_with_its_duration(
    pbx: tuple[CtiIntegration, str], kari: Customer, agent: User
) -> None:
    _integration, token = pbx
    AgentPhone.objects.create(user=agent, extension="201")
    base = {"from": "22123456", "to": "+4721000000", "direction": "in", "callId": "c-1"}

    assert _post(token, event="newCall", user=["Ingrid Bråten"], **base) == (200, {})
    assert _post(token, event="answer", answeringNumber="201", **base) == (200, {})
    assert _post(token, event="hangup", cause="normalClearing", **base) == (200, {})

    call = Call.objects.get(call_id="c-1")
    assert call.customer == kari
    assert call.state == CallState.ENDED
    assert call.answered_by == agent
    assert not call.missed
    assert call.contact is not None
    assert call.contact.channel == Channel.PHONE
    assert call.contact.direction == Direction.INBOUND
    assert call.contact.handled_by == agent
    assert call.contact.ended_at == call.ended_at
    assert call.contact.case.customer == kari


def test_a_repeated_event_changes_nothing(pbx: tuple[CtiIntegration, str], kari: Customer) -> None:
    _integration, token = pbx
    fields = {"event": "newCall", "from": "22123456", "to": "1", "direction": "in", "callId": "x"}
    assert _post(token, **fields) == (200, {})
    assert _post(token, **fields) == (200, {})
    assert CtiEvent.objects.count() == 1
    assert Call.objects.count() == 1


def test_a_hangup_before_the_answer_still_ends_as_an_answered_call(
    pbx: tuple[CtiIntegration, str], kari: Customer, agent: User
) -> None:
    _integration, token = pbx
    base = {"from": "22123456", "to": "1", "direction": "in", "callId": "late"}
    _post(token, event="newCall", **base)
    _post(token, event="hangup", cause="normalClearing", **base)
    _post(token, event="answer", answeringNumber="ingrid", **base)

    call = Call.objects.get(call_id="late")
    assert call.state == CallState.ENDED
    assert call.answered_by == agent
    assert call.answered_at is not None
    assert call.ended_at is not None
    assert call.answered_at <= call.ended_at
    assert not call.missed


def test_a_call_nobody_answered_goes_on_the_call_back_list(
    pbx: tuple[CtiIntegration, str], kari: Customer
) -> None:
    _integration, token = pbx
    base = {"from": "22123456", "to": "1", "direction": "in", "callId": "m"}
    _post(token, event="newCall", **base)
    _post(token, event="hangup", cause="noAnswer", **base)
    call = Call.objects.get(call_id="m")
    assert call.missed
    assert call.contact is None


def test_a_form_encoded_event_with_user_list_is_read(
    pbx: tuple[CtiIntegration, str], kari: Customer
) -> None:
    _integration, token = pbx
    response = Client().post(
        f"/api/v1/cti/{token}",
        "event=newCall&from=anonymous&to=4721000000&direction=in&callId=f1"
        "&user%5B%5D=Ola+Nordmann&user%5B%5D=Aino+M%C3%A4kinen",
        content_type="application/x-www-form-urlencoded",
    )
    call = Call.objects.get(call_id="f1")
    assert response.status_code == 200
    assert call.users == ["Ola Nordmann", "Aino Mäkinen"]
    assert call.caller == ""  # withheld


def test_a_blocked_number_is_turned_away_busy(
    pbx: tuple[CtiIntegration, str], kari: Customer
) -> None:
    from lytte.phone.models import BlockedNumber

    _integration, token = pbx
    BlockedNumber.objects.create(value="+4722123456")
    status, body = _post(
        token,
        event="newCall",
        **{"from": "0047 22 12 34 56", "to": "1"},
        direction="in",
        callId="b",
    )
    assert (status, body) == (200, {"action": "reject", "reason": "busy"})


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        ("{not json", "application/json", "not valid JSON"),
        ('["newCall"]', "application/json", "JSON object"),
        ('{"event": "ring", "callId": "1"}', "application/json", "Unknown event"),
        ('{"event": "newCall", "from": "1", "direction": "in"}', "application/json", "callId"),
        (
            '{"event": "newCall", "callId": "1", "from": "1", "direction": "up"}',
            "application/json",
            "direction",
        ),
        ("event=hangup", "application/x-www-form-urlencoded", "callId"),
    ],
)
def test_bad_bodies_get_400_with_a_message(
    pbx: tuple[CtiIntegration, str], body: str, content_type: str, message: str
) -> None:
    _integration, token = pbx
    response = Client().post(f"/api/v1/cti/{token}", body, content_type=content_type)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_event"
    assert message in response.json()["error"]
    assert not CtiEvent.objects.exists()


def test_a_wrong_token_is_404(db: None) -> None:
    status, body = _post("cti_nope", event="newCall", callId="1", direction="in")
    assert status == 404
    assert body["code"] == "unknown_token"
    assert "token" in str(body["error"])


def test_a_call_answered_by_someone_who_left_is_still_logged(
    pbx: tuple[CtiIntegration, str], kari: Customer, agent: User
) -> None:
    _integration, token = pbx
    AgentPhone.objects.create(user=agent, extension="201")
    agent.is_active = False
    agent.save()
    base = {"from": "22123456", "to": "1", "direction": "in", "callId": "gone"}
    for event in ("newCall", "answer", "hangup"):
        assert _post(token, event=event, answeringNumber="201", **base) == (200, {})
    call = Call.objects.get(call_id="gone")
    assert call.answered_by is None
    assert call.contact is not None
    assert CtiEvent.objects.filter(applied_at__isnull=True).count() == 0


def test_called_back_does_not_redirect_off_site(
    pbx: tuple[CtiIntegration, str], kari: Customer, agent: User
) -> None:
    _integration, token = pbx
    base = {"from": "22123456", "to": "1", "direction": "in", "callId": "cb"}
    _post(token, event="newCall", **base)
    _post(token, event="hangup", cause="noAnswer", **base)
    client = Client()
    client.force_login(agent)
    call = Call.objects.get(call_id="cb")
    response = client.post(f"/desk/calls/{call.pk}/called-back/", {"next": "https://evil.example"})
    assert response["Location"] == "/desk/calls/"
    call.refresh_from_db()
    assert call.called_back_at is not None


def test_an_agent_chooses_to_have_calls_open_by_themselves(agent: User) -> None:
    client = Client()
    client.force_login(agent)
    assert client.get("/desk/calls/settings/").status_code == 200
    client.post("/desk/calls/settings/", {"auto_open": "on"})
    assert AgentPhone.objects.get(user=agent).auto_open
    client.post("/desk/calls/settings/", {})
    assert not AgentPhone.objects.get(user=agent).auto_open
