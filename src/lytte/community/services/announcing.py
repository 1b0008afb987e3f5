"""Telling members of a post, out of the post's transaction (decision 48's fan-out, moved).

A reply to a thread that thousands follow made its writer wait while a row and a mail were
written for each follower inside the posting transaction. Now the transaction writes one
`Announcement` with the post (so no crash can lose it), and `announce_post`, a django-task
enqueued on commit, tells the members: each in a transaction of their own (the `Notification`
and its mail together), so a retry, or the sweep running it again, tells nobody twice (the
notification is unique per member, post and reason, the mail's key per post and member). A
run claims the announcement first (`claimed_until`), so two workers do not both fan out; one
whose worker died is taken again after the claim runs out. The community's schedule runs
what is left (`run_pending`): a task lost before it was queued, or a crashed one."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lytte.community.following.models import Announcement
from lytte.community.services import notifying

CLAIM = timedelta(minutes=15)  # a fan-out in progress; a crashed one runs again after it
LEFT_BEHIND = timedelta(minutes=2)  # an unclaimed announcement older than this lost its task


def announce(post_id: int, kind: str, *, by_asker: bool = False) -> Announcement:
    """In the post's transaction: note that members are to be told, and queue the task for
    when it commits."""
    announcement = Announcement.objects.create(
        post_id=post_id, kind=kind, by_asker=by_asker, created_at=timezone.now()
    )
    transaction.on_commit(lambda: _enqueue(announcement.pk))
    return announcement


def _enqueue(announcement_id: int) -> None:
    from lytte.community.tasks import announce_post  # the task module imports this one

    announce_post.enqueue(announcement_id)


def run(announcement_id: int, now: datetime | None = None) -> bool:
    """Tell the members of one announcement, if nobody else is; False if it was done or is
    being done."""
    now = now or timezone.now()
    claimed = Announcement.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now), pk=announcement_id
    ).update(claimed_until=now + CLAIM)
    if not claimed:
        return False
    announcement = Announcement.objects.get(pk=announcement_id)
    if announcement.kind == Announcement.Kind.PUBLISHED:
        notifying.post_published(announcement.post_id)
    elif announcement.kind == Announcement.Kind.EDITED:
        notifying.post_edited(announcement.post_id)
    else:
        notifying.answer_accepted(announcement.post_id, by_asker=announcement.by_asker)
    Announcement.objects.filter(pk=announcement_id).delete()
    return True


def run_pending(now: datetime | None = None, *, left_behind: timedelta = LEFT_BEHIND) -> int:
    """Run announcements whose task was lost or whose worker died (the schedule's sweep);
    `left_behind=timedelta(0)` runs every one waiting. Returns how many ran."""
    now = now or timezone.now()
    waiting = Announcement.objects.filter(
        Q(claimed_until__isnull=True, created_at__lte=now - left_behind) | Q(claimed_until__lt=now)
    ).order_by("created_at", "pk")
    return sum(run(pk, now) for pk in list(waiting.values_list("pk", flat=True)[:500]))
