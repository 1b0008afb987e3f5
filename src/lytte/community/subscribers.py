"""The community listens to its own events to tell members by email (decision 48). Inside the
writing transaction it only notes what to tell (`announcing.announce`, one row, so no crash
can lose it); the fan-out to the members runs in a task after commit, so posting stays fast
however many follow the thread."""

from __future__ import annotations

from lytte.community.events import AnswerAccepted, PostEdited, PostReplied, ThreadStarted
from lytte.community.following.models import Announcement
from lytte.community.models import Post
from lytte.community.services.announcing import announce
from lytte.platform.events import subscribe


@subscribe(ThreadStarted, within_transaction=True)
def thread_started(event: ThreadStarted) -> None:
    opening = Post.objects.filter(thread_id=event.thread_id, opening=True).values_list(
        "pk", flat=True
    )
    for post_id in opening:
        announce(post_id, Announcement.Kind.PUBLISHED)


@subscribe(PostReplied, within_transaction=True)
def post_replied(event: PostReplied) -> None:
    announce(event.post_id, Announcement.Kind.PUBLISHED)


@subscribe(PostEdited, within_transaction=True)
def post_edited(event: PostEdited) -> None:
    announce(event.post_id, Announcement.Kind.EDITED)


@subscribe(AnswerAccepted, within_transaction=True)
def answer_accepted(event: AnswerAccepted) -> None:
    if event.post_id is not None:
        announce(event.post_id, Announcement.Kind.ACCEPTED, by_asker=not event.by_staff)
