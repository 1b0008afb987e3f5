"""What someone meets first, in a real browser against a real `lytte serve`, at desk and phone
widths, in Norwegian and Swedish: the old login path, landing on the desk (with how long ago
each case came in), changing their password on My account, error pages with the navigation,
and the call log's durations. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel
from lytte.cases.services import open_case
from lytte.phone.models import Call, CallState
from lytte.phone.services import create_integration
from lytte.platform.tests.browser import (
    PASSWORD,
    PHONE,
    give_real_password,
    screenshot,
    sideways_overflow,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]
DESK = {"width": 1280, "height": 800}


@dataclass(frozen=True)
class Reader:
    name: str
    locale: str
    lang: str
    viewport: dict[str, int]
    log_in: str
    password_changed: str
    missing: str
    refused: str
    unknown_end: str
    five_minutes_ago: str


READERS = [
    Reader(
        "nb-1280",
        "nb-NO",
        "nb",
        DESK,
        "Logg inn",
        "Passordet ditt er endret.",
        "Denne siden finnes ikke",
        "Du har ikke tilgang til denne siden",
        "Ukjent slutt",
        "5 minutter siden",
    ),
    Reader(
        "sv-390",
        "sv-SE",
        "sv",
        PHONE,
        "Logga in",
        "Ditt lösenord är ändrat.",
        "Den här sidan finns inte",
        "Du får inte se den här sidan",
        "Okänt slut",
        "5 minuter sedan",
    ),
]


@pytest.fixture
def calls(agent: User) -> None:
    """A 32.47-second call Ingrid took, and one whose hangup never came."""
    pbx, _token = create_integration(name="Sentralbord")
    now = timezone.now()
    Call.objects.create(
        integration=pbx,
        call_id="short",
        direction="in",
        from_number="+4791234567",
        caller="+4791234567",
        state=CallState.ENDED,
        started_at=now - timedelta(minutes=9),
        answered_at=now - timedelta(minutes=8),
        answered_by=agent,
        ended_at=now - timedelta(minutes=8) + timedelta(seconds=32, microseconds=469_497),
    )
    Call.objects.create(
        integration=pbx,
        call_id="lost",
        direction="in",
        from_number="+4722123456",
        caller="+4722123456",
        state=CallState.UNKNOWN,
        started_at=now - timedelta(hours=5),
    )


@pytest.fixture
def waiting_case(agent: User, team_oslo: Team) -> None:
    case = open_case(
        channel=Channel.PHONE, opened_by=agent, subject="Faktura", team=team_oslo, assignee=agent
    )
    Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - timedelta(minutes=5))


def _fits(page: Page) -> None:
    assert sideways_overflow(page)["pixels"] <= 0, sideways_overflow(page)


@pytest.mark.parametrize("reader", READERS, ids=[r.name for r in READERS])
def test_first_steps_in_lytte(
    agent: User,
    calls: None,
    waiting_case: None,
    live_lytte: str,
    new_context: NewContext,
    reader: Reader,
) -> None:
    give_real_password(agent)
    page = new_context(locale=reader.locale, viewport=reader.viewport).new_page()

    page.goto(f"{live_lytte}/login")  # the old path
    expect(page).to_have_url(f"{live_lytte}/login/")
    expect(page.locator("html")).to_have_attribute("lang", reader.lang)
    expect(page.locator("main button[type=submit]")).to_have_text(reader.log_in)
    page.fill("#id_username", "ingrid")
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(f"{live_lytte}/desk/")
    expect(page.locator(".case-list")).to_contain_text(reader.five_minutes_ago)
    _fits(page)
    screenshot(page, f"first-steps-desk-{reader.name}")

    page.goto(f"{live_lytte}/account/")
    for name in ("Norsk bokmål", "Dansk", "Svenska", "Suomi", "English"):
        expect(page.locator("#id_language option", has_text=name)).to_have_count(1)
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", "fjord lake midnight sun")
    page.fill("#id_new_password2", "fjord lake midnight sun")
    page.locator("form.password button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(reader.password_changed)
    _fits(page)
    screenshot(page, f"first-steps-account-{reader.name}")

    page.goto(f"{live_lytte}/desk/calls/")
    expect(page.locator(".call-list")).to_contain_text("0:32")
    expect(page.locator(".call-list")).not_to_contain_text("0:00:32")
    expect(page.locator(".call-list")).to_contain_text(reader.unknown_end)
    _fits(page)
    screenshot(page, f"first-steps-calls-{reader.name}")

    for path, heading, status in (
        ("/desk/cases/999999/", reader.missing, 404),
        ("/insights/", reader.refused, 403),
    ):
        response = page.goto(f"{live_lytte}{path}")
        assert response is not None
        assert response.status == status
        expect(page.locator("h1")).to_have_text(heading)
        if page.locator(".menu-toggle").is_visible():  # a phone: the links fold behind the menu
            page.locator(".menu-toggle").click()
        expect(page.locator("nav a[href='/desk/']")).to_be_visible()
        _fits(page)
        screenshot(page, f"first-steps-{status}-{reader.name}")
