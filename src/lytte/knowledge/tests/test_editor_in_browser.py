"""An editor in a real browser: writes an article watching the preview, publishes it, renames
its title and address, and a link to the old address still arrives."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from lytte.accounts.models import User
from lytte.knowledge.models import Translation
from lytte.knowledge.tests.factories import invoice_article
from lytte.platform.tests.browser import PHONE, screenshot, sideways_overflow, signed_in

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]


def test_an_editor_writes_with_preview_publishes_renames_and_old_links_arrive(
    supervisor: User, live_lytte: str, new_context: NewContext
) -> None:
    context = signed_in(
        new_context(locale="en-GB", viewport={"width": 1280, "height": 900}), live_lytte, supervisor
    )
    page = context.new_page()
    page.goto(f"{live_lytte}/desk/knowledge/")
    page.get_by_role("link", name="New article").click()
    page.get_by_label("Title").fill("Returetikett på avveie")
    page.get_by_label("Source language").select_option("nb")
    body = page.locator("textarea[name=body]")
    body.press_sequentially("## Slik får du en ny\n\nSkriv til oss, vi sender **en ny** etikett.")
    expect(page.locator("#kb-preview h2")).to_have_text("Slik får du en ny")
    expect(page.locator("#kb-preview strong")).to_have_text("en ny")
    body.press_sequentially("\n\n<script>alert(1)</script>")
    expect(page.locator("#kb-preview")).to_contain_text("<script>alert(1)</script>")
    screenshot(page, "knowledge-editor-new-1280")
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Returetikett på avveie")
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".kb-meta .status")).to_have_text("Published")
    text = Translation.objects.get(title="Returetikett på avveie")
    old = text.slug
    assert old == "returetikett-pa-avveie"

    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Title").fill("Returetiketten er borte")
    page.get_by_label("Address (slug)").fill("returetikett-borte")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Returetiketten er borte")

    page.goto(f"{live_lytte}/desk/knowledge/go/nb/{old}/")
    expect(page).to_have_url(f"{live_lytte}/desk/knowledge/articles/{text.article_id}/nb/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Returetiketten er borte")
    page.get_by_role("link", name="History").click()
    expect(page.locator(".kb-diff del").first).to_contain_text("Returetikett på avveie")
    screenshot(page, "knowledge-history-1280")


def test_the_knowledge_pages_fit_a_phone(
    agent: User, live_lytte: str, new_context: NewContext
) -> None:
    text = invoice_article()
    article = text.article_id
    context = signed_in(new_context(locale="en-GB", viewport=PHONE), live_lytte, agent)
    page = context.new_page()
    pages = {
        "list": "/desk/knowledge/",
        "read": f"/desk/knowledge/articles/{article}/nb/",
        "edit": f"/desk/knowledge/articles/{article}/nb/edit/",
        "history": f"/desk/knowledge/articles/{article}/nb/history/",
        "translations": f"/desk/knowledge/articles/{article}/translations/?language=fi",
        "settings": f"/desk/knowledge/articles/{article}/",
    }
    problems = {}
    for name, path in pages.items():
        for width, viewport in (("1280", {"width": 1280, "height": 900}), ("390", PHONE)):
            page.set_viewport_size(viewport)  # type: ignore[arg-type]
            page.goto(f"{live_lytte}{path}")
            screenshot(page, f"knowledge-{name}-{width}")
            overflow = sideways_overflow(page)
            if overflow["pixels"] > 0:
                problems[f"{name} at {width}"] = overflow
    assert problems == {}
    page.goto(f"{live_lytte}/desk/knowledge/articles/{article}/nb/")
    image = page.locator(".kb-body img")
    expect(image).to_have_count(0)  # the text has no image; the file is listed on its settings
    page.goto(f"{live_lytte}/desk/knowledge/?status=outdated")
    expect(page.locator(".kb-lang.outdated")).to_have_count(1)
