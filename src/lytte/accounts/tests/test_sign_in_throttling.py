from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone

from lytte.accounts import throttling
from lytte.accounts.models import SignInThrottle, User
from lytte.accounts.tests.hashers import CountingHasher
from lytte.audit.models import AuditEvent
from lytte.privacy.services import run_retention

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _counted_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["lytte.accounts.tests.hashers.CountingHasher"]


def _guess(client: Client, username: str = "ingrid", path: str = "/login/", **extra: Any) -> Any:
    return client.post(path, {"username": username, "password": "feil passord"}, **extra)


def _time_passes() -> None:
    """Every wait runs out (as if the clock moved past it)."""
    SignInThrottle.objects.update(blocked_until=timezone.now() - timedelta(seconds=1))


def test_after_five_wrong_passwords_the_next_195_are_429_and_hash_nothing(
    client: Client, agent: User
) -> None:
    before = CountingHasher.hashes
    answers = [_guess(client) for _attempt in range(200)]

    assert [a.status_code for a in answers[:5]] == [200] * 5
    assert {a.status_code for a in answers[5:]} == {429}
    assert CountingHasher.hashes - before == 5
    refused = answers[-1]
    wait = int(refused["Retry-After"])
    assert 50 <= wait <= 60
    page = refused.content.decode()
    told = "1 minute" if wait == 60 else f"{wait} seconds"
    assert f"Too many failed sign-ins. Try again in {told}." in page
    assert 'name="username"' in page  # the form, again


def test_the_wait_doubles_after_each_further_failure_up_to_fifteen_minutes(
    client: Client, agent: User
) -> None:
    for _attempt in range(5):
        _guess(client)
    waits = []
    for _round in range(6):
        _time_passes()
        assert _guess(client).status_code == 200  # checked, and wrong
        waits.append(int(_guess(client)["Retry-After"]))
    assert waits == [120, 240, 480, 900, 900, 900]


def test_the_agent_signs_in_once_the_wait_is_over_and_counts_start_again(
    client: Client, agent: User
) -> None:
    for _attempt in range(6):
        _guess(client)
    _time_passes()
    response = client.post("/login/", {"username": "ingrid", "password": PASSWORD})
    assert response.status_code == 302
    assert not SignInThrottle.objects.filter(key="account:ingrid").exists()


def test_a_browser_the_agent_signed_in_with_before_is_not_kept_out_by_an_attack(
    agent: User,
) -> None:
    hers = Client()
    assert hers.post("/login/", {"username": "ingrid", "password": PASSWORD}).status_code == 302
    hers.post("/logout/")
    attacker = Client()
    for _attempt in range(10):
        _guess(attacker, "INGRID")  # the name as typed, in any case
    assert _guess(attacker).status_code == 429

    assert hers.post("/login/", {"username": "ingrid", "password": PASSWORD}).status_code == 302


def test_the_known_device_cookie_counts_for_its_own_account_only(
    agent: User, teammate: User
) -> None:
    hers = Client()
    hers.post("/login/", {"username": "ingrid", "password": PASSWORD})
    hers.post("/logout/")
    for _attempt in range(5):
        _guess(hers, "ola")
    assert _guess(hers, "ola").status_code == 429


def test_one_address_is_refused_after_fifty_failures_across_many_names(
    client: Client, db: None
) -> None:
    before = CountingHasher.hashes
    for n in range(50):
        assert _guess(client, f"agent{n % 20}").status_code == 200
    assert _guess(client, "someone-new").status_code == 429
    assert CountingHasher.hashes - before == 50


def test_the_proxy_header_is_believed_only_when_a_setting_names_it(
    settings: Any, client: Client, db: None
) -> None:
    settings.SIGN_IN_ADDRESS_FAILURES = 3
    for n in range(3):
        _guess(client, f"navn{n}", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert _guess(client, "navn9", HTTP_X_FORWARDED_FOR="10.0.0.9").status_code == 429

    settings.SIGN_IN_PROXY_HEADER = "X-Forwarded-For"
    # The proxy appends the address it saw: the last one counts, not what the client wrote.
    for n in range(3):
        _guess(client, f"nimi{n}", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 192.0.2.7")
    assert _guess(client, "nimi9", HTTP_X_FORWARDED_FOR="192.0.2.7").status_code == 429
    assert _guess(client, "nimi9", HTTP_X_FORWARDED_FOR="10.0.0.1, 192.0.2.8").status_code == 200


def test_the_admin_sign_in_counts_and_refuses_with_ours(client: Client, admin_user: User) -> None:
    for _attempt in range(3):
        _guess(client, "astrid")
    for _attempt in range(2):
        assert _guess(client, "astrid", "/admin/login/").status_code == 200
    before = CountingHasher.hashes
    response = _guess(client, "astrid", "/admin/login/")
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert CountingHasher.hashes == before
    assert _guess(client, "astrid").status_code == 429


def test_a_lockout_is_audited(client: Client, agent: User) -> None:
    for _attempt in range(5):
        _guess(client)
    event = AuditEvent.objects.get(action="sign_in.blocked")
    assert event.data["key"] == "account:ingrid"
    assert event.data["failures"] == 5


def test_the_wait_is_told_in_norwegian_to_a_norwegian_browser(client: Client, agent: User) -> None:
    for _attempt in range(5):
        _guess(client)
    response = _guess(client, HTTP_ACCEPT_LANGUAGE="nb-NO,nb;q=0.9")
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    told = "1 minutt" if wait == 60 else f"{wait} sekunder"
    assert f"For mange mislykkede innlogginger. Prøv igjen om {told}." in response.content.decode()


def test_when_every_password_check_slot_stays_taken_the_answer_is_503(
    settings: Any, client: Client, agent: User
) -> None:
    settings.SIGN_IN_QUEUE_SECONDS = 0.05
    settings.SIGN_IN_CONCURRENT_CHECKS = 1
    with throttling.password_check_slot():  # taken, as by a long hash in another thread
        response = client.post("/login/", {"username": "ingrid", "password": PASSWORD})
    assert response.status_code == 503
    assert "Too many people are signing in right now" in response.content.decode()
    assert client.post("/login/", {"username": "ingrid", "password": PASSWORD}).status_code == 302


def test_a_browser_the_agent_signed_in_with_before_has_a_slot_of_its_own(
    settings: Any, agent: User
) -> None:
    hers = Client()
    hers.post("/login/", {"username": "ingrid", "password": PASSWORD})
    hers.post("/logout/")
    settings.SIGN_IN_QUEUE_SECONDS = 0.05
    settings.SIGN_IN_CONCURRENT_CHECKS = 1
    with throttling.password_check_slot():  # a flood from unknown browsers holds the others
        assert _guess(Client()).status_code == 503
        response = hers.post("/login/", {"username": "ingrid", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_attempt_that_queued_while_the_name_started_waiting_is_refused_without_a_hash(
    settings: Any, agent: User
) -> None:
    settings.SIGN_IN_ACCOUNT_FAILURES = 1
    holding, counted = threading.Event(), threading.Event()

    def another_attempt_hashing() -> None:
        with throttling.password_check_slot():
            holding.set()
            time.sleep(2)  # while this attempt queues behind it
            throttling.record_failure(throttling.SignInKeys(("account:ingrid",), ()))
        counted.set()
        connections.close_all()

    other = threading.Thread(target=another_attempt_hashing)
    other.start()
    holding.wait()
    before = CountingHasher.hashes
    response = _guess(Client())
    other.join()
    assert counted.is_set()
    assert response.status_code == 429
    assert CountingHasher.hashes == before
    assert SignInThrottle.objects.get(key="account:ingrid").failures == 1


def test_her_signing_in_at_her_own_browser_gives_an_attacker_no_fresh_guesses(
    agent: User,
) -> None:
    hers = Client()
    hers.post("/login/", {"username": "ingrid", "password": PASSWORD})
    hers.post("/logout/")
    attacker = Client()
    for _attempt in range(4):
        _guess(attacker)
    assert hers.post("/login/", {"username": "ingrid", "password": PASSWORD}).status_code == 302
    assert _guess(attacker).status_code == 200  # the fifth
    assert _guess(attacker).status_code == 429


def test_retention_forgets_failed_sign_ins_after_two_days(client: Client, agent: User) -> None:
    _guess(client, username="ingrid")
    _guess(client, username="ødegård@example.no")
    SignInThrottle.objects.filter(key__contains="ingrid").update(
        last_failure_at=timezone.now() - timedelta(days=3)
    )
    kept = set(SignInThrottle.objects.exclude(key__contains="ingrid").values_list("key", flat=True))

    run = run_retention(dry_run=False)

    assert {line["kind"]: line["purged"] for line in run.report}["sign_in_failures"] == 1
    assert set(SignInThrottle.objects.values_list("key", flat=True)) == kept
    assert kept  # the recent name and the client's address are still counted
