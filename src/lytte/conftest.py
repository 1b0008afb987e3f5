"""Shared test personas (see STYLE.md): two agents of one team, an agent of another team,
a supervisor and an admin, all real users with real role groups on the real database. And the
browser fixtures every app's browser tests use (helpers in lytte/platform/tests/browser.py).

Browser tests commit their data, so they take
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
from django.core.cache import caches
from django.db import connections
from django.utils import translation
from playwright.sync_api import Browser, BrowserContext, sync_playwright

from lytte.accounts.models import Team, User
from lytte.accounts.roles import Role
from lytte.accounts.services import create_staff_user
from lytte.platform.tests.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, serving

# A test that uses one of these starts a real process (a browser, `lytte serve`, Dovecot):
# it is `slow` whether or not its module says so, and `make test-fast` leaves it out.
PROCESS_FIXTURES = frozenset({"chromium", "live_lytte", "new_context", "imap_server"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if PROCESS_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Real hashing costs ~0.1 s per user; the tests are about roles, not key stretching.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    # What one test cached (the help centre's topic counts, rate limits) is not the next one's.
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture(autouse=True)
def _no_language_left_behind() -> Iterator[None]:
    yield
    # The test client's last request leaves its language active in this thread (LocaleMiddleware
    # never deactivates); the next test would read Finnish where it expects English.
    translation.deactivate()


def _staff(username: str, role: Role, teams: list[Team], name: str) -> User:
    first, last = name.split(" ", 1)
    return create_staff_user(
        username=username,
        password="correct horse battery staple",
        role=role,
        first_name=first,
        last_name=last,
        teams=teams,
    )


@pytest.fixture
def team_oslo(db: None) -> Team:
    return Team.objects.create(name="Kundeservice Oslo")


@pytest.fixture
def team_helsinki(db: None) -> Team:
    return Team.objects.create(name="Asiakaspalvelu Helsinki")


@pytest.fixture
def agent(team_oslo: Team) -> User:
    return _staff("ingrid", Role.AGENT, [team_oslo], "Ingrid Bråten")


@pytest.fixture
def teammate(team_oslo: Team) -> User:
    return _staff("ola", Role.AGENT, [team_oslo], "Ola Nordmann")


@pytest.fixture
def other_agent(team_helsinki: Team) -> User:
    return _staff("aino", Role.AGENT, [team_helsinki], "Aino Mäkinen")


@pytest.fixture
def supervisor(team_oslo: Team) -> User:
    return _staff("sigrid", Role.SUPERVISOR, [team_oslo], "Sigrid Åsheim")


@pytest.fixture
def admin_user(db: None) -> User:
    return _staff("astrid", Role.ADMIN, [], "Astrid Lindqvist")


# Browsers -------------------------------------------------------------------------------------


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
