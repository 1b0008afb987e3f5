"""Moderation through the pages: a member reports a post, a moderator sees it in the queue
and hides it; held posts are shown to their author and moderators only; the queue shows what
moderators did; a suspended member is told why and gets no reply form."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from lytte.accounts.models import User
from lytte.community import services
from lytte.community.models import Flag, Member, PostState, Thread
from lytte.community.tests.conftest import guarded
from lytte.portal.tests.sessions import portal_client

BASE = "/help/nb/community/"


def _moderator(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_member_reports_and_a_moderator_hides_from_the_queue(
    question: Thread, ola_member: Member, kari_member: Member, supervisor: User
) -> None:
    answer = services.reply(thread=question, body="Kjøp billig strøm her", member=ola_member)
    kari = portal_client(kari_member.customer)
    page = kari.get(f"{BASE}threads/{question.pk}/").content.decode()
    assert f'action="/help/nb/community/threads/{question.pk}/posts/{answer.pk}/flag/"' in page

    response = kari.post(
        f"{BASE}threads/{question.pk}/posts/{answer.pk}/flag/",
        {"reason": "spam", "note": "Reklame"},
    )
    assert response.status_code == 302
    assert Flag.objects.get().note == "Reklame"

    moderator = _moderator(supervisor)
    queue = moderator.get(f"{BASE}moderation/").content.decode()
    assert f'id="flagged-{answer.pk}"' in queue
    assert "Reklame" in queue
    hidden = moderator.post(
        f"{BASE}threads/{question.pk}/posts/{answer.pk}/moderate/",
        {"action": "hide", "next": "queue"},
    )
    assert hidden["Location"] == f"{BASE}moderation/"
    answer.refresh_from_db()
    assert answer.state == PostState.HIDDEN
    public = Client().get(f"{BASE}threads/{question.pk}/").content.decode()
    assert "Kjøp billig strøm" not in public
    assert "community-post-hidden" in public
    log = moderator.get(f"{BASE}moderation/").content.decode()
    assert "community.post_hidden" in log


def test_a_held_question_is_found_by_its_author_and_moderators_only(
    kari_member: Member, question: Thread, ola_member: Member, supervisor: User
) -> None:
    held = services.ask(
        member=ola_member,
        category=question.category,
        language="nb",
        title="Billig strøm",
        body="https://example.com",
    )
    url = f"{BASE}threads/{held.pk}/"
    assert Client().get(url).status_code == 404
    assert portal_client(kari_member.customer).get(url).status_code == 404
    mine = portal_client(ola_member.customer).get(url)
    assert mine.status_code == 200
    assert "community-held" in mine.content.decode()
    assert 'id="reply-form"' not in mine.content.decode()
    assert _moderator(supervisor).get(url).status_code == 200
    queue = _moderator(supervisor).get(f"{BASE}moderation/").content.decode()
    assert "https://example.com" in queue


def test_a_suspended_member_is_told_why_and_cannot_reply(
    question: Thread, ola_member: Member, supervisor: User
) -> None:
    moderator = _moderator(supervisor)
    form = moderator.get(f"{BASE}members/{ola_member.pk}/suspend/")
    assert form.status_code == 200
    until = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = moderator.post(
        f"{BASE}members/{ola_member.pk}/suspend/", {"reason": "Reklame", "until": until}
    )
    assert response.status_code == 302
    ola = portal_client(ola_member.customer)
    page = ola.get(f"{BASE}threads/{question.pk}/").content.decode()
    assert 'id="community-suspended"' in page
    assert "Reklame" in page
    assert 'id="reply-form"' not in page
    refused = ola.post(f"{BASE}threads/{question.pk}/reply/", guarded(body="Hei"))
    assert refused.status_code == 403
    assert 'id="community-suspended"' in refused.content.decode()
    assert not question.posts.filter(author=ola_member).exists()
    assert ola.get(f"{BASE}ask/").status_code == 403


def test_a_moderator_locks_and_moves_a_thread(
    question: Thread, supervisor: User, agent: User
) -> None:
    from lytte.community.models import Category

    other = Category.objects.create(slug="power", name="Power")
    moderator = _moderator(supervisor)
    page = moderator.get(f"{BASE}threads/{question.pk}/").content.decode()
    assert 'id="community-lock"' in page
    moderator.post(f"{BASE}threads/{question.pk}/lock/", {"locked": "1"})
    moderator.post(f"{BASE}threads/{question.pk}/move/", {"category": other.pk})
    question.refresh_from_db()
    assert question.locked_at is not None
    assert question.category == other
    assert 'id="community-locked"' in Client().get(f"{BASE}threads/{question.pk}/").content.decode()
    assert _moderator(agent).post(f"{BASE}threads/{question.pk}/lock/").status_code == 403
