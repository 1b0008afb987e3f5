"""POST /api/v1/cti/<token>: Zammad's generic CTI events, kept before the reply, folded into one
call in whatever order and however often they come, and bad bodies refused with a message."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client

from lytte.accounts.models import Team, User
from lytte.cases.models import Contact
from lytte.customers.models import Customer
from lytte.phone.models import AgentPhone, BlockedNumber, Call, CallState, CtiEvent, PhoneQueue
from lytte.phone.tests.conftest import FROM_KARI, Pbx

EVENTS = ("newCall", "answer", "hangup")


def _post_event(pbx: Pbx, event: str) -> HttpResponse:
    """One event of a call from Kari that Ingrid (extension 201) answers and that ends normally."""
    extra = {"answer": {"answeringNumber": "201"}, "hangup": {"cause": "normalClearing"}}
    return pbx.send(event, "c-1", **FROM_KARI, **extra.get(event, {}))


def _event(pbx: Pbx, event: str) -> None:
    response = _post_event(pbx, event)
    assert (response.status_code, response.json()) == (200, {})


@pytest.fixture
def ingrid_at_201(agent: User) -> User:
    AgentPhone.objects.create(user=agent, extension="201")
    return agent


def test_json_events_build_the_call(pbx: Pbx, kari: Customer, ingrid_at_201: User) -> None:
    pbx.send("newCall", "c-1", **FROM_KARI, user=["Ingrid Bråten"], queue="Kundeservice")
    pbx.send("answer", "c-1", **FROM_KARI, answeringNumber="201")
    pbx.send("hangup", "c-1", **FROM_KARI, cause="normalClearing")

    call = pbx.call("c-1")
    assert call.users == ["Ingrid Bråten"]
    assert call.queue == "Kundeservice"
    assert call.customer == kari
    assert call.answered_by == ingrid_at_201
    assert call.state == CallState.ENDED
    assert call.cause == "normalClearing"
    assert [e.event for e in CtiEvent.objects.all()] == list(EVENTS)


def test_form_events_build_the_call(pbx: Pbx, kari: Customer, ingrid_at_201: User) -> None:
    call = "callId=f-1&from=%2B47+912+34+567&to=4721000000&direction=in"
    newcall = pbx.send_form(
        f"event=newCall&{call}&user%5B%5D=Ingrid+Br%C3%A5ten&user%5B%5D=Ola+Nordmann"
        "&queue=Kundeservice+%C3%98st"
    )
    answer = pbx.send_form(f"event=answer&{call}&user%5B%5D=Ingrid+Br%C3%A5ten&answeringNumber=201")
    hangup = pbx.send_form(f"event=hangup&{call}&cause=normalClearing&answeringNumber=201")

    assert [r.status_code for r in (newcall, answer, hangup)] == [200, 200, 200]
    assert [r.json() for r in (newcall, answer, hangup)] == [{}, {}, {}]
    call_ = pbx.call("f-1")
    assert call_.users == ["Ingrid Bråten", "Ola Nordmann"]
    assert call_.queue == "Kundeservice Øst"
    assert call_.customer == kari
    assert call_.answered_by == ingrid_at_201
    assert call_.state == CallState.ENDED
    assert call_.cause == "normalClearing"
    assert CtiEvent.objects.filter(call_id="f-1").count() == 3


def test_a_single_user_in_a_form_is_a_list_of_one(pbx: Pbx) -> None:
    pbx.send_form(
        "event=newCall&callId=f-2&from=anonymous&to=1&direction=in&user=Aino+M%C3%A4kinen"
    )

    assert pbx.call("f-2").users == ["Aino Mäkinen"]


def test_every_event_is_stored_as_received(pbx: Pbx, kari: Customer) -> None:
    pbx.send("newCall", "c-1", **FROM_KARI, user=["Ingrid Bråten"])

    stored = CtiEvent.objects.get()
    assert stored.integration == pbx.integration
    assert (stored.call_id, stored.event) == ("c-1", "newCall")
    assert stored.payload["from"] == "912 34 567"
    assert stored.payload["user"] == ["Ingrid Bråten"]


@pytest.mark.parametrize("repeated", EVENTS)
def test_a_repeated_event_is_answered_the_same_and_changes_nothing(
    pbx: Pbx, kari: Customer, ingrid_at_201: User, repeated: str
) -> None:
    for event in EVENTS:
        _event(pbx, event)
    before = pbx.call("c-1")

    response = pbx.send(
        repeated, "c-1", from_="+4722000000", to="1", direction="out", cause="busy", queue="Annet"
    )

    assert (response.status_code, response.json()) == (200, {})
    after = pbx.call("c-1")
    fields = ["direction", "caller", "queue", "state", "cause", "missed", "answered_at", "ended_at"]
    assert [getattr(after, f) for f in fields] == [getattr(before, f) for f in fields]
    assert after.contact == before.contact
    assert CtiEvent.objects.count() == 3
    assert Call.objects.count() == 1
    assert Contact.objects.count() == 1


def test_a_repeated_newcall_from_a_blocked_number_is_rejected_again(pbx: Pbx) -> None:
    BlockedNumber.objects.create(value="+4791234567")

    first = pbx.ring("c-1", "912 34 567")
    again = pbx.ring("c-1", "912 34 567")

    assert first.json() == again.json() == {"action": "reject", "reason": "busy"}
    assert pbx.call("c-1").caller == "+4791234567"  # still a call on record


@pytest.mark.parametrize(
    "order", list(itertools.permutations(EVENTS)), ids=lambda order: "-".join(order)
)
def test_events_in_any_order_end_in_the_same_call(
    pbx: Pbx, kari: Customer, ingrid_at_201: User, order: tuple[str, ...]
) -> None:
    for event in order:
        _event(pbx, event)

    call = pbx.call("c-1")
    assert call.state == CallState.ENDED
    assert call.direction == "in"
    assert call.caller == "+4791234567"
    assert call.customer == kari
    assert call.answered_by == ingrid_at_201
    assert not call.missed
    assert call.cause == "normalClearing"
    assert call.answered_at is not None
    assert call.ended_at is not None
    assert call.answered_at <= call.ended_at
    contact = Contact.objects.get()
    assert call.contact == contact
    assert contact.ended_at == call.ended_at
    assert contact.handled_by == ingrid_at_201
    assert contact.customer == kari
    assert contact.case.customer == kari


@pytest.mark.parametrize("cause", ["noAnswer", "cancel", "busy"])
def test_an_unanswered_inbound_call_is_missed_and_waits_for_a_call_back(
    pbx: Pbx, kari: Customer, cause: str
) -> None:
    pbx.ring("c-1", "912 34 567")
    pbx.send("hangup", "c-1", **FROM_KARI, cause=cause)

    call = pbx.call("c-1")
    assert call.missed
    assert call.cause == cause
    assert call.state == CallState.ENDED
    assert call.called_back_at is None
    assert call.answered_at is None
    assert call.contact is None
    assert call.duration is None


def test_an_outbound_call_nobody_answered_is_not_missed(pbx: Pbx, kari: Customer) -> None:
    out = {"from_": "201", "to": "912 34 567", "direction": "out"}
    pbx.send("newCall", "o-1", **out)
    pbx.send("hangup", "o-1", **out, cause="normalClearing")

    call = pbx.call("o-1")
    assert call.state == CallState.ENDED
    assert not call.missed
    assert call.answered_at is None
    assert call.contact is None
    assert call.customer == kari


def test_a_queue_mapped_to_a_team_gives_the_call_that_team(
    pbx: Pbx, kari: Customer, team_helsinki: Team
) -> None:
    PhoneQueue.objects.create(
        integration=pbx.integration, name="Asiakaspalvelu", team=team_helsinki
    )

    pbx.ring("c-1", "912 34 567", queue="Asiakaspalvelu")

    assert pbx.call("c-1").team == team_helsinki


def test_a_wrong_token_is_404_and_stores_nothing(pbx: Pbx) -> None:
    response = Client().post(
        "/api/v1/cti/cti_" + "x" * 43,
        json.dumps({"event": "newCall", "callId": "1", "from": "1", "direction": "in"}),
        content_type="application/json",
    )

    assert response.status_code == 404
    assert response.json()["error"]
    assert not CtiEvent.objects.exists()


def test_a_disabled_integration_is_404(pbx: Pbx) -> None:
    pbx.integration.active = False
    pbx.integration.save()

    response = pbx.ring("c-1", "912 34 567")

    assert response.status_code == 404
    assert not Call.objects.exists()


def test_get_is_405(pbx: Pbx) -> None:
    assert Client().get(pbx.url).status_code == 405


BAD_BODIES = [
    ("not-json", b"{event: newCall", "application/json", "not valid JSON"),
    ("json-array", b'[{"event": "newCall", "callId": "1"}]', "application/json", "JSON object"),
    ("json-string", b'"newCall"', "application/json", "JSON object"),
    ("unknown-event", b'{"event": "ring", "callId": "1"}', "application/json", "Unknown event"),
    ("no-event", b'{"callId": "1"}', "application/json", "event"),
    ("no-call-id", b'{"event": "hangup", "cause": "busy"}', "application/json", "callId"),
    (
        "long-call-id",
        json.dumps({"event": "hangup", "callId": "x" * 251}).encode(),
        "application/json",
        "callId",
    ),
    (
        "call-id-not-text",
        b'{"event": "hangup", "callId": {"id": 1}}',
        "application/json",
        "callId",
    ),
    (
        "user-not-a-list",
        b'{"event": "newCall", "callId": "1", "from": "1", "direction": "in", "user": {"a": 1}}',
        "application/json",
        "user",
    ),
    (
        "user-of-numbers",
        b'{"event": "answer", "callId": "1", "user": [201]}',
        "application/json",
        "user",
    ),
    (
        "bad-direction",
        b'{"event": "newCall", "callId": "1", "from": "1", "direction": "inbound"}',
        "application/json",
        "direction",
    ),
    ("non-utf8", b'{"event": "newCall", "callId": "\xe6\xf8\xe5"}', "application/json", "JSON"),
    (
        "nul-character",
        b'{"event": "hangup", "callId": "c-\\u0000"}',
        "application/json",
        "callId",
    ),
    (
        "lone-surrogate",
        b'{"event": "answer", "callId": "c-1", "user": ["\\ud800"]}',
        "application/json",
        "user",
    ),
    ("empty-json", b"", "application/json", "JSON"),
    ("deeply-nested-array", b"[" * 100_000, "application/json", "nested too deeply"),
    ("deeply-nested-object", b'{"a":' * 100_000, "text/plain", "nested too deeply"),
    (
        "huge-integer",
        b'{"event": "hangup", "callId": ' + b"9" * 5000 + b"}",
        "application/json",
        "not valid JSON",
    ),
    ("huge-float", b'{"event": "hangup", "callId": 1e400}', "application/json", "callId"),
    (
        "too-large",
        json.dumps({"event": "hangup", "callId": "c-1", "x": "æ" * 2_000_000}).encode(),
        "application/json",
        "too large",
    ),
    ("empty-form", b"", "application/x-www-form-urlencoded", "event"),
    ("form-no-call-id", b"event=hangup", "application/x-www-form-urlencoded", "callId"),
    (
        "form-nul",
        b"event=hangup&callId=c%001",
        "application/x-www-form-urlencoded",
        "callId",
    ),
]


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [bad[1:] for bad in BAD_BODIES],
    ids=[bad[0] for bad in BAD_BODIES],
)
def test_a_bad_body_is_400_with_a_message_and_stores_nothing(
    pbx: Pbx, body: bytes, content_type: str, message: str
) -> None:
    # CONTENT_TYPE again: the test client leaves it out when the body is empty, a PBX may not.
    response = Client(raise_request_exception=False).post(
        pbx.url, body, content_type=content_type, CONTENT_TYPE=content_type
    )

    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not CtiEvent.objects.exists()
    assert not Call.objects.exists()


writers_run_at_once = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers: nothing runs concurrently"
)


def _at_once(*posts: Callable[[], HttpResponse]) -> list[int]:
    """Run the posts in threads released together; their status codes."""
    barrier = threading.Barrier(len(posts))
    statuses: list[int] = []

    def run(post: Callable[[], HttpResponse]) -> None:
        barrier.wait()
        try:
            statuses.append(post().status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(post,)) for post in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@writers_run_at_once
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_event_posted_at_once_is_kept_once(pbx: Pbx, kari: Customer) -> None:
    statuses = _at_once(*[lambda: pbx.ring("c-1", "912 34 567")] * 4)

    assert statuses == [200] * 4
    assert CtiEvent.objects.count() == 1
    assert Call.objects.count() == 1
    assert pbx.call("c-1").customer == kari


@writers_run_at_once
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_all_three_events_posted_at_once_end_in_one_answered_call(
    pbx: Pbx, kari: Customer, ingrid_at_201: User
) -> None:
    statuses = _at_once(*[lambda event=event: _post_event(pbx, event) for event in EVENTS])

    assert statuses == [200] * 3
    call = pbx.call("c-1")
    assert call.state == CallState.ENDED
    assert call.answered_by == ingrid_at_201
    assert not call.missed
    assert Call.objects.count() == 1
    assert Contact.objects.get().ended_at == call.ended_at
