"""Fixtures for the desk's browser tests (helpers in browser.py).

Tests that use them commit their data, so they take
`@pytest.mark.django_db(transaction=True, serialized_rollback=True)`: the server process sees
only committed rows, and the serialized rollback puts the migration-seeded reasons back for
the tests that run after them.

Playwright's sync API keeps an asyncio loop running in this thread while a browser is open,
and Django then gives the thread a second database connection (for "async" code) that knows
nothing of the serialized rollback. So the browser lives for one test only and opens after the
database is set up: build a test's data in fixtures listed before `new_context`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connections
from playwright.sync_api import Browser, BrowserContext, sync_playwright

from lytte.desk.tests.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, serving


@pytest.fixture(scope="module")
def live_lytte(django_db_setup: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a `lytte serve` on the test database."""
    require_chromium()
    with serving(tmp_path_factory.mktemp("lytte-serve")) as base_url:
        yield base_url


@pytest.fixture
def chromium(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    require_chromium()
    # Django refuses ORM calls while an event loop runs in the thread, taking them for async
    # code. They are not: Playwright's loop only runs inside Playwright's own calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
            connections.close_all()  # the connection Django opened for the loop's "async" code


@pytest.fixture
def new_context(chromium: Browser) -> Callable[..., BrowserContext]:
    """Open browser contexts (a cookie jar each: one per person), in Norwegian by default."""

    def new(**options: Any) -> BrowserContext:
        context = chromium.new_context(
            **{"locale": "nb-NO", "timezone_id": "Europe/Oslo", **options}
        )
        context.set_default_timeout(10_000)
        return context

    return new  # closing the browser closes its contexts
