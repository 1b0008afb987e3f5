"""Telling members by email (decision 48). A post's fan-out runs after its transaction, in
the `announce_post` task (`services.announcing`), each member in a transaction of their own:
a `Notification` row per member and post, and, for a member who wants one mail a
post, the mail itself as a platform `Notice` (sent by a task after commit, with retries). A
member who wants a daily digest gets one mail a day with everything new (`send_digests`, from
the community's schedule). Never to the post's author, an erased or suspended member, or a
customer without a verified email address; no contact is logged."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lytte.community import mentions
from lytte.community.following.models import Delivery, Follow, Notification, Reason
from lytte.community.models import Member, Post, PostState
from lytte.community.plaintext import excerpt
from lytte.community.services.following import (
    EVERYTHING,
    MENTIONS,
    preferences,
    unsubscribe_token,
)
from lytte.customers.addresses import AddressKind
from lytte.customers.models import ContactPoint
from lytte.platform import notices

DIGEST_HOUR = 7  # local time: the day's digest goes from then on
EXCERPT = 600  # characters of the post's text in the mail


def owner(member: Member) -> str:
    """Whose notices they are, for erasure (`notices.forget_owner`)."""
    return f"community.member:{member.pk}"


def address(member: Member) -> str:
    """The member's verified, working email address, or ""."""
    points = ContactPoint.objects.filter(
        customer_id=member.customer_id,
        kind=AddressKind.EMAIL,
        verified=True,
        failing_since__isnull=True,
    )
    return points.order_by("pk").values_list("value", flat=True).first() or ""


def reachable(member: Member) -> bool:
    return member.erased_at is None and not member.suspended() and bool(address(member))


def _post(post_id: int) -> Post | None:
    return (
        Post.objects.select_related("thread", "thread__category", "author", "staff")
        .filter(pk=post_id, state=PostState.VISIBLE, erased_at__isnull=True)
        .first()
    )


def post_published(post_id: int) -> None:
    """A new public post: mentioned members, then the followers of its thread (a reply) or of
    its category (a new thread), each told once, never its author."""
    post = _post(post_id)
    if post is None or not post.thread.listed:
        return
    told = {post.author_id} if post.author_id else set()
    told |= _tell_mentioned(post, told)
    if post.opening:
        followers = Follow.objects.filter(category_id=post.thread.category_id)
        reason = Reason.THREAD
    else:
        followers = Follow.objects.filter(thread_id=post.thread_id)
        reason = Reason.REPLY
    for follow in followers.exclude(member_id__in=told).select_related("member"):
        tell(follow.member, post, reason, follow=follow)


def post_edited(post_id: int) -> None:
    """An edit tells only members it mentions for the first time (a post mentions once)."""
    post = _post(post_id)
    if post is not None and post.thread.listed:
        _tell_mentioned(post, {post.author_id} if post.author_id else set())


def answer_accepted(post_id: int, *, by_asker: bool) -> None:
    """The thread's followers hear of its accepted answer: not the answer's author, nor the
    asker who chose it."""
    post = _post(post_id)
    if post is None or not post.thread.listed:
        return
    left_out = {post.author_id, post.thread.author_id if by_asker else None} - {None}
    followers = Follow.objects.filter(thread_id=post.thread_id).exclude(member_id__in=left_out)
    for follow in followers.select_related("member"):
        tell(follow.member, post, Reason.ANSWER, follow=follow)


def _tell_mentioned(post: Post, left_out: set[int]) -> set[int]:
    told = set()
    for member in mentions.mentioned(post.body):
        if member.pk not in left_out and preferences(member).mentions:
            tell(member, post, Reason.MENTION)
            told.add(member.pk)
    return told


def tell(member: Member, post: Post, reason: str, *, follow: Follow | None = None) -> None:
    """Note the post for the member once, and queue its mail now if they want one a post."""
    if not reachable(member):
        return
    delivery = preferences(member).delivery
    if delivery == Delivery.NEVER:
        return
    with transaction.atomic():  # the notification and its mail together: a retry skips both
        note, created = Notification.objects.get_or_create(member=member, post=post, reason=reason)
        if not created or delivery != Delivery.INSTANT:
            return
        what = MENTIONS if reason == Reason.MENTION else str(follow.pk if follow else EVERYTHING)
        if _mail(member, f"community:{reason}:{post.pk}:{member.pk}", [note], what):
            Notification.objects.filter(pk=note.pk).update(mailed_at=timezone.now())


def _language(member: Member, fallback: str) -> str:
    """The member's language if the site has it, else the thread's."""
    own = (member.customer.language or "").split("-")[0]
    return own if own in dict(settings.LANGUAGES) else fallback


def _url(path: str) -> str:
    return settings.BASE_URL.rstrip("/") + path


def _item(note: Notification, language: str) -> dict[str, str]:
    post = note.post
    thread = post.thread
    author = post.author.shown_name if post.author else _("Staff")
    title = thread.title or _("(title removed)")
    subjects = {
        Reason.REPLY: _("New reply in “%(title)s”"),
        Reason.ANSWER: _("An answer was accepted in “%(title)s”"),
        Reason.THREAD: _("New in %(category)s: “%(title)s”"),
        Reason.MENTION: _("%(author)s mentioned you in “%(title)s”"),
    }
    path = reverse("community:post", args=[thread.language, thread.pk, post.pk])
    return {
        "subject": subjects[Reason(note.reason)]
        % {"title": title, "author": author, "category": thread.category.localized_name(language)},
        "author": author,
        "excerpt": excerpt(post.body, EXCERPT),  # the text, no Markdown (decision 56)
        "link": _url(path),
    }


def _mail(member: Member, key: str, notes: list[Notification], what: str) -> bool:
    """Queue one mail telling `member` of `notes`, with a link that stops `what`."""
    to = address(member)
    if not to or not notes:
        return False
    language = _language(member, notes[0].post.thread.language)
    token = unsubscribe_token(member, what)
    stop = _url(reverse("community:unsubscribe", args=[language, token]))
    with translation.override(language):
        items = [_item(note, language) for note in notes]
        subject = (
            items[0]["subject"]
            if len(items) == 1
            else _("%(count)s new posts in the community") % {"count": len(items)}
        )
        body = render_to_string(
            "community/email/notice.txt",
            {
                "member": member,
                "items": items,
                "digest": len(notes) > 1 or what == EVERYTHING,
                "what": what,
                "stop": stop,
                "follows": _url(reverse("community:follows", args=[language])),
                "portal_name": settings.PORTAL_NAME,
            },
        )
    queued = notices.queue_notice(
        key=key,
        owner=owner(member),
        to=to,
        language=language,
        subject=f"{settings.PORTAL_NAME}: {subject}",
        body=body,
        headers={  # RFC 8058: the mail client's own "unsubscribe" posts to the link
            "List-Unsubscribe": f"<{stop}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    return queued is not None


def send_digests(now: datetime | None = None) -> int:
    """From DIGEST_HOUR on, one mail a member with what they were not told yet (once a day:
    the day is in the notice's key). Returns how many mails were queued."""
    now = timezone.localtime(now or timezone.now())
    if now.hour < DIGEST_HOUR:
        return 0
    waiting = Notification.objects.filter(mailed_at__isnull=True)
    queued = 0
    for member_id in list(waiting.values_list("member_id", flat=True).distinct()):
        with transaction.atomic():
            queued += _digest(member_id, now)
    return queued


def _digest(member_id: int, now: datetime) -> int:
    member = (
        Member.objects.select_for_update(of=("self",)).select_related("customer").get(pk=member_id)
    )
    notes = list(
        Notification.objects.filter(member=member, mailed_at__isnull=True)
        .select_related("post", "post__thread", "post__thread__category", "post__author")
        .order_by("created_at")
    )
    shown = [n for n in notes if n.post.public and n.post.erased_at is None]
    if not reachable(member) or preferences(member).delivery == Delivery.NEVER or not shown:
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(mailed_at=now)
        return 0
    if not _mail(member, f"community:digest:{member.pk}:{now.date()}", shown, EVERYTHING):
        return 0  # today's digest went already: these wait for tomorrow's
    Notification.objects.filter(pk__in=[n.pk for n in notes]).update(mailed_at=now)
    return 1
