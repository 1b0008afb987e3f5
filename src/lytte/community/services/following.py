"""Follows and notification settings (decision 48): a member follows a thread or a category by
a toggle, and the threads they ask or reply in by themselves unless they turned that off. Every
mail carries a signed link that stops what it was sent for, without signing in."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from lytte.community import policies
from lytte.community.following.models import Delivery, Follow, Preferences
from lytte.community.models import Category, Member, Thread

SALT = "lytte.community.unsubscribe"
MENTIONS = "mentions"  # stop mail about mentions
EVERYTHING = "all"  # stop every mail (the digest's link)


def preferences(member: Member) -> Preferences:
    """The member's settings, or the defaults (unsaved) when they never changed them."""
    found = Preferences.objects.filter(member=member).first()
    return found or Preferences(member=member)


def set_preferences(
    member: Member, *, delivery: str, follow_own: bool, mentions: bool
) -> Preferences:
    if delivery not in Delivery.values:
        raise ValueError(delivery)
    found, _created = Preferences.objects.update_or_create(
        member=member,
        defaults={"delivery": delivery, "follow_own": follow_own, "mentions": mentions},
    )
    return found


def is_following(
    member: Member | None, *, thread: Thread | None = None, category: Category | None = None
) -> bool:
    if member is None:
        return False
    return Follow.objects.filter(member=member, thread=thread, category=category).exists()


def toggle_follow(
    member: Member, *, thread: Thread | None = None, category: Category | None = None
) -> bool:
    """Follow the thread or category, or stop following it; True when the member follows it
    now. A suspended member may still stop, not start."""
    if (thread is None) == (category is None):
        raise ValueError("a thread or a category")
    with transaction.atomic():
        deleted, _by_model = Follow.objects.filter(
            member=member, thread=thread, category=category
        ).delete()
        if deleted:
            return False
        if not policies.can_post(member):
            raise PermissionDenied
        _follow(member, thread=thread, category=category)
    return True


def follow_automatically(member: Member, thread: Thread) -> None:
    """The member asked or replied in `thread`: they follow it, unless they said not to."""
    if preferences(member).follow_own:
        _follow(member, thread=thread)


def _follow(
    member: Member, *, thread: Thread | None = None, category: Category | None = None
) -> None:
    if Follow.objects.filter(member=member, thread=thread, category=category).exists():
        return
    try:
        with transaction.atomic():
            Follow.objects.create(member=member, thread=thread, category=category)
    except IntegrityError:
        pass  # followed meanwhile (two tabs)


def stop_following(member: Member, follow_id: int) -> bool:
    """Stop one of the member's own follows; False when it was not theirs or gone already."""
    deleted, _by_model = Follow.objects.filter(pk=follow_id, member=member).delete()
    return bool(deleted)


def unsubscribe_token(member: Member, what: str) -> str:
    """The signed key of a mail's "stop" link: `what` is a follow's id, MENTIONS or EVERYTHING."""
    return signing.dumps({"m": member.pk, "w": what}, salt=SALT, compress=True)


@dataclass(frozen=True)
class Unsubscribe:
    member: Member
    what: str
    follow: Follow | None  # the follow the link stops, while it exists


def read_token(token: str) -> Unsubscribe | None:
    """What a stop link stops, or None for a forged link or an erased member."""
    try:
        data = signing.loads(token, salt=SALT)
        member_id, what = int(data["m"]), str(data["w"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    member = Member.objects.filter(pk=member_id, erased_at__isnull=True).first()
    if member is None:
        return None
    follow = None
    if what not in (MENTIONS, EVERYTHING):
        if not what.isdigit():
            return None
        follow = (
            Follow.objects.filter(pk=int(what), member=member)
            .select_related("thread", "category")
            .first()
        )
    return Unsubscribe(member=member, what=what, follow=follow)


def unsubscribe(found: Unsubscribe) -> None:
    """Stop what the link was for: the follow, mail about mentions, or every mail. Again does
    nothing more."""
    if found.what == MENTIONS:
        Preferences.objects.update_or_create(member=found.member, defaults={"mentions": False})
    elif found.what == EVERYTHING:
        Preferences.objects.update_or_create(
            member=found.member, defaults={"delivery": Delivery.NEVER}
        )
    elif found.follow is not None:
        Follow.objects.filter(pk=found.follow.pk).delete()
