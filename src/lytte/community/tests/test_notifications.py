"""Following and email notifications (decision 48): who is told of what, once, in their own
language, through the platform's outbox to a real SMTP server, with a one-click stop link."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext

from lytte.community import services
from lytte.community.following.models import Delivery, Follow, Notification, Preferences
from lytte.community.models import Category, Member, Thread
from lytte.community.plaintext import excerpt
from lytte.community.services import announcing, following, notifying
from lytte.community.services.images import prepare
from lytte.community.tests.test_images import photo
from lytte.customers.models import ContactPoint, Customer
from lytte.customers.services import create_customer
from lytte.mail.tests.servers import SmtpSink
from lytte.platform import notices
from lytte.platform.models import Notice

BASE = "https://lytte.example.no"


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.BASE_URL = BASE
    settings.PORTAL_NAME = "Kraftselskapet"
    settings.PORTAL_EMAIL = "hjelp@kraft.example"


@pytest.fixture
def sink(settings: Any) -> Iterator[SmtpSink]:
    """Django's mail connection pointed at a real SMTP server on loopback, as LYTTE_SMTP_URL
    points it in production (settings.py)."""
    with SmtpSink() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
        settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = server.user, server.password
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        yield server


def verified(customer: Customer) -> Customer:
    ContactPoint.objects.filter(customer=customer).update(verified=True)
    return customer


@pytest.fixture
def ola_follows(ola_member: Member, question: Thread) -> Member:
    verified(ola_member.customer)
    following.toggle_follow(ola_member, thread=question)
    return ola_member


@pytest.fixture
def liisa_member(db: None) -> Member:
    liisa = create_customer(name="Liisa Virtanen", emails=["liisa@example.fi"], language="fi")
    return services.choose_display_name(verified(liisa), "Liisa")


def told() -> int:
    """Run the fan-out the posts' tasks would run after commit (`announcing`; a test's
    transaction never commits)."""
    return announcing.run_pending(left_behind=timedelta(0))


def sent(sink: SmtpSink, count: int = 1) -> list[EmailMessage]:
    for notice in Notice.objects.filter(status=Notice.Status.QUEUED):
        notices.deliver(notice.pk)
    return [mail.message for mail in sink.wait_for(count)]


def test_a_reply_in_a_followed_thread_mails_the_follower_with_a_one_click_stop(
    ola_follows: Member, kari_member: Member, question: Thread, sink: SmtpSink
) -> None:
    verified(kari_member.customer)
    services.reply(thread=question, body="Har du sjekket eFaktura?", member=ola_follows)
    services.reply(thread=question, body="Ja, den er ikke der.", member=kari_member)
    told()

    # Kari asked (she follows by herself) and is told of Ola's reply; Ola of Kari's, not his own.
    [to_kari, to_ola] = sorted(sent(sink, 2), key=lambda m: str(m["To"]))
    assert to_ola["To"] == "ola@example.no"
    assert to_ola["From"] == "Kraftselskapet <hjelp@kraft.example>"
    assert to_ola["Subject"] == "Kraftselskapet: Nytt svar i «Fakturaen kom ikke i posten»" or (
        "Fakturaen kom ikke i posten" in to_ola["Subject"]
    )
    assert to_ola["Auto-Submitted"] == "auto-generated"
    assert "Ja, den er ikke der." in to_ola.get_content()
    stop = to_ola["List-Unsubscribe"].strip().strip("<>")  # folded: a legal continuation line
    assert stop.startswith(f"{BASE}/help/nb/community/unsubscribe/")
    assert to_ola["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert stop in to_ola.get_content()
    assert "Har du sjekket eFaktura?" in to_kari.get_content()

    # The mail client's one-click POST, without a session or a CSRF token, stops the follow.
    client = Client(enforce_csrf_checks=True)
    answer = client.post(urlsplit(stop).path, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert not Follow.objects.filter(member=ola_follows, thread=question).exists()
    services.reply(thread=question, body="Nå kom den!", member=kari_member)
    told()
    assert not Notice.objects.filter(to="ola@example.no", status=Notice.Status.QUEUED).exists()


def test_no_contact_is_logged_and_queueing_twice_sends_once(
    ola_follows: Member, kari_member: Member, question: Thread
) -> None:
    from lytte.cases.models import Contact

    services.reply(thread=question, body="Svar", member=kari_member)
    told()
    notice = Notice.objects.get(to="ola@example.no")
    assert (
        notices.queue_notice(
            key=notice.key, owner="x", to="ola@example.no", language="nb", subject="s", body="b"
        )
        is None
    )
    assert Notice.objects.filter(to="ola@example.no").count() == 1
    assert not Contact.objects.exists()


def test_a_temporary_failure_is_tried_again_and_nothing_is_lost(
    ola_follows: Member, kari_member: Member, question: Thread, sink: SmtpSink
) -> None:
    services.reply(thread=question, body="Svar", member=kari_member)
    told()
    notice = Notice.objects.get(to="ola@example.no")
    sink.fail_next(1, code=451)
    notices.deliver(notice.pk)
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (Notice.Status.QUEUED, 1)
    assert notice.next_attempt_at is not None
    assert notice.next_attempt_at > timezone.now()
    assert notices.deliver(notice.pk) is None  # not due yet: nobody sends it twice

    Notice.objects.filter(pk=notice.pk).update(next_attempt_at=timezone.now())
    assert notices.deliver_due() == 1
    [mail] = [m.message for m in sink.wait_for(1)]
    assert mail["To"] == "ola@example.no"


def test_nobody_unreachable_is_told(
    ola_member: Member, kari_member: Member, question: Thread, supervisor: Any
) -> None:
    following.toggle_follow(ola_member, thread=question)  # Ola's address is not verified
    liisa = services.choose_display_name(
        verified(create_customer(name="Liisa", emails=["l@example.fi"])), "Liisa"
    )
    following.toggle_follow(liisa, thread=question)
    services.suspend(
        member=liisa,
        moderator=supervisor,
        reason="Spam",
        until=timezone.now() + timedelta(days=2),
    )
    services.reply(thread=question, body="Svar fra staff", staff=supervisor)
    told()
    assert not Notice.objects.exists()
    assert not Notification.objects.exists()


def test_a_member_who_turned_auto_follow_off_does_not_follow_what_they_reply_to(
    ola_member: Member, question: Thread, kari_member: Member
) -> None:
    following.set_preferences(
        ola_member, delivery=Delivery.INSTANT, follow_own=False, mentions=True
    )
    services.reply(thread=question, body="Svar", member=ola_member)
    assert not Follow.objects.filter(member=ola_member).exists()
    assert Follow.objects.filter(member=kari_member, thread=question).exists()


def test_the_accepted_answer_is_told_to_followers_but_not_its_author_nor_the_asker(
    ola_member: Member, kari_member: Member, liisa_member: Member, question: Thread
) -> None:
    verified(kari_member.customer)
    verified(ola_member.customer)
    following.toggle_follow(liisa_member, thread=question)
    answer = services.reply(thread=question, body="Svaret", member=ola_member)
    told()
    Notice.objects.all().delete()
    services.accept(post=answer, member=kari_member)
    told()
    [notice] = Notice.objects.all()
    assert notice.to == "liisa@example.fi"
    assert notice.language == "fi"
    assert notice.key == f"community:answer:{answer.pk}:{liisa_member.pk}"


def test_a_new_thread_in_a_followed_category_is_told(
    liisa_member: Member, kari_member: Member, category: Category
) -> None:
    following.toggle_follow(liisa_member, category=category)
    services.ask(
        member=kari_member, category=category, language="nb", title="Måleren", body="Hjelp"
    )
    told()
    [notice] = Notice.objects.all()
    assert notice.to == "liisa@example.fi"
    token = notice.headers["List-Unsubscribe"].strip("<>").rstrip("/").rsplit("/", 1)[1]
    found = following.read_token(token)
    assert found is not None
    assert found.follow is not None
    assert found.follow.category_id == category.pk


def test_mentions_link_to_the_profile_and_tell_once(
    liisa_member: Member, ola_member: Member, question: Thread, client: Client
) -> None:
    post = services.reply(
        thread=question, body="Spør @Liisa, eller @Ola fra Bergen selv.", member=ola_member
    )
    told()
    [notice] = Notice.objects.all()  # not Ola: he mentioned himself
    assert notice.key == f"community:mention:{post.pk}:{liisa_member.pk}"
    assert notice.language == "fi"  # Liisa's
    services.edit(post=post, body="Spør @Liisa, hun vet det.", member=ola_member)
    told()
    assert Notice.objects.count() == 1  # an edit that keeps the mention tells nobody again

    page = client.get(f"/help/nb/community/threads/{question.pk}/").content.decode()
    assert (
        f'<a class="community-mention" href="/help/nb/community/members/{liisa_member.pk}/">'
        "@Liisa</a>"
    ) in page


def test_a_mention_is_not_linked_in_code_and_no_html_gets_in(
    liisa_member: Member, ola_member: Member, question: Thread, client: Client
) -> None:
    services.reply(
        thread=question,
        body='`@Liisa` og\n\n```\n@Liisa\n```\n\n<b onclick="x()">@Liisa</b>',
        member=ola_member,
    )
    page = client.get(f"/help/nb/community/threads/{question.pk}/").content.decode()
    assert page.count('class="community-mention"') == 1  # the raw HTML's text, shown as text
    assert "<b " not in page
    assert "&lt;b onclick" in page


def test_mentions_respect_the_members_setting(
    liisa_member: Member, ola_member: Member, question: Thread
) -> None:
    following.set_preferences(
        liisa_member, delivery=Delivery.INSTANT, follow_own=True, mentions=False
    )
    services.reply(thread=question, body="Hei @Liisa", member=ola_member)
    told()
    assert not Notice.objects.exists()


def test_the_daily_digest_gathers_what_came_since_once_a_day(
    liisa_member: Member, ola_member: Member, kari_member: Member, question: Thread, sink: SmtpSink
) -> None:
    following.set_preferences(liisa_member, delivery=Delivery.DAILY, follow_own=True, mentions=True)
    following.toggle_follow(liisa_member, thread=question)
    services.reply(thread=question, body="Første svar", member=ola_member)
    services.reply(thread=question, body="Andre svar", member=kari_member)
    told()
    assert not Notice.objects.exists()
    assert Notification.objects.filter(member=liisa_member, mailed_at=None).count() == 2

    morning = datetime(2026, 12, 5, 6, 0, tzinfo=timezone.get_current_timezone())
    assert notifying.send_digests(morning) == 0  # before 07:00
    assert notifying.send_digests(morning.replace(hour=8)) == 1
    assert notifying.send_digests(morning.replace(hour=9)) == 0
    [mail] = sent(sink)
    assert mail["To"] == "liisa@example.fi"
    assert "Første svar" in mail.get_content()
    assert "Andre svar" in mail.get_content()
    token = mail["List-Unsubscribe"].strip().strip("<>").rstrip("/").rsplit("/", 1)[1]
    found = following.read_token(token)
    assert found is not None
    assert found.what == following.EVERYTHING
    following.unsubscribe(found)
    assert Preferences.objects.get(member=liisa_member).delivery == Delivery.NEVER


def test_the_follows_page_lists_and_stops(
    kari: Customer, kari_member: Member, question: Thread, category: Category
) -> None:
    from lytte.portal.tests.sessions import portal_client

    client = portal_client(kari)
    answer = client.post(f"/help/nb/community/categories/{category.slug}/follow/")
    assert answer.status_code == 302
    page = client.get("/help/nb/community/follows/")
    assert page.status_code == 200
    follow = Follow.objects.get(member=kari_member, thread=question)
    assert f'id="follow-{follow.pk}"' in page.content.decode()
    assert client.post("/help/nb/community/follows/", {"stop": follow.pk}).status_code == 302
    assert not Follow.objects.filter(pk=follow.pk).exists()
    assert client.post("/help/nb/community/follows/", {"stop": follow.pk}).status_code == 404
    saved = client.post("/help/nb/community/follows/", {"delivery": "daily", "mentions": "on"})
    assert saved.status_code == 302
    settings_now = Preferences.objects.get(member=kari_member)
    assert (settings_now.delivery, settings_now.follow_own, settings_now.mentions) == (
        "daily",
        False,
        True,
    )
    assert client.post("/help/nb/community/follows/", {"delivery": "x"}).status_code == 400


def test_a_forged_stop_link_is_404_and_a_get_stops_nothing(
    ola_follows: Member, question: Thread, client: Client
) -> None:
    assert client.get("/help/nb/community/unsubscribe/forged/").status_code == 404
    follow = Follow.objects.get(member=ola_follows, thread=question)
    token = following.unsubscribe_token(ola_follows, str(follow.pk))
    page = client.get(f"/help/nb/community/unsubscribe/{token}/")
    assert page.status_code == 200
    assert 'id="unsubscribe-form"' in page.content.decode()
    assert Follow.objects.filter(pk=follow.pk).exists()


def test_erasure_takes_follows_notifications_and_queued_mail(
    liisa_member: Member, ola_member: Member, question: Thread
) -> None:
    from lytte.community.services.forget import forget_member

    following.set_preferences(
        liisa_member, delivery=Delivery.INSTANT, follow_own=True, mentions=True
    )
    following.toggle_follow(liisa_member, thread=question)
    services.reply(thread=question, body="Hei @Liisa", member=ola_member)
    told()
    assert Notice.objects.filter(owner=notifying.owner(liisa_member)).exists()

    forget_member(liisa_member.customer)
    assert not Follow.objects.filter(member=liisa_member).exists()
    assert not Notification.objects.filter(member=liisa_member).exists()
    assert not Preferences.objects.filter(member=liisa_member).exists()
    assert not Notice.objects.filter(owner=notifying.owner(liisa_member)).exists()


def test_an_edit_that_adds_a_mention_tells_the_new_member_only(
    liisa_member: Member, ola_member: Member, kari_member: Member, question: Thread
) -> None:
    verified(kari_member.customer)
    following.set_preferences(
        kari_member, delivery=Delivery.NEVER, follow_own=True, mentions=True
    )  # Kari wants no community mail at all, mentions or not
    post = services.reply(thread=question, body="Hei @Fjordkari", member=ola_member)
    told()
    assert not Notice.objects.exists()
    services.edit(post=post, body="Hei @Fjordkari og @Liisa", member=ola_member)
    told()
    [notice] = Notice.objects.all()
    assert notice.to == "liisa@example.fi"


def test_the_export_lists_the_members_follows_and_settings(
    kari: Customer, kari_member: Member, question: Thread, category: Category
) -> None:
    from lytte.privacy.export.own_words import community_records

    following.toggle_follow(kari_member, category=category)
    records = community_records(kari)
    assert records["notifications"] == {
        "email": "instant",
        "follow_own_threads": True,
        "mentions": True,
    }
    assert [(f["thread"], f["category"]) for f in records["follows"]] == [
        ("Fakturaen kom ikke i posten", None),
        (None, "Billing"),
    ]


def test_old_sent_notices_are_deleted_by_the_sweep(
    ola_follows: Member, kari_member: Member, question: Thread
) -> None:
    services.reply(thread=question, body="Svar", member=kari_member)
    told()
    Notice.objects.update(status=Notice.Status.SENT)
    Notice.objects.update(created_at=timezone.now() - timedelta(days=notices.KEEP_DAYS + 1))
    notices.deliver_due()
    assert not Notice.objects.exists()


def test_a_member_in_a_language_the_site_lacks_is_written_to_in_the_threads(
    liisa_member: Member, ola_member: Member, question: Thread
) -> None:
    Customer.objects.filter(pk=liisa_member.customer_id).update(language="de")
    following.toggle_follow(liisa_member, thread=question)
    services.reply(thread=question, body="Svar", member=ola_member)
    told()
    [notice] = Notice.objects.all()
    assert notice.language == "nb"
    assert "/help/nb/community/unsubscribe/" in notice.body


def _image_text(description: str, language: str) -> str:
    with translation.override(language):
        return gettext("[image: %(description)s]") % {"description": description}


def _reply_with_image_and_link(thread: Thread, member: Member) -> None:
    image = prepare(filename="skjerm.jpg", content=photo(), alt="Feilmeldingen")
    body = (
        "> **Fjordkari** skrev:\n> Fakturaen kom ikke\n\n"
        "Se [eFaktura-siden](https://bank.example/efaktura) og trykk **Godta**:"
    )
    services.reply(thread=thread, body=body, member=member, image=image)


def test_the_mail_shows_the_posts_text_not_its_markdown(
    ola_follows: Member, kari_member: Member, question: Thread, sink: SmtpSink
) -> None:
    verified(kari_member.customer)
    services.reply(thread=question, body="Har du sjekket eFaktura?", member=ola_follows)
    _reply_with_image_and_link(question, kari_member)
    told()
    [mail] = [m for m in sent(sink, 2) if m["To"] == "ola@example.no"]
    text = mail.get_content().replace("\r\n", "\n")
    assert "> Fjordkari skrev:\n> Fakturaen kom ikke\n\n" in text
    assert "Se eFaktura-siden og trykk Godta:" in text
    assert _image_text("Feilmeldingen", "nb") in text
    assert "/help/community/images/" not in text
    assert "https://bank.example" not in text
    for syntax in ("**", "](", "!["):
        assert syntax not in text


def test_the_digest_shows_the_posts_text_not_its_markdown(
    liisa_member: Member, kari_member: Member, question: Thread, sink: SmtpSink
) -> None:
    following.set_preferences(liisa_member, delivery=Delivery.DAILY, follow_own=True, mentions=True)
    following.toggle_follow(liisa_member, thread=question)
    services.reply(thread=question, body="Takk! Den kom nå.", member=kari_member)
    _reply_with_image_and_link(question, kari_member)
    told()
    morning = datetime(2026, 12, 5, 8, 0, tzinfo=timezone.get_current_timezone())
    assert notifying.send_digests(morning) == 1
    [mail] = sent(sink)
    text = mail.get_content().replace("\r\n", "\n")
    assert "Takk! Den kom nå." in text
    assert "Se eFaktura-siden og trykk Godta:" in text
    assert _image_text("Feilmeldingen", "fi") in text  # in Liisa's language
    for syntax in ("**", "](", "![", "/help/community/images/"):
        assert syntax not in text


def test_a_long_post_is_cut_in_its_text_at_a_word() -> None:
    body = "![Skjermen](/help/community/images/1/a.png)\n\n" + "ord " * 400
    text = excerpt(body, notifying.EXCERPT)
    assert text.startswith(_image_text("Skjermen", "en") + "\n\nord ord")
    assert text.endswith("ord…")
    assert len(text) <= notifying.EXCERPT + 1
