"""What the community announces after its writes commit (lytte.platform.events, decision 26).
The community's own notifications (`community.subscribers`, decision 48) handle them inside the
writing transaction; insights will subscribe too (issue 16)."""

from __future__ import annotations

from dataclasses import dataclass

from lytte.platform.events import DomainEvent


@dataclass(frozen=True)
class ThreadStarted(DomainEvent):
    thread_id: int
    category_id: int
    kind: str


@dataclass(frozen=True)
class PostReplied(DomainEvent):
    thread_id: int
    post_id: int
    by_staff: bool


@dataclass(frozen=True)
class PostEdited(DomainEvent):
    """A public post's text changed (a new @mention in it is told of)."""

    thread_id: int
    post_id: int


@dataclass(frozen=True)
class AnswerAccepted(DomainEvent):
    """`post_id` None: the accepted answer was taken back."""

    thread_id: int
    post_id: int | None
    by_staff: bool


@dataclass(frozen=True)
class AnswerPromoted(DomainEvent):
    """An editor made the thread's accepted answer (`post_id`) the draft `article_id`."""

    thread_id: int
    post_id: int
    article_id: int
