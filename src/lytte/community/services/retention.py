"""What retention removes from the community (decision 20's kinds; decision 56): not the forum
itself (public posts stay while the forum does) but what members and moderators left around
it. Each finder returns, for a cut-off, the rows past it; `lytte.privacy.retention` registers
them with their default ages and leaves out what a legal hold covers.

- `community_flags`: reports (who reported, why, their note) a moderator resolved before the
  cut-off; open ones are the moderation queue and stay until handled.
- `community_notifications`: the rows that say which member was told of which post.
- `community_hidden_posts`: a post hidden by a moderator before the cut-off loses its text, its
  earlier versions and its images (an opening post its thread's title too); the row stays, so
  the thread keeps its shape. A held post waits for a moderator and is not counted.

Nothing else is kept to purge: the rate limits count the posts and images themselves, and the
forms' timing check is a signed time in the form, stored nowhere. An `Announcement` is deleted
once its members were told."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from lytte.community import search
from lytte.community.following.models import Notification
from lytte.community.images.models import PostImage
from lytte.community.models import Flag, Post, PostState, Revision, Thread


def expired_flags(cutoff: datetime) -> QuerySet[Flag]:
    return Flag.objects.filter(resolved_at__lt=cutoff)


def expired_notifications(cutoff: datetime) -> QuerySet[Notification]:
    return Notification.objects.filter(created_at__lt=cutoff)


def expired_hidden_posts(cutoff: datetime) -> QuerySet[Post]:
    """Hidden before the cut-off and still holding their text (a purged or erased post's is
    empty)."""
    return Post.objects.filter(state=PostState.HIDDEN, hidden_at__lt=cutoff).exclude(body="")


def forget_hidden_posts(posts: QuerySet[Post]) -> int:
    """Their text, earlier versions and images go, and an opening post's thread title."""
    ids = list(posts.values_list("pk", flat=True))
    chosen = Post.objects.filter(pk__in=ids)
    Revision.objects.filter(post__in=ids).delete()
    PostImage.objects.filter(post__in=ids).delete()
    Thread.objects.filter(posts__in=chosen.filter(opening=True)).update(title="")
    for thread_id in set(chosen.values_list("thread_id", flat=True)):
        search.changed(thread_id)
    return int(chosen.update(body="", body_html=""))
