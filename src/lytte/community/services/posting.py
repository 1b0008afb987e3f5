"""Threads, replies and edits. Every write checks the policy (`lytte.community.policies`) and
the member's rate limit here, whoever calls, and keeps the text a post had before each edit."""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.audit.services import record
from lytte.community import policies, search
from lytte.community.events import PostEdited, PostReplied, ThreadStarted
from lytte.community.images.models import PostImage
from lytte.community.models import (
    Category,
    Member,
    Post,
    PostState,
    Revision,
    Thread,
    ThreadKind,
)
from lytte.community.rendering import post_html
from lytte.community.services.following import follow_automatically
from lytte.community.services.images import Prepared, attach, check_image_rate, without
from lytte.community.services.screening import (
    HELD_IMAGE,
    check_links,
    first_post,
    held_again,
    screen,
)
from lytte.platform.events import publish

# Per member: posts (questions and replies) in a short window, and new threads in an hour.
POSTS_PER_WINDOW = 5
POST_WINDOW = timedelta(minutes=10)
THREADS_PER_HOUR = 3
BODY_LENGTH = 10_000
TITLE_LENGTH = 150


class RateLimited(Exception):
    """The member wrote too much too fast; try again later."""


def check_rate(member: Member, *, new_thread: bool) -> None:
    now = timezone.now()
    recent = Post.objects.filter(author=member, created_at__gte=now - POST_WINDOW).count()
    if recent >= POSTS_PER_WINDOW:
        raise RateLimited
    if new_thread:
        threads = Thread.objects.filter(
            author=member, created_at__gte=now - timedelta(hours=1)
        ).count()
        if threads >= THREADS_PER_HOUR:
            raise RateLimited


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError({"body": [_("Write something first.")]})
    if len(body) > BODY_LENGTH:
        raise ValidationError({"body": [_("That is too long.")]})
    return body


def ask(
    *,
    member: Member,
    category: Category,
    language: str,
    title: str,
    body: str,
    kind: str = ThreadKind.QUESTION,
    image: Prepared | None = None,
) -> Thread:
    """Start a thread: its title and opening post (with an image, `services.images.prepare`)."""
    if not policies.can_post(member):
        raise PermissionDenied
    if category.language and category.language != language:
        raise ValidationError({"category": [_("That category is not in this language.")]})
    title = " ".join(title.split())
    if not title or len(title) > TITLE_LENGTH:
        raise ValidationError({"title": [_("Give it a title of at most 150 characters.")]})
    body = _clean_body(body)
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).get()  # one post at a time
        check_rate(member, new_thread=True)
        if image is not None:
            check_image_rate(member)
        state, because = screen(
            member=member,
            category=category,
            language=language,
            text=f"{title}\n{body}",
            images=int(image is not None),
        )
        now = timezone.now()
        thread = Thread.objects.create(
            category=category,
            kind=kind,
            language=language,
            title=title,
            author=member,
            created_at=now,
            last_activity_at=now,
            listed=state == PostState.VISIBLE,
        )
        opening = Post.objects.create(
            thread=thread,
            author=member,
            opening=True,
            body=body,
            body_html=post_html(body),
            created_at=now,
            state=state,
            held_because=because,
        )
        if image is not None:
            attach(opening, image)
        search.changed(thread.pk)
        follow_automatically(member, thread)
        if thread.listed:  # a held question is announced when a moderator approves it
            publish(ThreadStarted(thread_id=thread.pk, category_id=category.pk, kind=str(kind)))
    return thread


def reply(
    *,
    thread: Thread,
    body: str,
    member: Member | None = None,
    staff: Any = None,
    image: Prepared | None = None,
) -> Post:
    """A reply by a member, or by staff (marked as staff; no rate limit), with an image
    (`services.images.prepare`) if given."""
    as_staff = member is None and policies.is_staff(staff)
    if thread.merged_into_id is not None:  # its posts and address are the target's now
        raise PermissionDenied
    if not as_staff and not policies.can_reply(thread, member):
        raise PermissionDenied
    body = _clean_body(body)
    state, because = str(PostState.VISIBLE), ""
    with transaction.atomic():
        if member is not None and not as_staff:
            Member.objects.select_for_update().filter(pk=member.pk).get()
            check_rate(member, new_thread=False)
            if image is not None:
                check_image_rate(member)
            state, because = screen(
                member=member,
                category=thread.category,
                language=thread.language,
                text=body,
                images=int(image is not None),
            )
        now = timezone.now()
        post = Post.objects.create(
            thread=thread,
            author=None if as_staff else member,
            staff=staff if as_staff else None,
            body=body,
            body_html=post_html(body),
            created_at=now,
            state=state,
            held_because=because,
        )
        if image is not None:
            attach(post, image)
        if member is not None and not as_staff:
            follow_automatically(member, thread)
        if as_staff:
            record(actor=staff, action="community.staff_replied", target=thread, post=post.pk)
        if state == PostState.VISIBLE:  # a held reply is announced when it is approved
            Thread.objects.filter(pk=thread.pk).update(last_activity_at=now)
            search.changed(thread.pk)
            publish(PostReplied(thread_id=thread.pk, post_id=post.pk, by_staff=as_staff))
    return post


def edit(
    *,
    post: Post,
    body: str,
    member: Member | None = None,
    staff: Any = None,
    title: str = "",
    image: Prepared | None = None,
    remove: Collection[int] = (),
) -> Post:
    """Change a post's text (and, for an opening post, the thread's title), add an image
    (`services.images.prepare`) or take some of its images away (`remove`: their ids; they are
    deleted). The text before is kept as a `Revision`. An image added by its member author is
    limited and screened as in a new post: their first post with an image waits for review."""
    if not policies.can_edit(post, member=member, staff=staff):
        raise PermissionDenied
    body = _clean_body(body)
    author = member if member is not None and post.author_id == member.pk else None
    if author is not None:
        check_links(author, body)  # an edit may not bring in what a new post could not
    title = " ".join(title.split())
    if post.opening and (not title or len(title) > TITLE_LENGTH):
        raise ValidationError({"title": [_("Give it a title of at most 150 characters.")]})
    with transaction.atomic():
        if author is not None:  # one post (and image) at a time, as in posting
            Member.objects.select_for_update().filter(pk=author.pk).get()
        post = Post.objects.select_for_update().get(pk=post.pk)
        thread = post.thread
        removed = list(post.images.filter(pk__in=remove))
        body = _clean_body(without(body, removed))
        same = body == post.body and (not post.opening or title == thread.title)
        if same and image is None and not removed:
            return post
        if author is not None and image is not None:
            check_image_rate(author)
        _revise(post, body)
        PostImage.objects.filter(pk__in=[found.pk for found in removed]).delete()
        if image is not None:
            attach(post, image)
            visible = post.state == PostState.VISIBLE
            if author is not None and visible and first_post(author, besides=post):
                _hold(post, thread, HELD_IMAGE)
        if post.opening:
            Thread.objects.filter(pk=thread.pk).update(title=title)
        search.changed(thread.pk)
        if post.public:
            publish(PostEdited(thread_id=thread.pk, post_id=post.pk))
    return post


def _revise(post: Post, body: str) -> None:
    """Keep the post's text as a revision and give it the new one."""
    now = timezone.now()
    Revision.objects.create(
        post=post,
        body=post.body,
        written_at=post.edited_at or post.created_at,
        replaced_at=now,
    )
    post.body, post.body_html, post.edited_at = body, post_html(body), now
    post.save(update_fields=["body", "body_html", "edited_at"])


def _hold(post: Post, thread: Thread, because: str) -> None:
    """A public post goes back to wait for a moderator (an opening post takes its thread off
    the lists); approving it announces the edit, not a new post (`moderation.approve`)."""
    post.state, post.held_because = PostState.HELD, held_again(because)
    post.save(update_fields=["state", "held_because"])
    if post.opening:
        Thread.objects.filter(pk=thread.pk).update(listed=False)
