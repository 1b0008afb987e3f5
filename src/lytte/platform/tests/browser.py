"""Helpers for every app's browser tests: a real `lytte serve` (ASGI, so WebSockets work) on
the test database, Debian's chromium, and what the tests ask of pages. The fixtures
(`chromium`, `live_lytte`, `new_context`) are in the root conftest.py: no import needed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import global_settings, settings
from django.db import connection
from django.test import Client, override_settings
from playwright.sync_api import BrowserContext, Page

from lytte.accounts.models import User
from lytte.platform.tests.live_server import serving as serving_process

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PASSWORD = "correct horse battery staple"  # the personas' password (src/lytte/conftest.py)
SCREENSHOTS = Path(__file__).resolve().parents[4] / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}


def require_chromium() -> None:
    """Skip, loudly, where there is no chromium; fail instead when CI says it must be there."""
    if CHROMIUM.exists():
        return
    message = (
        f"!!! BROWSER TESTS NOT RUN: {CHROMIUM} is missing. Install it (`make browser`, or "
        "apt-get install chromium); LYTTE_REQUIRE_BROWSER=1 makes this a failure. !!!"
    )
    if os.environ.get("LYTTE_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def database_url(db: dict[str, Any]) -> str:
    """The URL of the database this test process uses, for a server in another process."""
    if db["ENGINE"] in ("django.db.backends.sqlite3", "lytte.platform.sqlite"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    if db["ENGINE"] == "django.db.backends.postgresql":
        user = quote(db.get("USER") or "", safe="")
        password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
        host = quote(str(db.get("HOST") or ""), safe="")
        port = f":{db['PORT']}" if db.get("PORT") else ""
        return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"
    raise NotImplementedError(f"Browser tests cannot share a {db['ENGINE']} database.")


def _server_env(data_dir: Path) -> dict[str, str]:
    # The server reads its settings from the environment: keep CI's LYTTE_* (LYTTE_REDIS_URL
    # above all), share the test database, and the secret key (sessions made here work there).
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return {
        **inherited,
        "LYTTE_DATA_DIR": str(data_dir),
        "LYTTE_DATABASE_URL": database_url(connection.settings_dict),
        "LYTTE_SECRET_KEY": settings.SECRET_KEY,
        "LYTTE_DEFAULT_REGION": settings.DEFAULT_REGION,
    }


@contextmanager
def serving(data_dir: Path, port: int | None = None, **env: str) -> Iterator[str]:
    """Run `lytte serve` on the test database; yields its base URL (log: serve.log). `env`:
    more LYTTE_* settings for the server; `port`: where to listen (else a free port)."""
    server_env = {**_server_env(data_dir), **env}
    with serving_process(server_env, data_dir / "serve.log", port) as base_url:
        yield base_url


@contextmanager
def own_redis_database(url: str, missing: str) -> Iterator[str]:
    """A Redis database (`url`, one no other test uses) emptied before and after; the test is
    skipped, loudly, with `missing` (what goes untested) where no Redis answers."""
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(url, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"!!! No Redis at {url}: {missing} !!!")
    client.flushdb()
    try:
        yield url
    finally:
        client.flushdb()
        client.close()


def give_real_password(user: User) -> None:
    """Hash the persona's password with a hasher the server knows (the tests use fast MD5)."""
    with override_settings(PASSWORD_HASHERS=global_settings.PASSWORD_HASHERS):
        user.set_password(PASSWORD)
    user.save(update_fields=["password"])


def signed_in(context: BrowserContext, base_url: str, user: User) -> BrowserContext:
    """Give the context a session of `user`, without the login page."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])
    return context


def live_page(context: BrowserContext, url: str) -> Page:
    """Open a page with live updates and wait for its WebSocket: a push before that would be
    missed."""
    page = context.new_page()
    page.goto(url)
    page.locator("body[data-live=on]").wait_for(state="attached")
    return page


def sideways_overflow(page: Page) -> dict[str, Any]:
    """How far the page reaches past the window's right edge, and which elements do."""
    return dict(
        page.evaluate(
            """() => ({
                pixels: document.documentElement.scrollWidth - window.innerWidth,
                elements: [...document.querySelectorAll("body *")]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                    .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
                        + [...e.classList].map(c => "." + c).join(""))
                    .slice(0, 8),
            })"""
        )
    )


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
