"""Answers become knowledge: an editor makes an accepted answer a knowledge article draft, once;
the thread and the article's editor link to each other; the member who answered is credited
by display name only."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import Client

from lytte.accounts.models import User
from lytte.accounts.roles import KNOWLEDGE_EDITOR_GROUP
from lytte.audit.models import AuditEvent
from lytte.community import policies, services
from lytte.community.events import AnswerPromoted
from lytte.community.models import Member, Post, Promotion, Thread
from lytte.knowledge import services as knowledge
from lytte.knowledge.models import State, Translation
from lytte.platform import events

BASE = "/help/nb/community/"


@pytest.fixture
def answer(question: Thread, ola_member: Member, kari_member: Member) -> Post:
    post = services.reply(
        thread=question, body="Be om en kopi under **Mine fakturaer**.", member=ola_member
    )
    services.accept(post=post, member=kari_member)
    return post


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_editor_makes_the_accepted_answer_a_draft_crediting_the_member(
    answer: Post, supervisor: User
) -> None:
    thread = answer.thread
    article = services.promote(thread=thread, by=supervisor)

    text = Translation.objects.get(article=article)
    assert (text.language, text.state, text.title) == ("nb", State.DRAFT, thread.title)
    assert "Jeg har **ikke** fått fakturaen for mai." in text.body
    assert "Be om en kopi under **Mine fakturaer**." in text.body
    assert "Ola fra Bergen" in text.body
    assert f"/help/nb/community/threads/{thread.pk}/" in text.body
    # Display name only: nothing of the customer behind it.
    assert "Hansen" not in text.body
    assert "ola@example.no" not in text.body
    promotion = Promotion.objects.get()
    assert (promotion.thread, promotion.post, promotion.article) == (thread, answer, article)
    assert promotion.credited == answer.author
    assert promotion.by == supervisor
    event = AuditEvent.objects.get(action="community.answer_promoted")
    assert event.actor == supervisor
    # Once: a second click gives the same article back, and nothing new is made.
    assert services.promote(thread=thread, by=supervisor) == article
    assert Promotion.objects.count() == 1
    assert not policies.can_promote(thread, supervisor)


def test_the_event_is_published_after_commit(
    answer: Post, supervisor: User, django_capture_on_commit_callbacks: Any
) -> None:
    seen: list[AnswerPromoted] = []
    events.subscribe(AnswerPromoted)(seen.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            article = services.promote(thread=answer.thread, by=supervisor)
    finally:
        events.unsubscribe(AnswerPromoted, seen.append)
    assert seen == [
        AnswerPromoted(thread_id=answer.thread_id, post_id=answer.pk, article_id=article.pk)
    ]


def test_who_may_promote_and_what(
    question: Thread, answer: Post, agent: User, supervisor: User, kari_member: Member
) -> None:
    question.refresh_from_db()
    # An agent writes drafts but is no editor; a member is no staff at all.
    with pytest.raises(PermissionDenied):
        services.promote(thread=question, by=agent)
    assert not policies.can_promote(question, None)
    # The knowledge editor group makes an agent an editor.
    agent.groups.add(Group.objects.get(name=KNOWLEDGE_EDITOR_GROUP))
    agent = User.objects.get(pk=agent.pk)
    assert policies.can_promote(question, agent)
    # Nothing accepted (taken back): nothing to promote.
    services.accept(post=answer, member=kari_member)
    question.refresh_from_db()
    assert not policies.can_promote(question, supervisor)
    with pytest.raises(PermissionDenied):
        services.promote(thread=question, by=supervisor)
    assert not Promotion.objects.exists()


def test_a_staff_answer_is_credited_to_staff(
    question: Thread, agent: User, supervisor: User
) -> None:
    post = services.reply(thread=question, body="Vi sender en ny.", staff=agent)
    services.accept(post=post, staff=supervisor)
    article = services.promote(thread=question, by=supervisor)
    body = Translation.objects.get(article=article).body
    assert "Ingrid" not in body
    assert Promotion.objects.get().credited is None


def test_deleting_the_article_lets_the_answer_be_promoted_again(
    answer: Post, supervisor: User
) -> None:
    article = services.promote(thread=answer.thread, by=supervisor)
    knowledge.delete_article(article, by=supervisor)
    assert not Promotion.objects.exists()
    thread = Thread.objects.get(pk=answer.thread_id)
    assert policies.can_promote(thread, supervisor)


# The pages ------------------------------------------------------------------------------------


def test_the_button_shows_to_editors_only_and_leads_to_the_draft(
    answer: Post, agent: User, supervisor: User
) -> None:
    thread_path = f"{BASE}threads/{answer.thread_id}/"
    assert 'id="community-promote"' not in Client().get(thread_path).content.decode()
    assert 'id="community-promote"' not in _signed_in(agent).get(thread_path).content.decode()
    editor = _signed_in(supervisor)
    page = editor.get(thread_path).content.decode()
    assert f'action="{thread_path}promote/"' in page

    response = editor.post(f"{thread_path}promote/")
    article = Promotion.objects.get().article
    assert response.status_code == 302
    assert response["Location"] == f"/desk/knowledge/articles/{article.pk}/nb/edit/"
    # The editor shows the thread and credits the member.
    desk = editor.get(response["Location"]).content.decode()
    assert 'id="kb-community-origin"' in desk
    assert f'href="{thread_path}posts/{answer.pk}/"' in desk
    assert "Ola fra Bergen" in desk
    read = editor.get(f"/desk/knowledge/articles/{article.pk}/nb/").content.decode()
    assert 'id="kb-community-origin"' in read
    # The thread shows the draft to staff, and no button any more.
    page = editor.get(thread_path).content.decode()
    assert 'id="community-promoted-editor"' in page
    assert 'id="community-promote"' not in page
    # The public sees nothing of a draft.
    assert 'id="community-promoted"' not in Client().get(thread_path).content.decode()


def test_the_published_article_is_linked_from_the_thread_for_everyone(
    answer: Post, supervisor: User
) -> None:
    article = services.promote(thread=answer.thread, by=supervisor)
    text = Translation.objects.get(article=article)
    knowledge.set_state(text, State.REVIEW, by=supervisor)
    knowledge.set_state(text, State.PUBLISHED, by=supervisor)
    page = Client().get(f"{BASE}threads/{answer.thread_id}/").content.decode()
    assert 'id="community-promoted"' in page
    assert f'href="/help/nb/articles/{text.slug}/"' in page
    assert 'id="community-promoted-editor"' not in page


def test_refusals(answer: Post, agent: User, supervisor: User, kari_member: Member) -> None:
    path = f"{BASE}threads/{answer.thread_id}/promote/"
    thread_path = f"{BASE}threads/{answer.thread_id}/"
    assert Client().post(path)["Location"] == f"/login/?next={thread_path}"
    assert _signed_in(agent).post(path).status_code == 403
    assert Client().get(path).status_code == 405
    services.accept(post=answer, member=kari_member)  # taken back
    back = _signed_in(supervisor).post(path)
    assert back["Location"] == f"{BASE}threads/{answer.thread_id}/"
    assert not Promotion.objects.exists()
