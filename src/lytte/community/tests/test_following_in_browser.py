"""Following in a real browser against a real `lytte serve` whose mail goes to a real SMTP
server (decision 48): Ola follows Kari's question, Kari replies, Ola's mail arrives with its
one-click stop link, and opening the link (no sign-in) and pressing "Stop" ends the follow."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, expect

from lytte.community.following.models import Follow
from lytte.community.models import Member, Thread
from lytte.customers.models import ContactPoint, Customer
from lytte.mail.tests.servers import SmtpSink, free_port
from lytte.platform.tests.browser import PHONE, screenshot, serving, sideways_overflow
from lytte.portal.tests.sessions import signed_in_customer

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
NewContext = Callable[..., BrowserContext]


@pytest.fixture(scope="module")
def sink() -> Iterator[SmtpSink]:
    with SmtpSink() as server:
        yield server


@pytest.fixture(scope="module")
def mailing_lytte(
    django_db_setup: None, tmp_path_factory: pytest.TempPathFactory, sink: SmtpSink
) -> Iterator[str]:
    """`lytte serve` (with its embedded worker) sending mail to the sink."""
    port = free_port()
    data_dir: Path = tmp_path_factory.mktemp("community-mail-serve")
    with serving(
        data_dir,
        port,
        LYTTE_SMTP_URL=sink.url,
        LYTTE_BASE_URL=f"http://127.0.0.1:{port}",
        LYTTE_PORTAL_EMAIL="hjelp@kraft.example",
        LYTTE_WORKER="embedded",  # its worker sends the mail
    ) as base_url:
        yield base_url


def test_a_follower_gets_the_reply_by_mail_and_its_link_stops_the_follow(
    kari: Customer,
    ola: Customer,
    kari_member: Member,
    ola_member: Member,
    question: Thread,
    sink: SmtpSink,
    mailing_lytte: str,
    new_context: NewContext,
) -> None:
    ContactPoint.objects.filter(customer=ola).update(verified=True)
    ola_page = signed_in_customer(new_context(viewport=PHONE), mailing_lytte, ola).new_page()
    ola_page.goto(f"{mailing_lytte}/help/nb/community/threads/{question.pk}/")
    ola_page.locator("#community-follow-button").click()
    expect(ola_page.locator("#community-follow-button")).to_have_attribute("aria-pressed", "true")
    assert sideways_overflow(ola_page)["pixels"] <= 0
    screenshot(ola_page, "community-following-390")
    assert Follow.objects.filter(member=ola_member, thread=question).exists()

    kari_page = signed_in_customer(new_context(), mailing_lytte, kari).new_page()
    kari_page.goto(f"{mailing_lytte}/help/nb/community/threads/{question.pk}/")
    kari_page.locator("#id_body").fill("Den kom i dag, takk!")
    kari_page.wait_for_timeout(2100)  # the timing check: nobody writes a reply in 2 s
    kari_page.locator("#reply-form button[type=submit]").click()
    expect(kari_page.locator(".community-replies .community-post")).to_have_count(1)

    [mail] = sink.wait_for(1, timeout=30)
    assert mail.rcpt_tos == ["ola@example.no"]
    message = mail.message
    assert "Den kom i dag, takk!" in message.get_content()
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stop = message["List-Unsubscribe"].strip().strip("<>")
    assert stop.startswith(f"{mailing_lytte}/help/nb/community/unsubscribe/")
    assert stop in message.get_content()

    reader = new_context(viewport=PHONE).new_page()  # the mail app: no session
    reader.goto(stop)
    assert Follow.objects.filter(member=ola_member, thread=question).exists()  # a GET stops nothing
    reader.locator("#unsubscribe-button").click()
    expect(reader.locator("#unsubscribe-done")).to_be_visible()
    screenshot(reader, "community-unsubscribed-390")
    assert not Follow.objects.filter(member=ola_member, thread=question).exists()
