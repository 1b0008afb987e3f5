"""Who may do what in the community: one place, asked by the views and the services alike.

- Reading is for everyone. Asking, replying, voting and "same problem" need a signed-in
  customer with a display name (a `Member`), not erased.
- A suspended member may not post, reply, vote or flag until the suspension ends; nobody but
  staff replies in a locked thread.
- Moderators (`community.moderate`) hide, approve, lock, move and suspend (`services.moderation`).
- A member edits only their own posts; a member of staff only their own staff replies.
- Staff (desk users: anyone who may read cases) reply as staff and may accept an answer.
- The asker accepts an answer to their own question; an answer is a reply, never the opening
  post, and a discussion has no accepted answer.
"""

from __future__ import annotations

from typing import Any

from lytte.community.models import Member, Post, Thread, ThreadKind


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


def can_vote(post: Post, member: Member | None) -> bool:
    """Replies only, never one's own."""
    return (
        can_post(member) and post.public and not post.opening and post.author_id != member.pk  # type: ignore[union-attr]
    )
