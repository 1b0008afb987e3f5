"""Retention of what is around the forum (decision 56): resolved reports, the notifications'
rows and hidden posts' text and images go after their age; public posts, open reports, newer
rows and a held customer's stay."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from lytte.accounts.models import User
from lytte.audit.models import AuditEvent
from lytte.community import services
from lytte.community.following.models import Notification, Reason
from lytte.community.images.models import PostImage
from lytte.community.models import Flag, FlagReason, Member, Post, PostState, Revision, Thread
from lytte.community.services.forget import forget_member
from lytte.community.services.images import prepare
from lytte.community.tests.test_images import photo
from lytte.portal.tests.sessions import portal_client
from lytte.privacy.models import RetentionRun
from lytte.privacy.services import place_hold, run_retention


def purged(run: RetentionRun) -> dict[str, int]:
    return {line["kind"]: line["purged"] for line in run.report}


def _ago(days: int) -> timezone.datetime:
    return timezone.now() - timedelta(days=days)


def test_resolved_reports_go_after_a_year_open_ones_stay(
    question: Thread, kari_member: Member, ola_member: Member, supervisor: User
) -> None:
    opening = question.posts.get(opening=True)
    reply = services.reply(thread=question, body="Kjøp billig strøm her", member=kari_member)
    old = services.flag(post=opening, member=ola_member, reason=FlagReason.SPAM, note="Ola sier")
    services.dismiss_flags(post=opening, moderator=supervisor)
    Flag.objects.filter(pk=old.pk).update(resolved_at=_ago(366))
    recent = services.flag(post=reply, member=ola_member, reason=FlagReason.SPAM)
    services.dismiss_flags(post=reply, moderator=supervisor)
    Flag.objects.filter(pk=recent.pk).update(resolved_at=_ago(300))
    waiting = services.flag(post=reply, member=ola_member, reason=FlagReason.SPAM)
    Flag.objects.filter(pk=waiting.pk).update(created_at=_ago(800))

    assert purged(run_retention(dry_run=False))["community_flags"] == 1
    assert set(Flag.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}


def test_notifications_go_after_90_days(
    question: Thread, kari_member: Member, ola_member: Member
) -> None:
    reply = services.reply(thread=question, body="Svar", member=ola_member)
    old = Notification.objects.create(member=kari_member, post=reply, reason=Reason.REPLY)
    new = Notification.objects.create(member=ola_member, post=reply, reason=Reason.REPLY)
    Notification.objects.filter(pk=old.pk).update(created_at=_ago(91))
    Notification.objects.filter(pk=new.pk).update(created_at=_ago(89))

    assert purged(run_retention(dry_run=False))["community_notifications"] == 1
    assert list(Notification.objects.values_list("pk", flat=True)) == [new.pk]


def _hidden(thread: Thread, member: Member, moderator: User, days: int) -> Post:
    image = prepare(filename="skjerm.jpg", content=photo(), alt="Skjermen")
    post = services.reply(thread=thread, body="Ring meg på 912 34 567", member=member, image=image)
    services.edit(post=post, body="Ring meg på 912 34 568", member=member)
    services.hide(post=post, moderator=moderator)
    Post.objects.filter(pk=post.pk).update(hidden_at=_ago(days))
    return post


def test_a_hidden_posts_text_history_and_images_go_after_180_days(
    question: Thread, kari_member: Member, supervisor: User
) -> None:
    services.reply(thread=question, body="Takk for hjelpen", member=kari_member)
    old = _hidden(question, kari_member, supervisor, 181)
    new = _hidden(question, kari_member, supervisor, 179)
    opening = question.posts.get(opening=True)
    services.hide(post=opening, moderator=supervisor)
    Post.objects.filter(pk=opening.pk).update(hidden_at=_ago(200))

    assert purged(run_retention(dry_run=False))["community_hidden_posts"] == 2
    assert Post.objects.get(pk=old.pk).body == ""
    assert not Revision.objects.filter(post=old).exists()
    assert not PostImage.objects.filter(post=old).exists()
    assert Thread.objects.get(pk=question.pk).title == ""  # its opening post was hidden
    assert Post.objects.get(pk=new.pk).body.startswith("Ring meg på 912 34 568")
    assert Revision.objects.filter(post=new).exists()
    assert PostImage.objects.filter(post=new).exists()
    assert Post.objects.filter(body="Takk for hjelpen").exists()  # public: the forum itself
    assert purged(run_retention(dry_run=False))["community_hidden_posts"] == 0


def test_unhiding_stops_the_clock_and_a_legal_hold_keeps_it(
    question: Thread, kari_member: Member, supervisor: User, admin_user: User
) -> None:
    post = _hidden(question, kari_member, supervisor, 181)
    services.unhide(post=post, moderator=supervisor)
    assert Post.objects.get(pk=post.pk).hidden_at is None
    Post.objects.filter(pk=post.pk).update(state="hidden", hidden_at=_ago(181))
    place_hold(customer=kari_member.customer, reason="Tvist", placed_by=admin_user)
    assert purged(run_retention(dry_run=False))["community_hidden_posts"] == 0
    assert Post.objects.get(pk=post.pk).body.startswith("Ring meg")


def test_hiding_a_hidden_post_again_keeps_its_retention_clock(
    question: Thread, kari_member: Member, supervisor: User
) -> None:
    post = _hidden(question, kari_member, supervisor, 179)
    services.hide(post=post, moderator=supervisor)  # a second click, or another moderator
    hidden_at = Post.objects.get(pk=post.pk).hidden_at
    assert hidden_at is not None
    assert hidden_at < _ago(178)  # not started again by the second click


def test_a_moderator_is_told_why_a_purged_hidden_post_is_empty(
    question: Thread, kari_member: Member, ola_member: Member, supervisor: User
) -> None:
    old = _hidden(question, kari_member, supervisor, 181)
    new = _hidden(question, kari_member, supervisor, 179)
    run_retention(dry_run=False)
    page = f"/help/nb/community/threads/{question.pk}/"
    moderator = Client()
    moderator.force_login(supervisor)
    seen = moderator.get(page).content.decode()
    assert f'id="post-{old.pk}-purged"' in seen
    assert f'id="post-{new.pk}-purged"' not in seen  # not yet past its age: its text shows
    assert "912 34 568" in seen

    def actions(post: Post) -> str:  # the moderator's form for one post
        return seen.split(f"/posts/{post.pk}/moderate/", 1)[1].split("</form>", 1)[0]

    assert 'value="unhide"' not in actions(old)  # its text is gone: nothing to show again
    assert 'value="unhide"' in actions(new)
    for visitor in (Client(), portal_client(ola_member.customer)):
        shown = visitor.get(page).content.decode()
        assert "-purged" not in shown  # hidden, as any hidden post is, to members and visitors
        assert "community-post-hidden" in shown


REFUSED = (
    "The text of this post was removed after the retention period, so it cannot be shown again."
)


def test_a_purged_hidden_post_is_not_shown_again(
    question: Thread, kari_member: Member, supervisor: User
) -> None:
    old = _hidden(question, kari_member, supervisor, 181)
    opening = question.posts.get(opening=True)
    services.hide(post=opening, moderator=supervisor)
    Post.objects.filter(pk=opening.pk).update(hidden_at=_ago(181))
    run_retention(dry_run=False)
    for post in (old, opening):
        with pytest.raises(ValidationError):
            services.unhide(post=post, moderator=supervisor)
        with pytest.raises(ValidationError):  # nor approved into view from a stale page
            services.approve(post=post, moderator=supervisor)
        assert Post.objects.get(pk=post.pk).state == PostState.HIDDEN
    assert not Thread.objects.get(pk=question.pk).listed
    assert not AuditEvent.objects.filter(action="community.post_unhidden").exists()


def test_the_moderator_is_told_why_a_purged_post_stays_hidden(
    question: Thread, kari_member: Member, supervisor: User
) -> None:
    old = _hidden(question, kari_member, supervisor, 181)
    run_retention(dry_run=False)
    moderator = Client()
    moderator.force_login(supervisor)
    url = f"/help/nb/community/threads/{question.pk}/posts/{old.pk}/moderate/"
    with translation.override("nb"):
        told = escape(_(REFUSED))
    for sent, back in (
        ({}, f"/help/nb/community/threads/{question.pk}/"),
        ({"next": "queue"}, "/help/nb/community/moderation/"),
    ):
        refused = moderator.post(url, {"action": "unhide", **sent})
        assert (refused.status_code, refused["Location"]) == (302, back)
        page = moderator.get(back).content.decode()
        assert 'id="community-messages"' in page
        assert told in page
    assert Post.objects.get(pk=old.pk).state == PostState.HIDDEN
    assert told not in moderator.get(back).content.decode()  # told once


def test_an_erased_authors_hidden_post_may_be_shown_again(
    question: Thread, ola_member: Member, supervisor: User
) -> None:
    hidden = _hidden(question, ola_member, supervisor, 1)
    forget_member(ola_member.customer)
    services.unhide(post=hidden, moderator=supervisor)  # it shows erasure's own placeholder
    assert Post.objects.get(pk=hidden.pk).state == PostState.VISIBLE
