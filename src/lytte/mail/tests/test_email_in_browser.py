"""An email case in a real browser: the agent reads the customer's message (the HTML as sent,
sandboxed) and answers it from the workspace. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from playwright.sync_api import BrowserContext, expect

from lytte.accounts.models import Team, User
from lytte.cases.models import Case
from lytte.mail.models import OutboundMessage
from lytte.mail.services import create_push_mailbox, receive_message
from lytte.platform.tests.browser import give_real_password, screenshot, signed_in

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def case_from_email(agent: User, team_oslo: Team) -> Case:
    mailbox, _token = create_push_mailbox(
        name="Kundeservice", address="kundeservice@lytte.test", team=team_oslo
    )
    message = EmailMessage()
    message["From"] = "Märta Åkesson <marta@example.se>"
    message["To"] = "kundeservice@lytte.test"
    message["Subject"] = "Fel belopp på fakturan"
    message["Message-ID"] = make_msgid()
    message.set_content("Hej! Fakturan för oktober har fel belopp. Hälsningar Märta")
    message.add_alternative(
        "<p>Hej! Fakturan för <b>oktober</b> har fel belopp.</p>"
        '<img src="https://tracker.example/pixel.gif"><script>alert(1)</script>'
        "<p>Hälsningar Märta</p>",
        subtype="html",
    )
    message.add_attachment(
        b"%PDF-1.4 faktura", maintype="application", subtype="pdf", filename="faktura_okt.pdf"
    )
    stored = receive_message(mailbox=mailbox, raw=message.as_bytes()).message
    give_real_password(agent)
    assert stored.case is not None
    return stored.case


def test_an_agent_reads_an_email_and_replies_from_the_workspace(
    agent: User,
    case_from_email: Case,
    live_lytte: str,
    new_context: Callable[..., BrowserContext],
) -> None:
    page = signed_in(new_context(), live_lytte, agent).new_page()
    page.goto(f"{live_lytte}/desk/cases/{case_from_email.number}/")

    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Fra marta@example.se")  # Ingrid works in Norwegian
    expect(timeline).to_contain_text("Fel belopp på fakturan")
    expect(timeline).to_contain_text("faktura_okt.pdf")

    page.get_by_role("link", name="Hele meldingen").click()
    frame = page.frame_locator("iframe.email-html")
    expect(frame.locator("body")).to_contain_text("Fakturan för oktober har fel belopp")
    expect(frame.locator("script")).to_have_count(0)
    expect(frame.locator("img")).to_have_count(0)  # the remote tracking pixel is gone
    screenshot(page, "email-whole-message")
    page.go_back()

    page.locator("#reply summary").click()
    expect(page.locator("#id_to")).to_have_value("marta@example.se")
    page.locator("#id_body").fill(
        "Hej Märta! Vi har rättat fakturan, det nya beloppet kommer i dag."
    )
    page.get_by_role("button", name="Send").click()

    expect(page.locator(".messages")).to_contain_text("Svaret ditt til marta@example.se er på vei")
    expect(timeline).to_contain_text("Til marta@example.se")
    expect(timeline).to_contain_text("Vi har rättat fakturan")
    screenshot(page, "email-replied")
    sent = OutboundMessage.objects.get()
    assert sent.created_by == agent
    assert sent.recipients == ["marta@example.se"]
