"""Erasure (decision 20): what the customer wrote in the community goes, as their contacts'
and chats' text does; the rows stay, so threads keep their shape and counts. The member is
shown as "former member"; their posts' text and edit history are emptied, and the titles of
their threads too (each page then shows a placeholder in the reader's language); the images
in their posts are deleted (decision 53). Votes and "same problem" marks carry no text and
stay. What they followed, their notification settings, their notifications and their mail in
the outbox go (decision 48). Quotes of their words in
other people's posts are not searched for, as decision 20 says of other people's texts."""

from __future__ import annotations

from django.utils import timezone

from lytte.community import search
from lytte.community.following.models import Follow, Notification, Preferences
from lytte.community.images.models import PostImage
from lytte.community.models import Member, Post, Revision, Thread
from lytte.community.services.notifying import owner
from lytte.customers.models import Customer
from lytte.platform.notices import forget_owner


def forget_member(customer: Customer) -> None:
    member = Member.objects.filter(customer=customer).first()
    if member is None:
        return
    now = timezone.now()
    Revision.objects.filter(post__author=member).delete()
    PostImage.objects.filter(post__author=member).delete()
    Post.objects.filter(author=member, erased_at__isnull=True).update(
        body="", body_html="", erased_at=now
    )
    Thread.objects.filter(author=member).update(title="")
    # Their words leave the threads' search index too.
    touched = set(Post.objects.filter(author=member).values_list("thread_id", flat=True))
    for thread_id in touched:
        search.changed(thread_id)
    Follow.objects.filter(member=member).delete()
    Notification.objects.filter(member=member).delete()
    Preferences.objects.filter(member=member).delete()
    forget_owner(owner(member))
    Member.objects.filter(pk=member.pk).update(
        display_name="", suspension_reason="", erased_at=member.erased_at or now
    )
