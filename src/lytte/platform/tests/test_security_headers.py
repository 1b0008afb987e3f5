from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.test import Client

from lytte import settings as lytte_settings
from lytte.accounts.models import User
from lytte.insights import charts


def _policy(response: Any) -> dict[str, str]:
    parts = response["Content-Security-Policy"].split(";")
    return dict(part.strip().split(" ", 1) for part in parts)


@pytest.mark.parametrize("path", ["/login/", "/desk/", "/account/", "/admin/", "/nowhere/"])
def test_every_page_has_a_policy_without_inline_or_eval_script(
    client: Client, admin_user: User, path: str
) -> None:
    client.force_login(admin_user)
    policy = _policy(client.get(path))
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert "unsafe" not in policy["script-src"] + policy["default-src"]


def test_the_policy_lets_the_page_open_its_websocket_on_the_same_host(client: Client) -> None:
    response = client.get("/login/", HTTP_HOST="localhost")
    assert _policy(response)["connect-src"] == "'self' ws://localhost wss://localhost"


def test_the_api_docs_get_the_policy_too(client: Client, agent: User) -> None:
    client.force_login(agent)
    assert "script-src 'self'" in client.get("/api/v1/docs")["Content-Security-Policy"]


def test_pages_for_someone_signed_in_are_never_stored(client: Client, agent: User) -> None:
    client.force_login(agent)
    for path in ("/desk/", "/account/", "/desk/search/?q=Bråten"):
        cache_control = client.get(path)["Cache-Control"]
        assert "no-store" in cache_control
        assert "private" in cache_control


def test_api_answers_are_never_stored(client: Client, agent: User) -> None:
    refused = client.get("/api/v1/cases")
    assert refused.status_code == 401
    assert "no-store" in refused["Cache-Control"]
    client.force_login(agent)
    assert "no-store" in client.get("/api/v1/cases")["Cache-Control"]


def test_the_plotly_bundle_and_static_files_keep_their_long_cache(
    client: Client, supervisor: User
) -> None:
    client.force_login(supervisor)
    bundle = client.get(f"/insights/plotly/{charts.digest()}/")
    assert bundle["Cache-Control"] == "public, max-age=31536000, immutable"
    static = client.get("/static/lytte/lytte.css")
    assert "no-store" not in static.get("Cache-Control", "")


def test_sensible_defaults_for_the_other_headers(client: Client) -> None:
    response = client.get("/login/")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_no_hsts_unless_the_site_says_it_is_served_over_https(client: Client) -> None:
    assert "Strict-Transport-Security" not in client.get("/login/")


def test_hsts_for_a_year_when_cookies_are_secure(
    client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LYTTE_SECURE_COOKIES", "true")
    reloaded = importlib.reload(lytte_settings)
    try:
        settings.SECURE_HSTS_SECONDS = reloaded.SECURE_HSTS_SECONDS
        settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = reloaded.SECURE_HSTS_INCLUDE_SUBDOMAINS
    finally:
        monkeypatch.delenv("LYTTE_SECURE_COOKIES")
        importlib.reload(lytte_settings)
    # Behind a proxy that ends TLS the request reaches us as plain HTTP: sent all the same.
    assert client.get("/login/")["Strict-Transport-Security"] == "max-age=31536000"
