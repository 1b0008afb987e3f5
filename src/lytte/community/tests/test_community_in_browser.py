"""The community in a real browser against a real `lytte serve`: Kari, signed in on her phone,
chooses a display name and asks (seeing a similar solved thread and a help article while she
types the title); Ola answers from his desktop; Kari accepts his answer, which then comes
first, marked. Under the Content-Security-Policy, nothing past the right edge at 390 px."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, ViewportSize, expect

from lytte.community import services
from lytte.community.models import Category, Member, Post, Thread
from lytte.customers.models import Customer
from lytte.platform.tests.browser import PHONE, screenshot, sideways_overflow
from lytte.portal.tests.help_world import HelpCentre, help_centre
from lytte.portal.tests.sessions import signed_in_customer

__all__ = ["help_centre"]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
NARROW: ViewportSize = {"width": PHONE["width"], "height": PHONE["height"]}  # 390 px
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


def checked(page: Page, name: str) -> None:
    assert page.evaluate("window.__violations") == []
    assert sideways_overflow(page)["pixels"] <= 0, sideways_overflow(page)
    screenshot(page, name)


def person(
    new_context: NewContext, base_url: str, customer: Customer, viewport: ViewportSize
) -> Page:
    context = signed_in_customer(new_context(viewport=viewport), base_url, customer)
    context.add_init_script(LISTEN)
    return context.new_page()


def _solved_earlier(category: Category, ola_member: Member, asker: Member) -> Thread:
    earlier = services.ask(
        member=asker,
        category=category,
        language="nb",
        title="Fakturaen er for høy",
        body="Hvorfor er fakturaen dobbelt så høy?",
    )
    answer = services.reply(thread=earlier, body="Se etter *to* perioder.", member=ola_member)
    services.accept(post=answer, member=asker)
    return earlier


def test_a_customer_asks_another_answers_and_the_asker_accepts(
    kari: Customer,
    ola_member: Member,
    category: Category,
    help_centre: HelpCentre,
    live_lytte: str,
    new_context: NewContext,
) -> None:
    liisa = services.choose_display_name(
        Customer.objects.create(name="Liisa Virtanen", language="fi"), "Liisa"
    )
    earlier = _solved_earlier(category, ola_member, liisa)
    kari_page = person(new_context, live_lytte, kari, NARROW)

    kari_page.goto(f"{live_lytte}/help/nb/community/")
    checked(kari_page, "community-home-390")
    kari_page.locator("#community-ask").click()
    expect(kari_page).to_have_url(re.compile(r"/help/nb/community/name/\?next="))
    kari_page.locator("#id_display_name").fill("Fjordkari")
    kari_page.locator("#name-form button[type=submit]").click()
    expect(kari_page).to_have_url(re.compile(r"/help/nb/community/ask/$"))

    kari_page.locator("#id_category").select_option(str(category.pk))
    kari_page.locator("#id_title").fill("Fakturaen min har ikke kommet")
    similar = kari_page.locator("#similar")
    expect(similar.locator(f"a[href='/help/nb/community/threads/{earlier.pk}/']")).to_be_visible()
    expect(similar.locator("a[href^='/help/nb/articles/']").first).to_be_visible()
    kari_page.locator("#id_body").fill("Jeg har ikke fått **fakturaen** for mai.")
    checked(kari_page, "community-ask-390")
    kari_page.wait_for_timeout(2100)  # the timing check: nobody writes a question in 2 s
    kari_page.locator("#ask-form button[type=submit]").click()
    expect(kari_page).to_have_url(re.compile(r"/help/nb/community/threads/\d+/$"))
    thread = Thread.objects.get(title="Fakturaen min har ikke kommet")
    expect(kari_page.locator("#thread-title")).to_have_text("Fakturaen min har ikke kommet")
    expect(kari_page.locator(".community-post strong")).to_have_text("fakturaen")

    ola_page = person(new_context, live_lytte, ola_member.customer, DESKTOP)
    ola_page.goto(f"{live_lytte}/help/nb/community/threads/{thread.pk}/")
    ola_page.locator("#id_body").fill("Sjekk eFaktura i nettbanken, den ligger der.")
    ola_page.wait_for_timeout(2100)
    ola_page.locator("#reply-form button[type=submit]").click()
    answer = Post.objects.get(thread=thread, opening=False)
    expect(ola_page.locator(f"#post-{answer.pk}")).to_contain_text("Sjekk eFaktura")
    expect(ola_page.locator(f"#post-{answer.pk} .community-accept")).to_have_count(0)

    kari_page.reload()
    kari_page.locator(f"#post-{answer.pk} .community-vote button").click()
    expect(kari_page.locator(f"#post-{answer.pk} .community-vote button")).to_have_attribute(
        "aria-pressed", "true"
    )
    kari_page.locator(f"#post-{answer.pk} .community-accept").click()
    expect(kari_page.locator(".community-replies .community-post").first).to_have_class(
        re.compile("community-post-accepted")
    )
    checked(kari_page, "community-thread-390")
    thread.refresh_from_db()
    assert thread.accepted_id == answer.pk

    ola_page.goto(f"{live_lytte}/help/nb/community/categories/{category.slug}/")
    expect(ola_page.locator(".community-solved")).to_have_count(2)
    checked(ola_page, "community-category-1280")
    ola_page.goto(f"{live_lytte}/help/nb/community/threads/{thread.pk}/")
    checked(ola_page, "community-thread-1280")
    ola_page.goto(f"{live_lytte}/help/nb/community/ask/?category={category.slug}")
    checked(ola_page, "community-ask-1280")
    ola_page.goto(f"{live_lytte}/help/nb/community/")
    checked(ola_page, "community-home-1280")
