"""The knowledge gaps page in a real browser at 1280 and 390 px, with every table filled and a
language chosen. Screenshots in artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from lytte.accounts.models import User
from lytte.cases.models import Case, Channel
from lytte.cases.services import open_case
from lytte.cases.tests.factories import reason
from lytte.customers.services import create_customer
from lytte.insights.models import ContactDay
from lytte.knowledge.models import SearchQuery, State
from lytte.knowledge.services import (
    create_article,
    record_feedback,
    record_search,
    save_translation,
    set_state,
)
from lytte.platform.tests.browser import PHONE, screenshot, sideways_overflow, signed_in

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]


@pytest.fixture
def gaps(db: None) -> None:
    kari = create_customer(name="Kari Nordmann", emails=["kari@example.no"])
    searched = timezone.now() - timedelta(days=3)
    for query, results in [
        ("fakturaadresse", 0),
        ("Fakturaadresse", 0),
        ("bytte strømleverandør midt i bindingstiden", 0),
        ("måleravlesning", 4),
        ("nettleie", 2),
    ]:
        record_search(source="portal", language="nb", query=query, results=results, customer=kari)
    SearchQuery.objects.update(created_at=searched)
    case = open_case(
        channel=Channel.WEB,
        opened_by=None,
        customer=kari,
        subject="Faktura",
        reason=reason("invoice"),
    )
    Case.objects.filter(pk=case.pk).update(created_at=searched + timedelta(hours=5))
    article = create_article(by=None, source_language="nb")
    meter = save_translation(
        article=article, language="nb", title="Lese av måleren", body="Slik leser du av.", by=None
    )
    set_state(meter, State.PUBLISHED, by=None)
    record_feedback(
        translation=meter,
        helpful=False,
        comment="Bildet av måleren mangler, og jeg finner ikke nummeret",
    )
    record_feedback(translation=meter, helpful=True)
    day = timezone.localdate() - timedelta(days=2)
    for code, contacts in (("invoice", 41), ("delivery", 17), ("fault", 6)):
        ContactDay.objects.create(day=day, reason=reason(code), channel="phone", contacts=contacts)


@pytest.mark.parametrize("screen", [{"width": 1280, "height": 900}, PHONE], ids=["1280", "390"])
def test_a_supervisor_reads_the_knowledge_gaps_by_language(
    supervisor: User, gaps: None, live_lytte: str, new_context: NewContext, screen: dict[str, int]
) -> None:
    page = signed_in(new_context(viewport=screen), live_lytte, supervisor).new_page()
    page.goto(f"{live_lytte}/insights/")
    page.locator("#insights-nav-gaps").click()
    page.locator("#id_language").select_option("nb")
    page.locator("form.filters button[type=submit]").click()

    expect(page.locator("#table-no-results tbody tr")).to_have_count(2)
    expect(page.locator("#table-no-results tbody tr").first).to_contain_text("fakturaadresse")
    expect(page.locator("#table-unhelpful")).to_contain_text("Lese av måleren")
    expect(page.locator("#table-reasons tbody tr")).to_have_count(3)
    expect(page.locator("#table-after-search")).to_contain_text("1")
    screenshot(page, f"knowledge-gaps-{screen['width']}")
    assert sideways_overflow(page)["pixels"] <= 0
