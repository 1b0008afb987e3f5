"""Merging and splitting threads (issue 16, decision 37 "Merge and split"), by moderators.

*Merge* moves every post of a thread into another thread of the same language: the posts keep
their times, so the target shows them all oldest first; the old thread stays as an empty row
whose address leads to the target (`Thread.merged_into`). Votes, flags and edit history move
with their posts; "same problem" marks move to the target (once per member, never the target's
asker's own); the target keeps its accepted answer, and takes the merged thread's when it had
none (a duplicate question's accepted answer answers it too); a promotion and an escalation
stay where they are recorded, and the desk's answer to an escalated case goes to the thread the
question was merged into.

*Split* moves a reply and every post after it (by time) into a new thread, titled and filed by
the moderator: the reply becomes the new thread's opening post, its author the new thread's
author. An accepted answer that moves is no longer accepted: it answered the old question.

Both are audited with the moderator as actor and listed in the moderation log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.audit.services import record
from lytte.community import policies, search
from lytte.community.following.models import Follow
from lytte.community.models import Category, Post, PostState, Promotion, SameProblem, Thread
from lytte.community.services.posting import TITLE_LENGTH


def _moderator(user: Any) -> None:
    if not policies.is_moderator(user):
        raise PermissionDenied


def _locked(*thread_ids: int) -> dict[int, Thread]:
    """The threads' rows, locked in id order (two moderators merging crosswise wait, not
    deadlock)."""
    rows = Thread.objects.select_for_update(of=("self",)).select_related("category")
    found = {thread.pk: thread for thread in rows.filter(pk__in=sorted(thread_ids)).order_by("pk")}
    return found


def _check_merge(source: Thread, target: Thread) -> None:
    if source.pk == target.pk:
        raise ValidationError({"target": [_("A thread cannot be merged into itself.")]})
    if source.merged_into_id is not None:
        raise ValidationError({"target": [_("This thread was merged already.")]})
    if target.merged_into_id is not None:
        raise ValidationError({"target": [_("That thread was merged into another one.")]})
    if target.language != source.language or target.category.language not in (
        "",
        source.language,
    ):
        raise ValidationError({"target": [_("That thread is in another language.")]})


def merge(*, source: Thread, target: Thread, moderator: Any) -> Thread:
    """Move `source`'s posts into `target`; `source`'s address leads to `target` from now on."""
    _moderator(moderator)
    _check_merge(source, target)
    with transaction.atomic():
        rows = _locked(source.pk, target.pk)
        source, target = rows[source.pk], rows[target.pk]
        _check_merge(source, target)  # again, under the locks
        now = timezone.now()
        moved = Post.objects.filter(thread=source).update(thread=target, opening=False)
        same = _move_same_problems(source, target)
        _carry_follows(source, target)
        accepted = None
        if target.accepted_id is None and source.accepted_id is not None:
            accepted = target.accepted_id = source.accepted_id
        if target.pinned_id is None and source.pinned_id is not None:
            target.pinned_id = source.pinned_id  # the business's official answer, still so
        _carry_promotion(source, target)
        Thread.objects.filter(merged_into=source).update(merged_into=target)  # no chains
        source.merged_into, source.merged_at, source.listed = target, now, False
        source.accepted = source.pinned = None
        source.save(update_fields=["merged_into", "merged_at", "listed", "accepted", "pinned"])
        target.last_activity_at = max(target.last_activity_at, source.last_activity_at)
        target.save(update_fields=["accepted", "pinned", "last_activity_at"])
        record(
            actor=moderator,
            action="community.thread_merged",
            target=source,
            into=target.pk,
            posts=moved,
            same_problem=same,
            accepted=accepted,
        )
        search.changed(source.pk)
        search.changed(target.pk)
    return target


def _move_same_problems(source: Thread, target: Thread) -> int:
    """The merged question's "same problem" marks count for the target, once per member; the
    merged question's asker has the target's problem too (unless they asked it)."""
    have = set(SameProblem.objects.filter(thread=target).values_list("member_id", flat=True))
    have.add(target.author_id)
    members = set(SameProblem.objects.filter(thread=source).values_list("member_id", flat=True))
    members.add(source.author_id)
    new = sorted(members - have)
    SameProblem.objects.bulk_create(
        [SameProblem(thread=target, member_id=pk) for pk in new], ignore_conflicts=True
    )
    SameProblem.objects.filter(thread=source).delete()
    return len(new)


def _carry_follows(source: Thread, target: Thread, members: set[int] | None = None) -> None:
    """Those who followed `source` (or, given `members`, those of them) follow `target` too:
    the conversation they follow goes on there (decision 48)."""
    followers = Follow.objects.filter(thread=source)
    if members is not None:
        followers = followers.filter(member_id__in=members)
    ids = followers.values_list("member_id", flat=True)
    Follow.objects.bulk_create(
        [Follow(member_id=pk, thread=target) for pk in ids], ignore_conflicts=True
    )


def _carry_promotion(source: Thread, target: Thread) -> None:
    """A promotion (one per thread) follows the answer when the target has none."""
    if not Promotion.objects.filter(thread=target).exists():
        Promotion.objects.filter(thread=source).update(thread=target)


def _check_split(thread: Thread, post: Post, category: Category, title: str) -> str:
    title = " ".join(title.split())
    if post.thread_id != thread.pk or post.opening:
        raise ValidationError({"post": [_("Choose a reply to start the new thread from.")]})
    if post.author_id is None:
        raise ValidationError({"post": [_("A staff reply cannot start a customer's thread.")]})
    if thread.merged_into_id is not None:
        raise ValidationError({"post": [_("This thread was merged already.")]})
    if not title or len(title) > TITLE_LENGTH:
        raise ValidationError({"title": [_("Give it a title of at most 150 characters.")]})
    if category.language not in ("", thread.language):
        raise ValidationError({"category": [_("That category is not in the thread's language.")]})
    return title


def split(*, thread: Thread, post: Post, title: str, category: Category, moderator: Any) -> Thread:
    """Move `post` and every later post of `thread` into a new thread with `title` in
    `category`; `post` opens it."""
    _moderator(moderator)
    title = _check_split(thread, post, category, title)
    with transaction.atomic():
        thread = _locked(thread.pk)[thread.pk]
        post = Post.objects.select_for_update().get(pk=post.pk)
        _check_split(thread, post, category, title)
        author = post.author
        if author is None:  # refused by _check_split; narrows the type
            raise PermissionDenied
        later = Post.objects.filter(thread=thread).filter(
            Q(created_at__gt=post.created_at) | Q(created_at=post.created_at, pk__gte=post.pk)
        )
        ids = list(later.values_list("pk", flat=True))
        last = later.aggregate(last=Max("created_at"))["last"] or post.created_at
        new = Thread.objects.create(
            category=category,
            kind=thread.kind,
            language=thread.language,
            title=title,
            author=author,
            created_at=post.created_at,
            last_activity_at=last,
            listed=post.state == PostState.VISIBLE,
        )
        Post.objects.filter(pk__in=ids).update(thread=new)
        Post.objects.filter(pk=post.pk).update(opening=True)
        writers = set(Post.objects.filter(pk__in=ids).values_list("author_id", flat=True))
        _carry_follows(thread, new, members={pk for pk in writers if pk is not None})
        _after_split(thread, ids)
        record(
            actor=moderator,
            action="community.thread_split",
            target=thread,
            into=new.pk,
            post=post.pk,
            posts=len(ids),
        )
        search.changed(thread.pk)
        search.changed(new.pk)
    return new


def _after_split(thread: Thread, moved: list[int]) -> None:
    """The old thread loses an accepted or official answer that moved; its last activity is its
    own."""
    fields = ["last_activity_at"]
    if thread.accepted_id in moved:
        thread.accepted = None
        fields.append("accepted")
    if thread.pinned_id in moved:
        thread.pinned = None
        fields.append("pinned")
    remaining = Post.objects.filter(thread=thread).aggregate(last=Max("created_at"))["last"]
    thread.last_activity_at = remaining or thread.created_at
    thread.save(update_fields=fields)
