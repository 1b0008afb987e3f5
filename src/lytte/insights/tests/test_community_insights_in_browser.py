"""The community's insights page in a real browser at 1280 and 390 px: reached from the
insights page's link, every figure and table filled, a language chosen, nothing sideways.
Screenshots in artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from lytte.accounts.models import User
from lytte.insights.tests.test_community_insights import forum_world  # noqa: F401 (fixture)
from lytte.platform.tests.browser import PHONE, screenshot, sideways_overflow, signed_in

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]


@pytest.mark.parametrize("screen", [{"width": 1280, "height": 900}, PHONE], ids=["1280", "390"])
def test_a_supervisor_reads_the_community_figures(
    supervisor: User,
    forum_world: dict[str, object],  # noqa: F811
    live_lytte: str,
    new_context: NewContext,
    screen: dict[str, int],
) -> None:
    page = signed_in(new_context(viewport=screen), live_lytte, supervisor).new_page()
    page.goto(f"{live_lytte}/insights/")
    page.locator("#insights-nav-community").click()
    page.locator("#id_language").select_option("nb")
    page.locator("form.filters button[type=submit]").click()

    expect(page.locator("[data-figure=active-members]")).to_have_text("3")
    expect(page.locator("[data-figure=questions]")).to_have_text("3")
    expect(page.locator("#table-community-reasons tbody tr")).to_have_count(2)
    expect(page.locator("#table-community-reasons tbody tr[data-kind=reason]")).to_have_count(1)
    expect(page.locator("#table-community-helpers tbody tr")).to_have_count(1)
    expect(page.locator("#table-community-helpers")).to_contain_text("Ola fra Bergen")
    expect(page.locator("#community-first dd")).to_have_count(4)
    screenshot(page, f"insights-community-{screen['width']}")
    assert sideways_overflow(page)["pixels"] <= 0
