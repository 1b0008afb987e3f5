"""Who may do what in the community: one place, asked by the views and the services alike.

- Reading is for everyone. Asking, replying, voting and "same problem" need a signed-in
  customer with a display name (a `Member`), not erased.
- A suspended member may not post, reply, vote or flag until the suspension ends; nobody but
  staff replies in a locked thread.
- Moderators (`community.moderate`) hide, approve, lock, move and suspend (`services.moderation`).
- A member edits only their own posts; a member of staff only their own staff replies.
- Staff (desk users: anyone who may read cases) reply as staff and may accept an answer.
- Editors (knowledge.add_article and knowledge.publish_article) make an accepted answer a
  knowledge article draft, once per thread.
- The asker accepts an answer to their own question; an answer is a reply, never the opening
  post, and a discussion has no accepted answer.
"""

from __future__ import annotations

from typing import Any

from lytte.community.models import Member, Post, Promotion, Thread, ThreadKind


def is_staff(user: Any) -> bool:
    """A desk user: signed in to the staff side with a role that reads cases."""
    return bool(user is not None and user.is_authenticated and user.has_perm("cases.view_case"))


def can_post(member: Member | None) -> bool:
    """A member with a display name, not erased, not suspended."""
    return (
        member is not None
        and member.erased_at is None
        and bool(member.display_name)
        and not member.suspended()
    )


def can_reply(thread: Thread, member: Member | None) -> bool:
    """Members reply to threads that are not locked; staff reply to any."""
    return can_post(member) and thread.locked_at is None


def is_moderator(user: Any) -> bool:
    """Staff who hold `community.moderate` (supervisors, admins, the "community moderator"
    group)."""
    return bool(user is not None and user.is_authenticated and user.has_perm("community.moderate"))


def can_flag(post: Post, member: Member | None) -> bool:
    """Members flag others' public posts."""
    return can_post(member) and post.public and post.author_id != member.pk  # type: ignore[union-attr]


def can_edit(post: Post, *, member: Member | None = None, staff: Any = None) -> bool:
    if post.erased_at is not None:
        return False
    if member is not None and can_post(member) and post.author_id == member.pk:
        return True
    return is_staff(staff) and post.staff_id == staff.pk


def can_accept(
    thread: Thread, post: Post, *, member: Member | None = None, staff: Any = None
) -> bool:
    if thread.kind != ThreadKind.QUESTION or post.thread_id != thread.pk or post.opening:
        return False
    if post.erased_at is not None or not post.public:
        return False
    if is_staff(staff):
        return True
    return member is not None and can_post(member) and thread.author_id == member.pk


def can_pin(thread: Thread, post: Post, staff: Any = None) -> bool:
    """Staff pin a staff reply, public and not erased, as the business's official answer."""
    return (
        is_staff(staff)
        and post.thread_id == thread.pk
        and post.staff_id is not None
        and not post.opening
        and post.public
        and post.erased_at is None
    )


def can_vote(post: Post, member: Member | None) -> bool:
    """Replies only, never one's own."""
    return (
        can_post(member) and post.public and not post.opening and post.author_id != member.pk  # type: ignore[union-attr]
    )


def is_editor(user: Any) -> bool:
    """Staff who may make knowledge drafts and hold the knowledge base's editor permission
    (`knowledge.publish_article`: supervisors, admins, the "knowledge editor" group)."""
    return (
        is_staff(user)
        and user.has_perm("knowledge.add_article")
        and user.has_perm("knowledge.publish_article")
    )


def can_promote(thread: Thread, user: Any) -> bool:
    """An editor makes a solved question's accepted answer an article draft, once: the answer
    public and not erased, the question's title still there (not erased either)."""
    answer = thread.accepted
    return (
        is_editor(user)
        and thread.kind == ThreadKind.QUESTION
        and thread.listed
        and bool(thread.title)
        and answer is not None
        and answer.public
        and answer.erased_at is None
        and not Promotion.objects.filter(thread=thread).exists()
    )
