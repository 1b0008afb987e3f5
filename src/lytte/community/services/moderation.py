"""Moderation (issue 16): members flag posts; moderators (`community.moderate`) approve held
posts, hide and unhide, lock threads, move them to another category and suspend members with a
reason and an end date. Every moderator's action is audited (`community.*`, with the
moderator as the actor) and listed on the moderation page; a member's flag is audited too,
with no actor (the member is no user) and the member's id."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.audit.services import record
from lytte.community import policies, search
from lytte.community.events import PostEdited, PostReplied, ThreadStarted
from lytte.community.models import Category, Flag, FlagReason, Member, Post, PostState, Thread
from lytte.community.services.screening import hidden_while_held, unhidden, was_held, was_public
from lytte.platform.events import publish

REASON_LENGTH = 500


def _moderator(user: Any) -> None:
    if not policies.is_moderator(user):
        raise PermissionDenied


def flag(*, post: Post, member: Member, reason: str, note: str = "") -> Flag:
    """A member reports a post; flagging it again while the flag is open changes nothing."""
    if not policies.can_flag(post, member):
        raise PermissionDenied
    if reason not in FlagReason.values:
        raise ValidationError({"reason": [_("Choose why you report it.")]})
    note = " ".join(note.split())[:REASON_LENGTH]
    open_flag = Flag.objects.filter(post=post, member=member, resolved_at__isnull=True).first()
    if open_flag is not None:
        return open_flag
    try:
        with transaction.atomic():
            made = Flag.objects.create(post=post, member=member, reason=reason, note=note)
            record(
                actor=None,
                action="community.flagged",
                target=post.thread,
                post=post.pk,
                member=member.pk,
                reason=reason,
            )
    except IntegrityError:  # a double click: the other request flagged it
        return Flag.objects.get(post=post, member=member, resolved_at__isnull=True)
    return made


def _resolve_flags(post: Post, user: Any, now: datetime) -> int:
    return Flag.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=now, resolved_by=user
    )


def _set_state(post: Post, state: str, user: Any, action: str) -> Post:
    _moderator(user)
    with transaction.atomic():
        post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
        before, because = post.state, post.held_because
        if state == PostState.VISIBLE and _purged(post):
            raise ValidationError(
                _(
                    "The text of this post was removed after the retention period, so it cannot "
                    "be shown again."
                )
            )
        now = timezone.now()
        post.state = state
        # Hidden again (a second click): retention's clock keeps running from the first time.
        kept = post.hidden_at if before == PostState.HIDDEN else None
        post.hidden_at = (kept or now) if state == PostState.HIDDEN else None
        post.held_because = _held_because(because, before, state)
        post.save(update_fields=["state", "hidden_at", "held_because"])
        flags = _resolve_flags(post, user, now)
        thread = post.thread
        if post.opening:
            thread.listed = state == PostState.VISIBLE
            thread.save(update_fields=["listed"])
        record(actor=user, action=action, target=thread, post=post.pk, before=before, flags=flags)
        search.changed(thread.pk)
        if state == PostState.VISIBLE and (
            before == PostState.HELD or (before == PostState.HIDDEN and was_held(because))
        ):
            _announce(post, thread, now)
    return post


def _held_because(code: str, before: str, state: str) -> str:
    """A held post a moderator hides keeps why it was held, marked (`screening.was_held`): it
    was never announced, so showing it announces it as approving it would have. Shown again, it
    loses the mark. A post hidden while public gets none: shown again, it is not announced."""
    if before == PostState.HELD and state == PostState.HIDDEN:
        return hidden_while_held(code)
    if before == PostState.HIDDEN and state != PostState.HIDDEN:
        return unhidden(code)
    return code


def _purged(post: Post) -> bool:
    """A hidden post whose text retention removed (`community_hidden_posts`): shown, it would be
    an empty public post. An erased author's post is empty too, and says so wherever it shows."""
    return post.state == PostState.HIDDEN and not post.body and post.erased_at is None


def _announce(post: Post, thread: Thread, now: datetime) -> None:
    """A held post approved (or hidden while held and shown): public from now, and announced as
    if just written. One that was public before and held again by an edit
    (`screening.was_public`) was announced then: its approval announces the edit, as editing a
    public post does, and the thread's last activity stays."""
    if was_public(post.held_because):
        publish(PostEdited(thread_id=thread.pk, post_id=post.pk))
        return
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=now)
    if post.opening:
        publish(
            ThreadStarted(thread_id=thread.pk, category_id=thread.category_id, kind=thread.kind)
        )
    else:
        publish(PostReplied(thread_id=thread.pk, post_id=post.pk, by_staff=False))


def approve(*, post: Post, moderator: Any) -> Post:
    """A held post goes public."""
    return _set_state(post, PostState.VISIBLE, moderator, "community.post_approved")


def hide(*, post: Post, moderator: Any) -> Post:
    """Hide a post (its flags resolved); a hidden opening post takes its thread off the lists."""
    return _set_state(post, PostState.HIDDEN, moderator, "community.post_hidden")


def unhide(*, post: Post, moderator: Any) -> Post:
    """Show a hidden post again; refused (`ValidationError`) once retention removed its text.
    One hidden while it waited for review is announced as approving it would have; one hidden
    while public is not announced again."""
    return _set_state(post, PostState.VISIBLE, moderator, "community.post_unhidden")


def dismiss_flags(*, post: Post, moderator: Any) -> int:
    """The post is fine: its open flags are resolved, the post stays as it is."""
    _moderator(moderator)
    with transaction.atomic():
        count = _resolve_flags(post, moderator, timezone.now())
        record(
            actor=moderator,
            action="community.flags_dismissed",
            target=post.thread,
            post=post.pk,
            flags=count,
        )
    return count


def set_locked(*, thread: Thread, moderator: Any, locked: bool) -> Thread:
    """Lock a thread (only staff reply to it then) or open it again."""
    _moderator(moderator)
    with transaction.atomic():
        thread.locked_at = timezone.now() if locked else None
        thread.save(update_fields=["locked_at"])
        action = "community.thread_locked" if locked else "community.thread_unlocked"
        record(actor=moderator, action=action, target=thread)
    return thread


def move(*, thread: Thread, category: Category, moderator: Any) -> Thread:
    """Move a thread to another category that is shown in the thread's language."""
    _moderator(moderator)
    if category.language not in ("", thread.language):
        raise ValidationError({"category": [_("That category is not in the thread's language.")]})
    if category.pk == thread.category_id:
        return thread
    with transaction.atomic():
        before = thread.category_id
        thread.category = category
        thread.save(update_fields=["category"])
        record(
            actor=moderator,
            action="community.thread_moved",
            target=thread,
            before=before,
            after=category.pk,
        )
    return thread


def suspend(*, member: Member, moderator: Any, reason: str, until: datetime) -> Member:
    """The member may not post, reply, vote or flag until `until`; they are told why."""
    _moderator(moderator)
    reason = " ".join(reason.split())
    if not reason or len(reason) > REASON_LENGTH:
        raise ValidationError({"reason": [_("Say why, in at most 500 characters.")]})
    if until <= timezone.now():
        raise ValidationError({"until": [_("The suspension must end in the future.")]})
    with transaction.atomic():
        member.suspended_until, member.suspension_reason = until, reason
        member.save(update_fields=["suspended_until", "suspension_reason"])
        record(
            actor=moderator,
            action="community.member_suspended",
            target=member,
            until=until.isoformat(),
            reason=reason,
        )
    return member


def lift_suspension(*, member: Member, moderator: Any) -> Member:
    _moderator(moderator)
    with transaction.atomic():
        member.suspended_until, member.suspension_reason = None, ""
        member.save(update_fields=["suspended_until", "suspension_reason"])
        record(actor=moderator, action="community.suspension_lifted", target=member)
    return member
