"""The community listens to its own events to tell members by email (decision 48), inside the
writing transaction: the notifications and their mail commit with the post, or not at all."""

from __future__ import annotations

from lytte.community.events import AnswerAccepted, PostEdited, PostReplied, ThreadStarted
from lytte.community.models import Post
from lytte.community.services import notifying
from lytte.platform.events import subscribe


@subscribe(ThreadStarted, within_transaction=True)
def thread_started(event: ThreadStarted) -> None:
    opening = Post.objects.filter(thread_id=event.thread_id, opening=True).values_list(
        "pk", flat=True
    )
    for post_id in opening:
        notifying.post_published(post_id)


@subscribe(PostReplied, within_transaction=True)
def post_replied(event: PostReplied) -> None:
    notifying.post_published(event.post_id)


@subscribe(PostEdited, within_transaction=True)
def post_edited(event: PostEdited) -> None:
    notifying.post_edited(event.post_id)


@subscribe(AnswerAccepted, within_transaction=True)
def answer_accepted(event: AnswerAccepted) -> None:
    if event.post_id is not None:
        notifying.answer_accepted(event.post_id, by_asker=not event.by_staff)
