"""Moderation: flags, held first posts, link limits, word filters, hide, lock, move, suspend;
who may do each; every moderator's action in the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lytte.accounts.models import User
from lytte.accounts.roles import COMMUNITY_MODERATOR_GROUP
from lytte.audit.models import AuditEvent
from lytte.community import policies, selectors, services
from lytte.community.models import Category, Flag, Member, PostState, Thread, WordFilter
from lytte.community.services.escalation import escalate_unanswered

LINK = "Se https://example.com/hjelp"


def test_supervisors_and_the_moderator_group_moderate_agents_do_not(
    agent: User, supervisor: User, admin_user: User
) -> None:
    assert not policies.is_moderator(agent)
    assert policies.is_moderator(supervisor)
    assert policies.is_moderator(admin_user)
    agent.groups.add(Group.objects.get(name=COMMUNITY_MODERATOR_GROUP))
    agent = User.objects.get(pk=agent.pk)  # permissions are cached per object
    assert policies.is_moderator(agent)


def test_a_new_members_first_post_with_a_link_waits_for_a_moderator(
    kari_member: Member, category: Category, supervisor: User
) -> None:
    thread = services.ask(
        member=kari_member, category=category, language="nb", title="Strøm", body=LINK
    )
    opening = thread.posts.get()
    assert (opening.state, opening.held_because) == (PostState.HELD, "first-link")
    assert not thread.listed
    assert list(selectors.threads(category, "nb")) == []
    assert selectors.held_posts() == [opening]

    services.approve(post=opening, moderator=supervisor)
    thread.refresh_from_db()
    assert thread.listed
    assert list(selectors.threads(category, "nb")) == [thread]
    assert AuditEvent.objects.filter(action="community.post_approved", actor=supervisor).exists()


def test_a_held_reply_is_no_answer_and_is_seen_by_its_author_and_moderators_only(
    question: Thread, ola_member: Member, kari_member: Member
) -> None:
    held = services.reply(thread=question, body=LINK, member=ola_member)
    assert held.state == PostState.HELD
    assert selectors.posts(question, kari_member)[1] == []
    assert selectors.posts(question, ola_member)[1] == [held]
    assert selectors.posts(question, None, moderator=True)[1] == [held]
    Category.objects.filter(pk=question.category_id).update(escalate_after_hours=1)
    assert len(escalate_unanswered(timezone.now() + timedelta(hours=2))) == 1


def test_a_category_can_hold_every_first_post(ola_member: Member, category: Category) -> None:
    category.hold_first_posts = True
    category.save()
    thread = services.ask(
        member=ola_member, category=category, language="nb", title="Hei", body="Ingen lenke"
    )
    assert thread.posts.get().held_because == "first-post"


def test_new_members_may_not_post_many_links(question: Thread, ola_member: Member) -> None:
    many = "https://a.example www.b.example https://c.example"
    with pytest.raises(ValidationError):
        services.reply(thread=question, body=many, member=ola_member)
    reply = services.reply(thread=question, body="Ingen lenker", member=ola_member)
    with pytest.raises(ValidationError):  # nor bring them in by an edit
        services.edit(post=reply, body=many, member=ola_member)


def test_the_word_filter_of_the_language_holds_a_post(
    question: Thread, kari_member: Member
) -> None:
    WordFilter.objects.create(language="nb", words="idiot\nsvindel")
    services.reply(thread=question, body="Dette er svindel!", member=kari_member)
    held = question.posts.get(opening=False)
    assert (held.state, held.held_because) == (PostState.HELD, "word:svindel")
    fine = services.reply(thread=question, body="Svindelsaker er noe annet.", member=kari_member)
    assert fine.state == PostState.VISIBLE


def test_a_flagged_post_is_hidden_by_a_moderator(
    question: Thread, ola_member: Member, kari_member: Member, supervisor: User, agent: User
) -> None:
    answer = services.reply(thread=question, body="Kjøp billig strøm her", member=ola_member)
    with pytest.raises(PermissionDenied):  # one's own post
        services.flag(post=answer, member=ola_member, reason="spam")
    flagged = services.flag(post=answer, member=kari_member, reason="spam", note="Reklame")
    assert services.flag(post=answer, member=kari_member, reason="spam") == flagged
    assert [post.pk for post in selectors.flagged_posts()] == [answer.pk]

    with pytest.raises(PermissionDenied):
        services.hide(post=answer, moderator=agent)
    services.hide(post=answer, moderator=supervisor)
    answer.refresh_from_db()
    assert answer.state == PostState.HIDDEN
    assert selectors.flagged_posts() == []
    assert Flag.objects.get().resolved_by == supervisor
    services.unhide(post=answer, moderator=supervisor)
    actions = [event.action for event in selectors.moderation_log()]
    assert actions == ["community.post_unhidden", "community.post_hidden", "community.flagged"]


def test_suspended_members_cannot_post(
    question: Thread, ola_member: Member, supervisor: User
) -> None:
    until = timezone.now() + timedelta(days=7)
    with pytest.raises(ValidationError):
        services.suspend(member=ola_member, moderator=supervisor, reason="", until=until)
    services.suspend(member=ola_member, moderator=supervisor, reason="Reklame", until=until)
    assert not policies.can_post(ola_member)
    with pytest.raises(PermissionDenied):
        services.reply(thread=question, body="Hei igjen", member=ola_member)
    with pytest.raises(PermissionDenied):
        services.ask(
            member=ola_member, category=question.category, language="nb", title="x", body="y"
        )
    services.lift_suspension(member=ola_member, moderator=supervisor)
    assert services.reply(thread=question, body="Hei igjen", member=ola_member)
    assert AuditEvent.objects.filter(action="community.member_suspended").exists()


def test_a_suspension_ends_by_itself(ola_member: Member) -> None:
    ola_member.suspended_until = timezone.now() - timedelta(minutes=1)
    assert policies.can_post(ola_member)


def test_a_locked_thread_takes_replies_from_staff_only(
    question: Thread, ola_member: Member, supervisor: User, agent: User
) -> None:
    services.set_locked(thread=question, moderator=supervisor, locked=True)
    with pytest.raises(PermissionDenied):
        services.reply(thread=question, body="Hei", member=ola_member)
    assert services.reply(thread=question, body="Vi ser på det.", staff=agent).by_staff
    services.set_locked(thread=question, moderator=supervisor, locked=False)
    assert services.reply(thread=question, body="Takk", member=ola_member)


def test_a_thread_moves_to_a_category_of_its_language(question: Thread, supervisor: User) -> None:
    swedish = Category.objects.create(slug="sv-only", name="Svenska", language="sv")
    with pytest.raises(ValidationError):
        services.move(thread=question, category=swedish, moderator=supervisor)
    other = Category.objects.create(slug="power", name="Power")
    services.move(thread=question, category=other, moderator=supervisor)
    question.refresh_from_db()
    assert question.category == other
    assert AuditEvent.objects.get(action="community.thread_moved").data["after"] == other.pk


def test_who_may_flag_vote_accept_and_reply(
    question: Thread, ola_member: Member, kari_member: Member, supervisor: User
) -> None:
    answer = services.reply(thread=question, body="Sjekk eFaktura.", member=ola_member)
    assert policies.can_flag(answer, kari_member)
    assert not policies.can_flag(answer, ola_member)  # one's own
    assert not policies.can_flag(answer, None)
    assert policies.can_vote(answer, kari_member)
    assert policies.can_accept(question, answer, member=kari_member)
    services.hide(post=answer, moderator=supervisor)
    answer.refresh_from_db()
    assert not policies.can_flag(answer, kari_member)  # hidden: nothing left to report
    assert not policies.can_vote(answer, kari_member)
    assert not policies.can_accept(question, answer, member=kari_member)
    assert not policies.can_accept(question, answer, staff=supervisor)
    question.locked_at = timezone.now()
    assert not policies.can_reply(question, kari_member)
