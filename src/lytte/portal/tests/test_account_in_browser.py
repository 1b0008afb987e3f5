"""A customer's journey in a real browser against a real `lytte serve` that sends its mail to a
real SMTP server on loopback: ask for a code, read it from the mail, sign in, see their own case,
reply, and see the reply on the case. On a 390 px phone, under the Content-Security-Policy."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from lytte.cases.models import Case, Channel, Contact
from lytte.customers.models import Customer
from lytte.mail.tests.servers import SmtpSink
from lytte.platform.tests.browser import (
    PHONE,
    require_chromium,
    screenshot,
    serving,
    sideways_overflow,
)
from lytte.portal.tests.conftest import email_case

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


@pytest.fixture(scope="module")
def sink() -> Iterator[SmtpSink]:
    with SmtpSink() as running:
        yield running


@pytest.fixture(scope="module")
def portal_lytte(
    django_db_setup: None, tmp_path_factory: pytest.TempPathFactory, sink: SmtpSink
) -> Iterator[str]:
    """A `lytte serve` whose mail goes to the sink."""
    require_chromium()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LYTTE_SMTP_URL", sink.url)
        patch.setenv("LYTTE_PORTAL_EMAIL", "kundeservice@lytte.test")
        patch.delenv("LYTTE_BASE_URL", raising=False)
        with serving(Path(tmp_path_factory.mktemp("portal-serve"))) as base_url:
            yield base_url


@pytest.fixture
def karis_case(kari: Customer) -> Case:
    return email_case(kari, "Strømmen er borte", "Hei, vi har ikke strøm på Grünerløkka.")


def checked(page: Page, name: str) -> None:
    """No policy violation, nothing past the right edge; a screenshot."""
    assert page.evaluate("window.__violations") == []
    assert sideways_overflow(page)["pixels"] <= 0, sideways_overflow(page)
    screenshot(page, name)


def test_a_customer_signs_in_with_a_mailed_code_sees_their_case_and_replies(
    karis_case: Case,
    olas_case: Case,
    sink: SmtpSink,
    portal_lytte: str,
    new_context: NewContext,
) -> None:
    sink.reset()
    context = new_context(viewport=PHONE)
    context.add_init_script(LISTEN)
    page = context.new_page()

    page.goto(f"{portal_lytte}/help/nb/sign-in/")
    checked(page, "portal-sign-in-390")
    page.locator("#id_email").fill("kari@example.no")
    page.locator(".account-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/help/nb/sign-in/code/$"))
    checked(page, "portal-sign-in-code-390")

    mail = sink.wait_for(1)[0]
    assert mail.rcpt_tos == ["kari@example.no"]
    body = mail.message.get_content()
    code = re.search(r"^\s+(\d{6})\s*$", body, re.MULTILINE)
    assert code, body
    page.locator("#id_code").fill(code.group(1))
    page.locator(".account-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/help/nb/cases/$"))
    expect(page.locator(".account-cases")).to_contain_text("Strømmen er borte")
    expect(page.locator(".account-cases")).not_to_contain_text("Feil på fakturaen")
    checked(page, "portal-cases-390")

    page.locator(".account-cases a").first.click()
    expect(page).to_have_url(re.compile(rf"/help/nb/cases/{karis_case.number}/$"))
    expect(page.locator(".account-messages")).to_contain_text("vi har ikke strøm")
    page.locator("#id_body").fill("Nå er strømmen tilbake, takk!")
    page.locator(".account-form button[type=submit]").click()
    expect(page.locator("#latest")).to_contain_text("Nå er strømmen tilbake, takk!")
    checked(page, "portal-case-390")

    reply = Contact.objects.get(channel=Channel.WEB)
    assert reply.case_id == karis_case.pk
    assert reply.body == "Nå er strømmen tilbake, takk!"

    others = page.goto(f"{portal_lytte}/help/nb/cases/{olas_case.number}/")
    assert others is not None
    assert others.status == 404  # another customer's case

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{portal_lytte}/help/nb/cases/{karis_case.number}/")
    checked(page, "portal-case-1280")
    page.goto(f"{portal_lytte}/help/nb/cases/new/")
    checked(page, "portal-new-case-1280")
    page.set_viewport_size(PHONE)
    checked(page, "portal-new-case-390")
