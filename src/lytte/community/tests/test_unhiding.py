"""Showing a hidden post again: one a moderator hid while it waited for review was never
announced, so showing it announces it as approving it would have (followers told, the thread's
last activity moved); one hidden while it was public is not announced again."""

from __future__ import annotations

from lytte.accounts.models import User
from lytte.community import selectors, services
from lytte.community.events import PostEdited, PostReplied, ThreadStarted
from lytte.community.following.models import Announcement
from lytte.community.models import Category, Member, Post, PostState, Thread
from lytte.community.services.images import prepare
from lytte.community.services.screening import why_held
from lytte.community.tests.conftest import long_quiet
from lytte.community.tests.test_images import photo
from lytte.platform.events import DomainEvent

LINK = "Se https://example.com/efaktura"


def test_a_held_reply_hidden_and_shown_again_is_announced_as_approval_would(
    question: Thread, ola_member: Member, supervisor: User, heard: list[DomainEvent]
) -> None:
    reply = services.reply(thread=question, body=LINK, member=ola_member)
    services.hide(post=reply, moderator=supervisor)
    assert heard == []
    assert selectors.held_posts() == []
    quiet = long_quiet(question)

    services.unhide(post=reply, moderator=supervisor)
    assert heard == [PostReplied(thread_id=question.pk, post_id=reply.pk, by_staff=False)]
    assert Announcement.objects.filter(post=reply, kind=Announcement.Kind.PUBLISHED).exists()
    assert Thread.objects.get(pk=question.pk).last_activity_at > quiet
    shown = Post.objects.get(pk=reply.pk)
    assert (shown.state, shown.held_because) == (PostState.VISIBLE, "first-link")

    heard.clear()  # hidden again, now that it was public: shown, it is not announced again
    services.hide(post=reply, moderator=supervisor)
    quiet = long_quiet(question)
    services.unhide(post=reply, moderator=supervisor)
    assert heard == []
    assert Thread.objects.get(pk=question.pk).last_activity_at == quiet


def test_a_held_question_hidden_and_shown_again_is_started_and_listed(
    ola_member: Member, category: Category, supervisor: User, heard: list[DomainEvent]
) -> None:
    thread = services.ask(
        member=ola_member, category=category, language="nb", title="E-faktura", body=LINK
    )
    opening = thread.posts.get()
    services.hide(post=opening, moderator=supervisor)
    services.unhide(post=opening, moderator=supervisor)
    assert heard == [ThreadStarted(thread_id=thread.pk, category_id=category.pk, kind=thread.kind)]
    assert Thread.objects.get(pk=thread.pk).listed


def test_a_post_hidden_while_public_is_not_announced_when_shown_again(
    question: Thread, ola_member: Member, supervisor: User, heard: list[DomainEvent]
) -> None:
    public = services.reply(thread=question, body="Sjekk spamfilteret.", member=ola_member)
    approved = services.reply(thread=question, body=LINK, member=ola_member)
    services.approve(post=approved, moderator=supervisor)
    heard.clear()
    told = Announcement.objects.count()
    for post in (public, approved):
        services.hide(post=post, moderator=supervisor)
    quiet = long_quiet(question)
    for post in (public, approved):
        services.unhide(post=post, moderator=supervisor)
    assert heard == []
    assert Announcement.objects.count() == told
    assert Thread.objects.get(pk=question.pk).last_activity_at == quiet


def test_a_post_held_again_by_an_edit_hidden_and_shown_announces_the_edit(
    question: Thread, ola_member: Member, supervisor: User, heard: list[DomainEvent]
) -> None:
    reply = services.reply(thread=question, body="Takk!", member=ola_member)
    image = prepare(filename="skjerm.jpg", content=photo(), alt="Innstillingene")
    services.edit(post=reply, body=reply.body, member=ola_member, image=image)
    services.hide(post=reply, moderator=supervisor)
    hidden = Post.objects.get(pk=reply.pk)
    assert why_held(hidden.held_because) == why_held("first-image")
    heard.clear()
    quiet = long_quiet(question)
    services.unhide(post=reply, moderator=supervisor)
    assert heard == [PostEdited(thread_id=question.pk, post_id=reply.pk)]  # as its approval
    assert Thread.objects.get(pk=question.pk).last_activity_at == quiet
