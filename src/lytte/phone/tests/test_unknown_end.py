"""A call whose hangup never comes is closed as "unknown end", not left ringing forever; the
call log shows talk time as a clock does."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lytte.accounts.models import User
from lytte.customers.models import Customer
from lytte.phone.models import AgentPhone, Call, CallState
from lytte.phone.schedule import PhoneSchedule
from lytte.phone.services import close_unfinished_calls
from lytte.phone.tests.conftest import FROM_KARI, Pbx


def _began(call_id: str, minutes_ago: int) -> None:
    Call.objects.filter(call_id=call_id).update(
        started_at=timezone.now() - timedelta(minutes=minutes_ago)
    )


def test_calls_without_a_hangup_end_as_unknown_after_the_set_time(
    pbx: Pbx, kari: Customer, settings: Any
) -> None:
    settings.PHONE_UNKNOWN_END_MINUTES = 60
    pbx.ring("lost", "912 34 567")
    pbx.ring("talking", "912 34 567")
    pbx.send("answer", "talking", **FROM_KARI)
    pbx.ring("just-now", "912 34 567")
    _began("lost", 61)
    _began("talking", 90)
    _began("just-now", 59)

    assert close_unfinished_calls() == 2
    assert pbx.call("lost").state == CallState.UNKNOWN
    assert pbx.call("talking").state == CallState.UNKNOWN
    assert pbx.call("just-now").state == CallState.RINGING


def test_a_hangup_that_comes_late_still_ends_the_call(
    pbx: Pbx, kari: Customer, settings: Any
) -> None:
    settings.PHONE_UNKNOWN_END_MINUTES = 60
    pbx.ring("late", "912 34 567")
    _began("late", 120)
    close_unfinished_calls()
    pbx.send("hangup", "late", **FROM_KARI, cause="noAnswer")
    assert pbx.call("late").state == CallState.ENDED
    assert pbx.call("late").missed


# The schedule's thread has its own connection: it sees committed rows only.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_schedule_closes_them(pbx: Pbx, kari: Customer, settings: Any) -> None:
    settings.PHONE_UNKNOWN_END_MINUTES = 1
    pbx.ring("lost", "912 34 567")
    _began("lost", 5)
    schedule = PhoneSchedule(interval=0.05)
    schedule.start()
    try:
        for _attempt in range(100):
            if pbx.call("lost").state == CallState.UNKNOWN:
                break
            schedule.stop.wait(0.05)
    finally:
        schedule.stop.set()
        schedule.join()
    assert pbx.call("lost").state == CallState.UNKNOWN


def test_the_call_log_shows_unknown_end_and_durations_as_a_clock(
    pbx: Pbx, kari: Customer, agent: User, settings: Any
) -> None:
    settings.PHONE_UNKNOWN_END_MINUTES = 60
    AgentPhone.objects.create(user=agent, extension="201")
    pbx.ring("short", "912 34 567")
    pbx.send("answer", "short", **FROM_KARI, answeringNumber="201")
    pbx.send("hangup", "short", **FROM_KARI, cause="normalClearing")
    answered = pbx.call("short").answered_at
    assert answered is not None
    Call.objects.filter(call_id="short").update(
        ended_at=answered + timedelta(seconds=32, microseconds=469497)
    )
    pbx.ring("long", "912 34 567")
    pbx.send("answer", "long", **FROM_KARI, answeringNumber="201")
    pbx.send("hangup", "long", **FROM_KARI, cause="normalClearing")
    Call.objects.filter(call_id="long").update(ended_at=answered + timedelta(minutes=12, seconds=5))
    Call.objects.filter(call_id="long").update(answered_at=answered)
    pbx.ring("lost", "912 34 567")
    _began("lost", 61)
    close_unfinished_calls()

    client = Client(HTTP_ACCEPT_LANGUAGE="nb")
    client.force_login(agent)
    page = client.get("/desk/calls/").content.decode()

    assert "0:32" in page
    assert "12:05" in page
    assert "0:00:32" not in page
    assert "Ukjent slutt" in page
