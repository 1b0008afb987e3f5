"""Signed identity from the business's site: a good token signs in once; every bad kind of
token is a clear 4xx and signs nobody in; a verified address Lytte does not know becomes a
customer, unsigned claims never attach to one."""

from __future__ import annotations

import base64
import json
import time
import uuid
from typing import Any

import jwt
import pytest
from django.test import Client

from lytte.customers.models import ContactPoint, Customer
from lytte.portal.models import ExternalIdentity

pytestmark = pytest.mark.django_db

SECRET = "the-business-and-lytte-share-this-secret-0123456789"


@pytest.fixture(autouse=True)
def _secret(settings: Any) -> None:
    settings.PORTAL_IDENTITY_SECRET = SECRET


def token(secret: str = SECRET, algorithm: str = "HS256", **overrides: Any) -> str:
    now = int(time.time())
    claims = {"email": "kari@example.no", "iat": now, "exp": now + 300, "jti": uuid.uuid4().hex}
    claims.update(overrides)
    claims = {key: value for key, value in claims.items() if value is not None}
    return jwt.encode(claims, secret, algorithm=algorithm)


def unsigned(**claims: Any) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    now = int(time.time())
    body = {"email": "kari@example.no", "iat": now, "exp": now + 300, "jti": "x", **claims}
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(body)}."


def sign_in(client: Client, value: str, method: str = "post") -> Any:
    if method == "get":
        return client.get("/help/nb/sign-in/token/", {"token": value})
    return client.post("/help/nb/sign-in/token/", {"token": value})


def is_signed_in(client: Client) -> bool:
    return bool(client.get("/help/nb/cases/").status_code == 200)


def test_a_good_token_signs_the_known_customer_in(kari: Customer) -> None:
    client = Client(enforce_csrf_checks=True)  # posted from the business's site
    response = sign_in(client, token())
    assert response.status_code == 302
    assert response["Location"] == "/help/nb/cases/"
    assert is_signed_in(client)
    assert Customer.objects.count() == 1


def test_a_token_in_the_address_signs_in_and_is_dropped_from_it(kari: Customer) -> None:
    client = Client()
    response = sign_in(client, token(), method="get")
    assert response.status_code == 302
    assert "token" not in response["Location"]
    assert is_signed_in(client)


def test_a_token_signs_in_only_once(kari: Customer) -> None:
    once = token()
    assert sign_in(Client(), once).status_code == 302
    replay = Client()
    assert sign_in(replay, once).status_code == 401
    assert not is_signed_in(replay)


@pytest.mark.parametrize(
    ("bad", "status"),
    [
        (lambda: token(secret="not-the-secret-but-just-as-long-0123456789"), 401),
        (lambda: token(exp=int(time.time()) - 120, iat=int(time.time()) - 200), 401),
        (lambda: token(iat=int(time.time()) + 3600, exp=int(time.time()) + 3700), 401),
        (lambda: token(exp=int(time.time()) + 3600), 401),  # lives longer than ten minutes
        (lambda: token(exp=None), 400),
        (lambda: token(iat=None), 400),
        (lambda: token(jti=None), 400),
        (lambda: token(secret=SECRET * 2, algorithm="HS512"), 400),
        (lambda: unsigned(), 400),
        (lambda: "not.a.token", 400),
        (lambda: "", 400),
        (lambda: token(email=None, sub="customer-42"), 401),  # an id nobody linked yet
        (lambda: token(email=None), 400),
        (lambda: token(email="not an address"), 400),
    ],
    ids=[
        "wrong-signature",
        "expired",
        "issued-in-the-future",
        "too-long-lived",
        "no-exp",
        "no-iat",
        "no-jti",
        "other-algorithm",
        "alg-none",
        "garbage",
        "missing",
        "unknown-sub-alone",
        "no-email-nor-sub",
        "bad-email",
    ],
)
def test_a_bad_token_is_refused_and_signs_nobody_in(kari: Customer, bad: Any, status: int) -> None:
    client = Client()
    response = sign_in(client, bad())
    assert response.status_code == status
    assert not is_signed_in(client)
    assert Customer.objects.count() == 1


def test_without_a_secret_no_token_is_accepted(kari: Customer, settings: Any) -> None:
    settings.PORTAL_IDENTITY_SECRET = ""
    assert sign_in(Client(), token()).status_code == 404


def test_a_verified_address_lytte_does_not_know_becomes_a_customer(kari: Customer) -> None:
    client = Client()
    value = token(email="Nina@Example.no", name="Nina Berg", locale="fi")
    assert sign_in(client, value).status_code == 302
    nina = Customer.objects.get(name="Nina Berg")
    assert nina.language == "fi"
    assert ContactPoint.objects.get(customer=nina).value == "nina@example.no"
    assert is_signed_in(client)


def test_a_shared_address_signs_nobody_in(kari: Customer) -> None:
    from lytte.customers.services import create_customer

    create_customer(name="Per Nordmann", emails=["kari@example.no"])
    assert sign_in(Client(), token()).status_code == 409


def test_the_businesss_own_id_is_linked_by_a_token_with_an_address(kari: Customer) -> None:
    assert sign_in(Client(), token(sub="crm-1001")).status_code == 302
    assert ExternalIdentity.objects.get(subject="crm-1001").customer == kari
    alone = Client()
    assert sign_in(alone, token(email=None, sub="crm-1001")).status_code == 302
    assert is_signed_in(alone)


def test_a_linked_id_keeps_its_customer_whatever_address_a_later_token_names(
    kari: Customer, ola: Customer
) -> None:
    sign_in(Client(), token(sub="crm-1001"))
    client = Client()
    sign_in(client, token(sub="crm-1001", email="ola@example.no"))
    response = client.get("/help/nb/cases/")
    assert "Kari Nordmann" in response.content.decode()
