"""No question is left hanging: an unanswered question becomes a case once, through the one
entry, in its category's team; the agent's answer from the desk lands in the thread as staff."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.audit.models import AuditEvent
from lytte.cases.models import Channel, Contact, ContactReason, Direction
from lytte.community import services
from lytte.community.models import Category, Member, Post, Thread
from lytte.community.schedule import CommunitySchedule
from lytte.community.services.escalation import answer_from_desk, due, escalate_unanswered

LATER = timedelta(hours=5)


@pytest.fixture
def escalating(category: Category, team_oslo: Team) -> Category:
    category.escalate_after_hours = 4
    category.escalation_team = team_oslo
    category.escalation_reason = ContactReason.objects.create(code="forum-invoice", name="Invoice")
    category.save()
    return category


def test_an_unanswered_question_becomes_a_case_once(escalating: Category, question: Thread) -> None:
    assert escalate_unanswered() == []  # not yet: asked just now
    [case] = escalate_unanswered(timezone.now() + LATER)
    assert escalate_unanswered(timezone.now() + LATER) == []
    CommunitySchedule().tick()  # the worker's run finds nothing more either

    question.refresh_from_db()
    assert question.escalated_case == case
    assert (case.channel, case.team, case.subject) == (
        Channel.FORUM,
        escalating.escalation_team,
        question.title,
    )
    assert case.customer == question.author.customer
    contact = Contact.objects.get(case=case)
    assert (contact.channel, contact.direction) == (Channel.FORUM, Direction.INBOUND)
    assert contact.reason == escalating.escalation_reason  # counted by reason in insights
    assert f"/help/nb/community/threads/{question.pk}/" in contact.body
    assert "fått fakturaen" in contact.body
    assert AuditEvent.objects.filter(action="community.escalated").count() == 1


def test_answered_discussions_and_categories_without_a_time_do_not_escalate(
    escalating: Category, question: Thread, ola_member: Member, kari_member: Member
) -> None:
    services.reply(thread=question, body="Sjekk eFaktura.", member=ola_member)
    Thread.objects.filter(pk=question.pk).update(created_at=timezone.now() - LATER)
    never = Category.objects.create(slug="other", name="Other")
    Thread.objects.create(
        category=never,
        language="nb",
        title="Hei",
        author=kari_member,
        created_at=timezone.now() - LATER,
        last_activity_at=timezone.now(),
    )
    assert list(due()) == []
    assert escalate_unanswered() == []


def test_the_agents_answer_is_posted_in_the_thread_as_staff(
    escalating: Category, question: Thread, agent: User, other_agent: User
) -> None:
    [case] = escalate_unanswered(timezone.now() + LATER)
    with pytest.raises(PermissionDenied):  # another team's case
        answer_from_desk(case=case, agent=other_agent, body="Hei")

    post = answer_from_desk(case=case, agent=agent, body="Fakturaen er sendt på nytt.")
    assert post.thread_id == question.pk
    assert post.staff == agent
    outbound = Contact.objects.get(case=case, direction=Direction.OUTBOUND)
    assert (outbound.channel, outbound.body) == (Channel.FORUM, "Fakturaen er sendt på nytt.")


def test_the_desk_shows_the_thread_and_posts_the_answer(
    escalating: Category, question: Thread, agent: User
) -> None:
    [case] = escalate_unanswered(timezone.now() + LATER)
    client = Client()
    client.force_login(agent)
    page = client.get(f"/desk/cases/{case.number}/").content.decode()
    assert 'id="community-reply-form"' in page
    assert f"/help/nb/community/threads/{question.pk}/" in page

    response = client.post(
        f"/desk/cases/{case.number}/community-reply/", {"community-body": "Den er sendt."}
    )
    assert response.status_code == 302
    reply = Post.objects.get(thread=question, opening=False)
    assert reply.staff == agent
    thread_page = Client().get(f"/help/nb/community/threads/{question.pk}/").content.decode()
    assert "Den er sendt." in thread_page
    assert "community-post-staff" in thread_page
    assert 'id="community-escalated"' not in thread_page  # the public is not told
    staff_page = client.get(f"/help/nb/community/threads/{question.pk}/").content.decode()
    assert f'href="/desk/cases/{case.number}/"' in staff_page

    empty = client.post(f"/desk/cases/{case.number}/community-reply/", {"community-body": ""})
    assert empty.status_code == 422
