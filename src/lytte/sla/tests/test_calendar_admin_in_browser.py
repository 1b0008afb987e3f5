"""A calendar's admin page at a phone's 390 px, in Norwegian: nothing reaches past the edge
(the year's table and the inlines scroll inside their own boxes), and it has no inline style
or script the Content-Security-Policy would block."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

import pytest
from playwright.sync_api import BrowserContext

from lytte.accounts.models import User
from lytte.platform.tests.browser import PHONE, screenshot, sideways_overflow, signed_in
from lytte.sla import services
from lytte.sla.models import DayKind

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_calendar_fits_a_phone(
    live_lytte: str, new_context: Callable[..., BrowserContext], admin_user: User
) -> None:
    calendar = services.create_calendar(
        by=admin_user, name="Kundeservice Sverige", time_zone="Europe/Stockholm", country="SE"
    )
    lunch = [(time(8), time(11, 30)), (time(12), time(16))]
    services.set_week(by=admin_user, calendar=calendar, week=dict.fromkeys(range(5), lunch))
    services.set_day(
        by=admin_user,
        calendar=calendar,
        day=calendar.created_at.date().replace(month=12, day=23),
        kind=DayKind.CLOSES_EARLY,
        closes=time(13),
        name="Dagen före julafton, lagret stänger tidigt för inventering",
    )
    context = signed_in(new_context(viewport=PHONE), live_lytte, admin_user)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content-Security" in m.text else None)
    page.goto(f"{live_lytte}/admin/sla/calendar/{calendar.pk}/change/")
    page.locator("table.sla-days").first.wait_for()
    assert page.locator("table.sla-days").count() == 2
    overflow = sideways_overflow(page)
    screenshot(page, "sla-calendar-admin-390")
    assert overflow["pixels"] <= 0, overflow
    assert refused == []
