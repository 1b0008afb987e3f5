"""Votes on replies, "same problem" on questions, and the accepted answer."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from lytte.audit.services import record
from lytte.community import policies, search
from lytte.community.events import AnswerAccepted
from lytte.community.models import Member, Post, SameProblem, Thread, ThreadKind, Vote
from lytte.platform.events import publish


def toggle_vote(*, post: Post, member: Member) -> bool:
    """Vote for a reply, or take the vote back; returns whether the member's vote is there now."""
    if not policies.can_vote(post, member):
        raise PermissionDenied
    removed, _ = Vote.objects.filter(post=post, member=member).delete()
    if removed:
        return False
    try:
        with transaction.atomic():
            Vote.objects.create(post=post, member=member)
    except IntegrityError:  # a double click: the other request voted
        pass
    return True


def toggle_same_problem(*, thread: Thread, member: Member) -> bool:
    """Mark "I have the same problem" on someone else's question, or take it back."""
    if not policies.can_post(member) or thread.kind != ThreadKind.QUESTION:
        raise PermissionDenied
    if thread.author_id == member.pk:
        raise PermissionDenied
    removed, _ = SameProblem.objects.filter(thread=thread, member=member).delete()
    if removed:
        return False
    try:
        with transaction.atomic():
            SameProblem.objects.create(thread=thread, member=member)
    except IntegrityError:
        pass
    return True


def accept(*, post: Post, member: Member | None = None, staff: Any = None) -> Thread:
    """Mark `post` as the question's accepted answer; accepting it again takes it back."""
    thread = post.thread
    if not policies.can_accept(thread, post, member=member, staff=staff):
        raise PermissionDenied
    by_staff = policies.is_staff(staff)
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        chosen = None if thread.accepted_id == post.pk else post
        thread.accepted = chosen
        thread.save(update_fields=["accepted"])
        search.changed(thread.pk)
        if by_staff:
            record(
                actor=staff,
                action="community.answer_accepted",
                target=thread,
                post=chosen.pk if chosen else None,
            )
        publish(
            AnswerAccepted(
                thread_id=thread.pk, post_id=chosen.pk if chosen else None, by_staff=by_staff
            )
        )
    return thread


def pin(*, post: Post, staff: Any) -> Thread:
    """Pin a staff reply as the thread's official answer, shown first; pinning it again takes
    it back, and pinning another replaces it. Audited."""
    if not policies.can_pin(post.thread, post, staff):
        raise PermissionDenied
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=post.thread_id)
        thread.pinned = None if thread.pinned_id == post.pk else post
        thread.save(update_fields=["pinned"])
        record(
            actor=staff,
            action="community.answer_pinned",
            target=thread,
            post=thread.pinned_id,
        )
    return thread
