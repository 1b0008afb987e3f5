from __future__ import annotations

import re
import time
from typing import Any

import pyotp
import pytest
from django.test import Client

from lytte.accounts import two_factor
from lytte.accounts.models import RecoveryCode, TwoFactor, User
from lytte.accounts.services import create_api_token
from lytte.audit.models import AuditEvent

PASSWORD = "correct horse battery staple"


def _secret(page: str) -> str:
    found = re.search(r'class="two-factor-secret">([A-Z2-7 ]+)<', page)
    assert found, "no key on the page"
    return found.group(1).replace(" ", "")


def _enrol(client: Client) -> tuple[str, list[str]]:
    """Through the pages: the key shown, a code from it, the recovery codes shown once."""
    page = client.get("/account/two-factor/").content.decode()
    assert "<svg" in page  # the QR code, drawn here
    secret = _secret(page)
    response = client.post("/account/two-factor/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    codes = re.findall(
        r"<li><code>([0-9a-f]{5}-[0-9a-f]{5})</code></li>", response.content.decode()
    )
    assert len(codes) == 10
    return secret, codes


def _password(client: Client, username: str = "ingrid") -> Any:
    return client.post("/login/", {"username": username, "password": PASSWORD})


def _next_code(secret: str) -> str:
    """A code of the next time step: one not used yet, still within the accepted window."""
    totp = pyotp.TOTP(secret)
    return totp.at(time.time() + totp.interval)


@pytest.fixture
def enrolled(agent: User) -> tuple[str, list[str]]:
    client = Client()
    client.force_login(agent)
    return _enrol(client)


def test_an_agent_switches_two_factor_sign_in_on_and_the_secret_is_sealed(
    client: Client, agent: User
) -> None:
    client.force_login(agent)
    secret, codes = _enrol(client)
    stored = TwoFactor.objects.get(user=agent)
    assert stored.confirmed_at is not None
    assert secret not in stored.sealed_secret
    digests = set(RecoveryCode.objects.filter(user=agent).values_list("digest", flat=True))
    assert len(digests) == 10
    assert not digests & {c for code in codes for c in (code, code.replace("-", ""))}
    assert "<li><code>" not in client.get("/account/two-factor/").content.decode()  # shown once
    assert AuditEvent.objects.filter(action="two_factor.switched_on").exists()


def test_a_wrong_code_does_not_switch_it_on(client: Client, agent: User) -> None:
    client.force_login(agent)
    client.get("/account/two-factor/")
    response = client.post("/account/two-factor/", {"code": "000000"})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    assert not two_factor.is_on(agent)


def test_the_password_alone_does_not_sign_in_someone_with_two_factor(
    client: Client, enrolled: tuple[str, list[str]]
) -> None:
    response = _password(client)
    assert response.status_code == 302
    assert response["Location"] == "/login/code/"
    assert client.get("/desk/").status_code == 302  # still not signed in
    secret, _codes = enrolled
    response = client.post("/login/code/", {"code": _next_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/desk/").status_code == 200


def test_a_code_works_only_once(enrolled: tuple[str, list[str]]) -> None:
    secret, _codes = enrolled
    code = _next_code(secret)
    first, second = Client(), Client()
    _password(first)
    assert first.post("/login/code/", {"code": code}).status_code == 302
    _password(second)
    response = second.post("/login/code/", {"code": code})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()


def test_a_recovery_code_signs_in_once(enrolled: tuple[str, list[str]]) -> None:
    codes = enrolled[1]
    first, second = Client(), Client()
    _password(first)
    assert first.post("/login/code/", {"code": codes[3]}).status_code == 302
    _password(second)
    assert second.post("/login/code/", {"code": codes[3]}).status_code == 400


def test_wrong_codes_are_throttled_like_passwords(enrolled: tuple[str, list[str]]) -> None:
    client = Client()
    _password(client)
    answers = [client.post("/login/code/", {"code": "123456"}).status_code for _n in range(8)]
    assert answers == [400] * 5 + [429] * 3
    secret, _codes = enrolled
    refused = client.post("/login/code/", {"code": _next_code(secret)})
    assert refused.status_code == 429  # even the right code waits
    assert "Too many failed sign-ins" in refused.content.decode()


def test_the_code_step_needs_the_password_step_first(client: Client, agent: User) -> None:
    response = client.post("/login/code/", {"code": "123456"})
    assert response.status_code == 302
    assert response["Location"] == "/login/"


def test_it_is_switched_off_with_a_code(client: Client, agent: User) -> None:
    client.force_login(agent)
    secret, _codes = _enrol(client)
    assert client.post("/account/two-factor/off/", {"code": "000000"}).status_code == 400
    assert two_factor.is_on(agent)
    response = client.post("/account/two-factor/off/", {"code": _next_code(secret)})
    assert response.status_code == 302
    assert not two_factor.is_on(agent)
    assert not RecoveryCode.objects.filter(user=agent).exists()


def test_the_admin_sign_in_asks_for_the_code_too(client: Client, admin_user: User) -> None:
    admin_client = Client()
    admin_client.force_login(admin_user)
    secret, _codes = _enrol(admin_client)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "astrid", "password": PASSWORD, "next": "/admin/"},
    )
    assert response["Location"] == "/login/code/"
    assert client.get("/admin/").status_code == 302
    assert client.post("/login/code/", {"code": _next_code(secret)})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_with_the_setting_an_admin_must_switch_it_on_before_anything_else(
    settings: Any, client: Client, admin_user: User, agent: User
) -> None:
    settings.REQUIRE_ADMIN_2FA = True
    client.force_login(admin_user)
    assert client.get("/desk/")["Location"] == "/account/two-factor/"
    assert client.get("/admin/")["Location"] == "/account/two-factor/"
    assert client.get("/api/v1/cases").status_code == 403
    page = client.get("/account/two-factor/").content.decode()
    assert "Administrators must switch on two-factor sign-in" in page
    _enrol(client)
    assert client.get("/admin/").status_code == 200

    agent_client = Client()
    agent_client.force_login(agent)
    assert agent_client.get("/desk/").status_code == 200  # agents may choose


def test_api_tokens_are_not_affected(settings: Any, client: Client, admin_user: User) -> None:
    settings.REQUIRE_ADMIN_2FA = True
    _token, plaintext = create_api_token(user=admin_user, name="Integrasjon")
    response = client.get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert response.status_code == 200


def test_the_code_step_speaks_norwegian(client: Client, enrolled: tuple[str, list[str]]) -> None:
    _password(client)
    page = client.get("/login/code/", HTTP_ACCEPT_LANGUAGE="nb-NO,nb;q=0.9").content.decode()
    assert "Skriv inn koden" in page
    assert "autentiseringsappen viser for Lytte" in page


def test_an_administrator_takes_it_away_from_someone_who_lost_their_phone(
    client: Client, admin_user: User, enrolled: tuple[str, list[str]], agent: User
) -> None:
    client.force_login(admin_user)
    stored = TwoFactor.objects.get(user=agent)
    response = client.post(f"/admin/accounts/twofactor/{stored.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not two_factor.is_on(agent)
    assert not RecoveryCode.objects.filter(user=agent).exists()
    assert AuditEvent.objects.filter(action="two_factor.removed", actor=admin_user).exists()
