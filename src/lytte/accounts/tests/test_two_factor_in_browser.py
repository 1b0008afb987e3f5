"""Two-factor sign-in in a real browser against a real `lytte serve`, in Norwegian: Ingrid
switches it on from My account (the QR code drawn on the page, the key typed into pyotp as
into a phone app), keeps her recovery codes, logs out, and signs in with password and code."""

from __future__ import annotations

import time
from collections.abc import Callable

import pyotp
import pytest
from playwright.sync_api import BrowserContext, expect

from lytte.accounts.models import User
from lytte.platform.tests.browser import PASSWORD, give_real_password, screenshot

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_agent_switches_on_two_factor_sign_in_and_signs_in_with_a_code(
    agent: User, live_lytte: str, new_context: Callable[..., BrowserContext]
) -> None:
    give_real_password(agent)
    page = new_context(locale="nb-NO").new_page()
    page.goto(f"{live_lytte}/login/")
    page.fill("#id_username", "ingrid")
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(f"{live_lytte}/desk/")

    page.goto(f"{live_lytte}/account/")
    page.get_by_role("link", name="Slå på").click()
    expect(page.locator("h1")).to_have_text("Totrinnsinnlogging")
    expect(page.locator(".qr svg")).to_be_visible()
    secret = page.locator(".two-factor-secret").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    page.fill("#id_code", totp.now())
    page.get_by_role("button", name="Slå på").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    screenshot(page, "two-factor-recovery-codes-nb")

    page.get_by_role("button", name="Logg ut").click()
    page.fill("#id_username", "ingrid")
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(f"{live_lytte}/login/code/")
    expect(page.locator("h1")).to_have_text("Skriv inn koden")
    page.goto(f"{live_lytte}/desk/")
    expect(page).to_have_url(f"{live_lytte}/login/?next=/desk/")  # not signed in yet
    page.go_back()
    page.fill("#id_code", totp.at(time.time() + totp.interval))  # not the code used above
    screenshot(page, "two-factor-code-step-nb")
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(f"{live_lytte}/desk/")
