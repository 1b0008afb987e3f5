"""Staff pin a staff reply as the business's official answer: shown first, marked, audited;
customers cannot, and a customer's reply cannot be pinned."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from lytte.accounts.models import User
from lytte.audit.models import AuditEvent
from lytte.community import selectors, services
from lytte.community.models import Member, Thread
from lytte.portal.tests.sessions import portal_client

pytestmark = pytest.mark.django_db


def _url(thread: Thread) -> str:
    return f"/help/nb/community/threads/{thread.pk}/"


def test_staff_pin_their_answer_and_it_shows_first_and_marked(
    question: Thread, ola_member: Member, kari_member: Member, agent: User
) -> None:
    customers = services.reply(thread=question, body="Sjekk eFaktura.", member=ola_member)
    services.accept(post=customers, member=kari_member)
    official = services.reply(thread=question, body="Fakturaen sendes på nytt i dag.", staff=agent)
    desk = Client()
    desk.force_login(agent)

    pinned = desk.post(f"{_url(question)}posts/{official.pk}/pin/")

    assert pinned.status_code == 302
    _opening, replies = selectors.posts(Thread.objects.get(pk=question.pk), None)
    assert [post.pk for post in replies] == [official.pk, customers.pk]
    page = Client().get(_url(question)).content.decode()
    assert "community-official" in page
    assert page.index(f'id="post-{official.pk}"') < page.index(f'id="post-{customers.pk}"')
    event = AuditEvent.objects.get(action="community.answer_pinned")
    assert (event.actor, event.data["post"]) == (agent, official.pk)

    desk.post(f"{_url(question)}posts/{official.pk}/pin/")  # again: unpinned
    assert Thread.objects.get(pk=question.pk).pinned_id is None


def test_only_staff_pin_and_only_staff_replies(
    question: Thread, ola_member: Member, kari_member: Member, agent: User
) -> None:
    customers = services.reply(thread=question, body="Sjekk eFaktura.", member=ola_member)
    official = services.reply(thread=question, body="Vi ser på det.", staff=agent)

    with pytest.raises(PermissionDenied):
        services.pin(post=customers, staff=agent)  # a customer's words are not the business's
    asker = portal_client(kari_member.customer)
    refused = asker.post(f"{_url(question)}posts/{official.pk}/pin/")
    assert refused.status_code == 302
    assert refused["Location"].startswith("/login/")
    assert Thread.objects.get(pk=question.pk).pinned_id is None
    assert "community-pin" not in asker.get(_url(question)).content.decode()
